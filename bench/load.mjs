// A small HTTP load generator, run as its own process so its CPU is not the server's:
//   node bench/load.mjs '<json>'  with { url, headers, paths: [..] | pathTemplate, method, body, concurrency, durationMs }
// Prints one JSON line: { requests, errors, statuses, rps, p50, p99 } (latencies in ms).
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const cfg = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.concurrency });
const target = new URL(cfg.url);
const latencies = [];
const statuses = {};
let errors = 0;
let seq = 0;

function pathFor(i) {
  if (cfg.paths) return cfg.paths[i % cfg.paths.length];
  return cfg.pathTemplate.replace('{n}', String(1 + ((Math.imul(i + 1, 2654435761) >>> 0) % cfg.range)));
}

function once() {
  return new Promise((resolve) => {
    const i = seq++;
    const body = cfg.body ? JSON.stringify(cfg.body).replace('"{n}"', String(1 + (i % 500))) : undefined;
    const t = performance.now();
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: cfg.method ?? 'GET',
        path: pathFor(i),
        headers: {
          ...(cfg.headers ?? {}),
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - t);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          resolve();
        });
      },
    );
    req.on('error', () => {
      errors++;
      resolve();
    });
    if (body) req.write(body);
    req.end();
  });
}

const start = performance.now();
const end = start + cfg.durationMs;
await Promise.all(
  Array.from({ length: cfg.concurrency }, async () => {
    while (performance.now() < end) await once();
  }),
);
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) =>
  latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
console.log(
  JSON.stringify({
    requests: latencies.length,
    errors,
    statuses,
    rps: latencies.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
  }),
);
agent.destroy();
