// Farm benchmark (issue 13): compare one site across 10 servers (10 instances of the real server on
// loopback, each on its own generated root), preview one change on all and apply it with the
// preview's ETags, against each server alone through the same console. The servers are asked in
// parallel, so the goal is: within 2× of the slowest single server. Printed as ratios measured in the
// same run.
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
    `## Farm (${servers} servers on loopback, ${sites} sites each; compare, preview and apply ${SITE}, median of ${rounds})`,
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
    const change = (list) => ({ path: SITE, servers: list, changes: { timeout } });
    const post = (route, body) =>
      fetch(new URL(route, local.url), { method: 'POST', headers: json, body: JSON.stringify(body) });
    const preview = (list) => () => post('/api/farm/session-state/preview', change(list));
    // Apply as Apply to Servers… does it: with the ETags of a preview made just before (not timed).
    const apply = async (list) => {
      timeout++;
      const previewed = await (await post('/api/farm/session-state/preview', change(list))).json();
      const etags = Object.fromEntries(previewed.results.map((r) => [r.id, r.etag]));
      return async () => {
        const res = await post('/api/farm/session-state', { ...change(list), etags });
        if (res.ok && !(await res.clone().json()).allApplied)
          throw new Error(`not applied: ${await res.text()}`);
        return res;
      };
    };
    // Warm every server (its first read of the root) and the console's connections.
    await timed(compare(ids));
    const measure = async (make) => {
      const xs = [];
      for (let r = 0; r < rounds; r++) xs.push(await timed(await make()));
      return median(xs);
    };
    const single = { compare: [], preview: [], apply: [] };
    for (const id of ids) {
      single.compare.push(await measure(() => compare([id])));
      single.preview.push(await measure(() => preview([id])));
      single.apply.push(await measure(() => apply([id])));
    }
    const all = {
      compare: await measure(() => compare(ids)),
      preview: await measure(() => preview(ids)),
      apply: await measure(() => apply(ids)),
    };
    const slowest = (xs) => Math.max(...xs);
    const line = (what, all, single) =>
      `${what}: all ${servers} ${all.toFixed(1)} ms; one server alone ${Math.min(...single).toFixed(1)}–${slowest(single).toFixed(1)} ms ` +
      `→ ${(all / slowest(single)).toFixed(2)}× the slowest single server (goal ≤ 2×)`;
    for (const what of ['compare', 'preview', 'apply']) console.log(line(what, all[what], single[what]));
  } finally {
    for (const child of children) child.kill();
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
