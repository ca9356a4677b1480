// `npm run bench`: every benchmark of the product, each printing its figures as ratios against a
// baseline measured in the same process. Not a test: nothing here asserts a time.
import { cpus, totalmem } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`# IIS Console benchmarks`);
console.log(
  `machine: ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${new Date().toISOString()}\n`,
);

const only = process.argv.slice(2);
const benches = ['config', 'engine', 'server', 'state-server', 'console', 'config-editor', 'farm'];
for (const name of benches) {
  if (only.length && !only.includes(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
  if (!existsSync(file)) continue;
  const mod = await import(pathToFileURL(file).href);
  await mod.run();
  console.log('');
}
