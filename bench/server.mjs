// API server benchmark (issue 3): requests per second and p50/p99 latency of the Session State GET and
// PATCH and of the overview, on a 10,000-site root, under concurrent load from a second process on
// loopback. The baseline, measured in the same run, is GET /api/health (the framework's floor).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { bearer, REPO, startServer } from './support.mjs';
import { generateRoot } from './generate-root.mjs';

function load(cfg) {
  const r = spawnSync(process.execPath, [join(REPO, 'bench/load.mjs'), JSON.stringify(cfg)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export async function run({ sites = 10000, concurrency = 10, durationMs = 3000 } = {}) {
  console.log(
    `## API server (${sites} sites, ${concurrency} connections from a second process, ${durationMs / 1000} s each)`,
  );
  const root = mkdtempSync(join(tmpdir(), 'iisconsole-bench-server-'));
  generateRoot(root, { sites });
  const { child, url } = await startServer(root, { IISCONSOLE_RATE_LIMIT: '100000000' });
  try {
    const token = await bearer(url);
    const headers = { authorization: `Bearer ${token}` };
    // The first overview computes every site (cold, in the worker thread, which starts computing when
    // the server starts); later ones re-check files and reuse answers. One GET warms the main thread.
    await fetch(new URL('/api/config/session-state?path=Site1', url), { headers });
    let t = performance.now();
    await fetch(new URL('/api/overview/session-state?page=1&pageSize=50', url), { headers });
    const coldOverview = performance.now() - t;
    const cases = [
      ['GET /api/health (baseline)', { pathTemplate: '/api/health', range: 1 }],
      [
        'GET /api/config/session-state',
        { pathTemplate: '/api/config/session-state?path=Site{n}', range: sites },
      ],
      [
        'PATCH /api/config/session-state',
        {
          method: 'PATCH',
          pathTemplate: '/api/config/session-state?path=Site{n}',
          range: sites,
          body: { timeout: '{n}' },
          extraHeaders: { 'if-match': '*' },
        },
      ],
      [
        'GET /api/overview/session-state',
        { pathTemplate: '/api/overview/session-state?page={n}&pageSize=50', range: Math.ceil(sites / 50) },
      ],
    ];
    let base;
    const lines = [
      `first overview after start (${sites} sites, computed in the worker since start): ${coldOverview.toFixed(0)} ms`,
    ];
    for (const [name, c] of cases) {
      const r = load({
        url,
        headers: { ...headers, ...(c.extraHeaders ?? {}) },
        concurrency,
        durationMs,
        ...c,
      });
      base ??= r.rps;
      const bad = Object.entries(r.statuses).filter(([s]) => !s.startsWith('2'));
      lines.push(
        `${name}: ${r.rps.toFixed(0)} req/s (${(r.rps / base).toFixed(3)}× baseline), p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms` +
          (bad.length || r.errors
            ? ` — non-2xx: ${JSON.stringify(Object.fromEntries(bad))}, errors ${r.errors}`
            : ''),
      );
    }
    for (const l of lines) console.log(l);
    return lines;
  } finally {
    child.kill('SIGTERM');
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
