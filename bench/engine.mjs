// Benchmarks of the configuration engine (any section), each against a limit measured in the same
// process:
//  1. one attribute edit through the engine (ConfigEngine.apply: plan, splice, self-check, history,
//     atomic write) of a large applicationHost.config — the corpus's 212 KB file when the corpus is
//     there, else a generated one of similar shape — and of a generated 10,000-site
//     applicationHost.config, against the limit: fast-xml-parser parse of the file + a plain atomic
//     write of it + the history copy of the same bytes (goal: within 2× of that limit);
//  2. reading a collection-heavy section (system.applicationHost/sites) of the 10,000-site root.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { largeApplicationHost } from './corpus.mjs';
import { generateRoot } from './generate-root.mjs';
import { median } from './support.mjs';

const dist = (p) => pathToFileURL(fileURLToPath(new URL(p, import.meta.url))).href;
const config = await import(dist('../packages/config/dist/index.js'));
const { writeFileAtomicSync } = await import(dist('../packages/atomic-write/dist/index.js'));

const ms = (x) => `${x.toFixed(1)} ms`;
const APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config';

/** The limit of one edit: parse the file, write it atomically, and write the history copy. */
function limitOnce(file, historyFile) {
  const t = performance.now();
  const text = readFileSync(file, 'utf8');
  new XMLParser({ ignoreAttributes: false }).parse(text);
  writeFileAtomicSync(file, text);
  writeFileAtomicSync(historyFile, text);
  return performance.now() - t;
}

/** Median of `runs` engine edits (each a real commit with history), toggling one attribute. */
function engineEdits(dir, section, sitePath, attribute, values, runs = 15) {
  const system = new config.ConfigurationSystem(dir);
  const engine = new config.ConfigEngine(system);
  engine.getSection(section, sitePath, { client: 'appcmd' }); // warm: the parse a running console keeps
  const times = [];
  const limits = [];
  // The limit works on a copy: writing the engine's own file would make its next edit read it anew.
  const copy = join(dir, 'limit.config');
  const historyFile = join(dir, 'limit-history.config');
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    engine.apply(
      section,
      sitePath,
      { attributes: { [attribute]: values[i % values.length] } },
      { client: 'appcmd' },
    );
    times.push(performance.now() - t);
    writeFileSync(copy, readFileSync(join(dir, APPHOST)));
    limits.push(limitOnce(copy, historyFile));
  }
  return { edit: median(times.slice(1)), limit: median(limits.slice(1)) };
}

export async function run() {
  const lines = [];
  const say = (s) => {
    lines.push(s);
    console.log(s);
  };
  say('## Configuration engine');

  const large = largeApplicationHost();
  const dir1 = mkdtempSync(join(tmpdir(), 'iisconsole-bench-engine-'));
  try {
    mkdirSync(join(dir1, APPHOST, '..'), { recursive: true });
    mkdirSync(join(dir1, 'inetpub/history'), { recursive: true });
    writeFileSync(join(dir1, APPHOST), large.bytes);
    const r = engineEdits(dir1, 'system.webServer/directoryBrowse', '', 'enabled', ['true', 'false']);
    say(
      `engine edit of a ${Math.round(large.bytes.length / 1024)} KB applicationHost.config (${large.label}): ${ms(r.edit)}; ` +
        `limit (parse + atomic write + history copy) ${ms(r.limit)} → ${(r.edit / r.limit).toFixed(2)}× (goal ≤ 2×)`,
    );
  } finally {
    rmSync(dir1, { recursive: true, force: true });
  }

  const dir2 = mkdtempSync(join(tmpdir(), 'iisconsole-bench-engine-10k-'));
  try {
    generateRoot(dir2, { sites: 10000 });
    const size = readFileSync(join(dir2, APPHOST)).length;
    const e = engineEdits(dir2, 'system.webServer/directoryBrowse', '', 'enabled', ['true', 'false'], 9);
    say(
      `engine edit of the 10,000-site applicationHost.config (${Math.round(size / 1024)} KB): ${ms(e.edit)}; ` +
        `limit ${ms(e.limit)} → ${(e.edit / e.limit).toFixed(2)}× (goal ≤ 2×)`,
    );
    const system = new config.ConfigurationSystem(dir2);
    const engine = new config.ConfigEngine(system);
    const t0 = performance.now();
    const sites = engine.getSection('system.applicationHost/sites', '', { client: 'appcmd' });
    const cold = performance.now() - t0;
    const warm = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      engine.getSection('system.applicationHost/sites', '', { client: 'appcmd' });
      warm.push(performance.now() - t);
    }
    say(
      `read system.applicationHost/sites (${sites.collection.items.length} sites with bindings and applications): ` +
        `first ${ms(cold)} (includes the parse), again ${ms(median(warm))}`,
    );
  } finally {
    rmSync(dir2, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
