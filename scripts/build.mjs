// Builds every workspace: TypeScript project references (tsc -b, incremental), then the console bundle.
// `--if-needed` skips the console bundle when it is newer than every source file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTypeScript } from './typescript-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ifNeeded = process.argv.includes('--if-needed');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const tscStatus = buildTypeScript();
if (tscStatus !== 0) process.exit(tscStatus);

const consoleDir = join(root, 'apps/console');
if (existsSync(join(consoleDir, 'vite.config.ts'))) {
  const built = join(consoleDir, 'dist/index.html');
  const fresh =
    existsSync(built) &&
    statSync(built).mtimeMs >=
      Math.max(
        newestMtime(join(consoleDir, 'src')),
        // The workspace packages the console bundles from source.
        ...['contracts', 'config-common'].map((name) => newestMtime(join(root, 'packages', name, 'src'))),
      );
  if (!(ifNeeded && fresh))
    run(process.execPath, [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      consoleDir,
      '--logLevel',
      'warn',
    ]);
}
