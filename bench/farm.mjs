// Farm benchmark (issue 13): compare one site across 10 servers (10 instances of the real server on
// loopback, each on its own generated root) and apply one change to all, against each server alone
// through the same console. The servers are asked in parallel, so the goal is: within 2× of the
// slowest single server. Printed as ratios measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { generateRoot } from './generate-root.mjs';
import { bearer, median, startServer } from './support.mjs';

const SITE = 'Site1';

async function timed(fn) {
  const t = performance.now();
  const res = await fn();
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return performance.now() - t;
}

export async function run({ servers = 10, sites = 200, rounds = 7 } = {}) {
  console.log(
    `## Farm (${servers} servers on loopback, ${sites} sites each; compare and apply ${SITE}, median of ${rounds})`,
  );
  const roots = [];
  const children = [];
  try {
    const started = await Promise.all(
      Array.from({ length: servers }, async () => {
        const root = mkdtempSync(join(tmpdir(), 'iisconsole-bench-farm-'));
        roots.push(root);
        generateRoot(root, { sites });
        const s = await startServer(root, { IISCONSOLE_RATE_LIMIT: '100000000' });
        children.push(s.child);
        return s;
      }),
    );
    const [local, ...others] = started;
    const auth = { authorization: `Bearer ${await bearer(local.url)}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const ids = ['local'];
    for (const [i, other] of others.entries()) {
      const res = await fetch(new URL('/api/servers', local.url), {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: `web${i + 2}`, url: other.url, token: await bearer(other.url) }),
      });
      if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
      ids.push((await res.json()).id);
    }
    const compare = (list) => () =>
      fetch(new URL(`/api/farm/session-state?path=${SITE}&servers=${list.join(',')}`, local.url), {
        headers: auth,
      });
    let timeout = 20;
    const apply = (list) => () =>
      fetch(new URL('/api/farm/session-state', local.url), {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ path: SITE, servers: list, changes: { timeout: timeout++ } }),
      });
    // Warm every server (its first read of the root) and the console's connections.
    await timed(compare(ids));
    const measure = async (make) => {
      const xs = [];
      for (let r = 0; r < rounds; r++) xs.push(await timed(make()));
      return median(xs);
    };
    const singleCompare = [];
    const singleApply = [];
    for (const id of ids) {
      singleCompare.push(await measure(() => compare([id])));
      singleApply.push(await measure(() => apply([id])));
    }
    const allCompare = await measure(() => compare(ids));
    const allApply = await measure(() => apply(ids));
    const slowest = (xs) => Math.max(...xs);
    const line = (what, all, single) =>
      `${what}: all ${servers} ${all.toFixed(1)} ms; one server alone ${Math.min(...single).toFixed(1)}–${slowest(single).toFixed(1)} ms ` +
      `→ ${(all / slowest(single)).toFixed(2)}× the slowest single server (goal ≤ 2×)`;
    console.log(line('compare', allCompare, singleCompare));
    console.log(line('apply', allApply, singleApply));
  } finally {
    for (const child of children) child.kill();
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
