// Benchmarks of the configuration system (issue 2), each against a baseline run in the same process:
//  1. effective session state of every site and application of a generated root (N = 1,000 and
//     10,000), cold (new ConfigurationSystem) and warm (second call: every file re-checked), against
//     reading and parsing the same files with fast-xml-parser alone;
//  2. one edit of a > 200 KB applicationHost.config (parse, splice, verify, history, atomic write)
//     against a plain atomic write of the same bytes: the corpus's 212 KB file when the corpus is
//     there (IISCONSOLE_CORPUS), else a generated one of similar shape.
import { mkdtempSync, readFileSync, rmSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { largeApplicationHost } from './corpus.mjs';
import { generateRoot } from './generate-root.mjs';
import { median } from './support.mjs';

const config = await import(
  pathToFileURL(fileURLToPath(new URL('../packages/config/dist/index.js', import.meta.url))).href
);

const ms = (x) => `${x.toFixed(1)} ms`;

function configFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.config')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** CPU time of this process (all its threads, user and system) in ms: steadier than wall time on a busy machine. */
const cpuMs = (since) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

function baselineParse(files) {
  const parser = new XMLParser({ ignoreAttributes: false });
  const c = process.cpuUsage();
  const t = performance.now();
  for (const f of files) parser.parse(readFileSync(f, 'utf8'));
  return { wall: performance.now() - t, cpu: cpuMs(c) };
}

function effectiveRun(dir) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const system = new config.ConfigurationSystem(dir);
  const overview = new config.SessionStateOverview(system);
  const entries = overview.entries();
  const cold = performance.now() - t0;
  const coldCpu = cpuMs(c0);
  const warms = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    overview.entries();
    warms.push(performance.now() - t);
  }
  return { cold, coldCpu, warm: median(warms), levels: entries.length };
}

/** A page of the overview as the server's worker answers it: folders watched, no stat per file. */
async function watchedPages(dir) {
  const system = new config.ConfigurationSystem(dir, { watchFiles: true });
  const overview = new config.SessionStateOverview(system);
  overview.entries();
  await new Promise((r) => setTimeout(r, 50));
  const pages = [];
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setImmediate(r));
    const t = performance.now();
    overview.query({ page: 1 + (i % 5), pageSize: 50, sort: 'path' });
    pages.push(performance.now() - t);
  }
  system.close();
  return median(pages);
}

/** The corpus's 212 KB applicationHost.config when the corpus is there, else a generated one. */
export async function run({ sizes = [1000, 10000] } = {}) {
  const lines = [];
  const say = (s) => {
    lines.push(s);
    console.log(s);
  };
  say('## Configuration system');
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `iisconsole-bench-${n}-`));
    try {
      generateRoot(dir, { sites: n });
      const files = configFiles(dir);
      // Warm the page cache and the JIT for both sides, then alternate baseline and product 5 times.
      baselineParse(files);
      const base = [];
      const baseCpu = [];
      const cold = [];
      const coldCpu = [];
      const warm = [];
      let levels = 0;
      for (let i = 0; i < 5; i++) {
        const bl = baselineParse(files);
        base.push(bl.wall);
        baseCpu.push(bl.cpu);
        const r = effectiveRun(dir);
        cold.push(r.cold);
        coldCpu.push(r.coldCpu);
        warm.push(r.warm);
        levels = r.levels;
      }
      const b = median(base);
      const c = median(cold);
      const cpuRatio = median(coldCpu) / median(baseCpu);
      const w = median(warm);
      const page = await watchedPages(dir);
      say(
        `effective sessionState, ${n} sites (${levels} sites+applications, ${files.length} files): ` +
          `baseline fast-xml-parser read+parse ${ms(b)}; cold ${ms(c)} (${(c / b).toFixed(2)}× baseline${n >= 10000 ? ', goal ≤ 1.5×' : ''}; CPU time ${cpuRatio.toFixed(2)}×); ` +
          `warm, every file stat'ed ${ms(w)}; warm page with watched folders ${page.toFixed(2)} ms (goal < 5 ms)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // One edit of a large applicationHost.config against a plain atomic write of the same bytes.
  const { bytes: apphostBytes, label } = largeApplicationHost();
  say(`large applicationHost.config: ${label}`);
  const dir = mkdtempSync(join(tmpdir(), 'iisconsole-bench-edit-'));
  try {
    const root = new config.SystemDriveRoot(dir);
    const apphost = join(dir, 'Windows/System32/inetsrv/config/applicationHost.config');
    mkdirSync(join(apphost, '..'), { recursive: true });
    writeFileSync(apphost, apphostBytes);
    const committer = new config.ConfigCommitter(root, { maxHistories: 10 });
    const edits = [];
    const plains = [];
    for (let i = 0; i < 31; i++) {
      const t0 = performance.now();
      const bytes = readFileSync(apphost);
      const text = config.decodeConfigText(bytes, apphost);
      const doc = config.ConfigDocument.parse(text, apphost);
      const { text: next } = config.editSection(doc, {
        sectionPath: ['system.web', 'sessionState'],
        location: 'Default Web Site',
        set: [['timeout', String(20 + (i % 7))]],
        remove: [],
      });
      committer.commit([
        { path: apphost, expectedHash: config.sha256(bytes), bytes: config.encodeConfigText(next) },
      ]);
      edits.push(performance.now() - t0);

      const same = readFileSync(apphost);
      const t1 = performance.now();
      config.atomicWriteFile(apphost, same);
      plains.push(performance.now() - t1);
    }
    const e = median(edits.slice(1));
    const p = median(plains.slice(1));
    say(
      `edit of the ${Math.round(apphostBytes.length / 1024)} KB applicationHost.config (parse, splice, verify, history, atomic write): ${ms(e)}; ` +
        `plain atomic write of the same bytes ${ms(p)} (${(e / p).toFixed(2)}× a bare write, for reference; ` +
        `the goal is against parse + write + history copy: see the engine benchmark)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  await run(sizes.length ? { sizes } : undefined);
}
