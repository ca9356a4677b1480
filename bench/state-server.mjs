// The state service against Debian's redis-server, same load generator, same run (issue: state
// service benchmark). One session cycle = what ASP.NET does per read/write page: GET with
// `Exclusive: acquire`, then PUT with the lock cookie (set-and-release). Redis does the same work
// as GET + SET of a value of the same size. Each connection owns one session key, so locks never
// collide and both servers see the same access pattern. Both servers are child processes on
// loopback; the load generator is this process, with one hand-written client per protocol in the
// same style (Buffer parsing, one write per request), so its own cost weighs on both alike.
//
//   node bench/state-server.mjs [--duration-ms 3000]
//
// Reports per case: cycles/s, p50/p99 cycle latency, and each server process's own CPU time per
// cycle from /proc/<pid>/stat (utime + stime over the measured window). Not a test: nothing here
// asserts a time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${ROOT}packages/state-server/bin/aspnet-state.js`;
const DIST = `${ROOT}packages/state-server/dist/main.js`;
const CLOCK_TICKS_PER_SECOND = 100;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('Content-Length: ');
const LOCK_COOKIE = Buffer.from('LockCookie: ');

// ---------------------------------------------------------------------------------------------
// Process helpers

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** utime + stime of a process in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(pid) {
  if (!hasProcStat()) return NaN; // not Linux: the report says CPU time is unavailable
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  return Number(fields[11]) + Number(fields[12]);
}

function hasProcStat() {
  return existsSync(`/proc/${process.pid}/stat`);
}

function waitForLine(child, pattern, what) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), 10_000);
    const onData = (chunk) => {
      out += chunk.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${out}`)));
  });
}

async function startStateServer(extraArgs = [], name = 'aspnet-state') {
  if (!existsSync(DIST)) {
    const build = spawnSync(
      process.execPath,
      [`${ROOT}node_modules/typescript7/bin/tsc`, '-b', 'packages/state-server'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    if (build.status !== 0) throw new Error('building packages/state-server failed');
  }
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, '--port', String(port), '--host', '127.0.0.1', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForLine(child, /listening on/, name);
  return { name, child, port, pids: [child.pid] };
}

/** bench/state-server-floor.mjs: a Node.js server that frames requests and answers prebuilt bytes. */
async function startFloor(size) {
  const port = await freePort();
  const child = spawn(process.execPath, [`${ROOT}bench/state-server-floor.mjs`, String(port), String(size)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForLine(child, /listening on/, 'node floor');
  return { name: 'node floor', child, port, pids: [child.pid] };
}

function hasRedis() {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function startRedis() {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  child.stdout.resume();
  // redis prints nothing at loglevel warning; wait until it answers PING.
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const socket = await open(port);
      await new Promise((resolve, reject) => {
        socket.once('data', (d) =>
          d.toString().startsWith('+PONG') ? resolve() : reject(new Error(d.toString())),
        );
        socket.write('*1\r\n$4\r\nPING\r\n');
      });
      socket.destroy();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start: ${error.message}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { name: 'redis-server', child, port, pids: [child.pid] };
}

function stop(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', resolve);
    server.child.kill('SIGTERM');
  });
}

function open(port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The two protocols. Each has `first()` / `second(state)` request builders and a `parse(buffer)`
// that returns { end, status, cookie } for one complete answer at offset 0, or null.

function decimalAfter(buffer, needle, from, to) {
  const at = buffer.indexOf(needle, from);
  if (at < 0 || at > to) return -1;
  let value = 0;
  for (let i = at + needle.length; i < to; i++) {
    const d = buffer[i] - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  return value;
}

function stateProtocol(key, body, port) {
  const target = encodeURIComponent(key).replace(/%2F/g, '%2f');
  const host = `Host: 127.0.0.1:${port}\r\n`;
  return {
    setup: () =>
      Buffer.concat([
        Buffer.from(
          `PUT ${target} HTTP/1.1\r\n${host}LockCookie: 0\r\nTimeout: 20\r\nContent-Length: ${body.length}\r\n\r\n`,
        ),
        body,
      ]),
    first: () => Buffer.from(`GET ${target} HTTP/1.1\r\n${host}Exclusive: acquire\r\n\r\n`),
    second: (cookie) =>
      Buffer.concat([
        Buffer.from(
          `PUT ${target} HTTP/1.1\r\n${host}LockCookie: ${cookie}\r\nTimeout: 20\r\nContent-Length: ${body.length}\r\n\r\n`,
        ),
        body,
      ]),
    parse(buffer) {
      const headEnd = buffer.indexOf(HEAD_END);
      if (headEnd < 0) return null;
      const length = decimalAfter(buffer, CONTENT_LENGTH, 0, headEnd);
      const end = headEnd + 4 + Math.max(length, 0);
      if (buffer.length < end) return null;
      const status = (buffer[9] - 48) * 100 + (buffer[10] - 48) * 10 + (buffer[11] - 48);
      return { end, status, cookie: decimalAfter(buffer, LOCK_COOKIE, 0, headEnd), size: length };
    },
  };
}

function redisProtocol(key, body) {
  const k = Buffer.from(key);
  const set = () =>
    Buffer.concat([
      Buffer.from(`*3\r\n$3\r\nSET\r\n$${k.length}\r\n${key}\r\n$${body.length}\r\n`),
      body,
      CRLF,
    ]);
  return {
    setup: set,
    first: () => Buffer.from(`*2\r\n$3\r\nGET\r\n$${k.length}\r\n${key}\r\n`),
    second: () => set(),
    parse(buffer) {
      const lineEnd = buffer.indexOf(CRLF);
      if (lineEnd < 0) return null;
      if (buffer[0] === 0x24 /* $ */) {
        const length = Number(buffer.toString('latin1', 1, lineEnd));
        const end = length < 0 ? lineEnd + 2 : lineEnd + 2 + length + 2;
        if (buffer.length < end) return null;
        return { end, status: length < 0 ? 404 : 200, cookie: 0, size: Math.max(length, 0) };
      }
      return { end: lineEnd + 2, status: buffer[0] === 0x2b /* + */ ? 200 : 500, cookie: 0, size: 0 };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The load generator: one closed loop per connection, cycle after cycle.

class Loop {
  constructor(socket, protocol, bodySize) {
    this.socket = socket;
    this.protocol = protocol;
    this.bodySize = bodySize;
    this.pending = null;
    this.step = 0;
    this.onAnswer = null;
    socket.on('data', (chunk) => this.onData(chunk));
  }

  onData(chunk) {
    let buffer = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const answer = this.protocol.parse(buffer);
      if (answer === null) break;
      buffer = buffer.subarray(answer.end);
      this.onAnswer(answer);
    }
    this.pending = buffer.length > 0 ? buffer : null;
  }

  request(bytes) {
    return new Promise((resolve, reject) => {
      this.onAnswer = (answer) =>
        answer.status === 200 ? resolve(answer) : reject(new Error(`status ${answer.status}`));
      this.socket.write(bytes);
    });
  }

  /** Runs cycles until `stopAt`; records latencies of cycles that start at or after `measureFrom`. */
  async run(measureFrom, stopAt, latencies, counts) {
    for (;;) {
      const started = performance.now();
      if (started >= stopAt) return;
      const read = await this.request(this.protocol.first());
      if (read.size !== this.bodySize) throw new Error(`read ${read.size} bytes, expected ${this.bodySize}`);
      await this.request(this.protocol.second(read.cookie));
      const finished = performance.now();
      if (started >= measureFrom && finished <= stopAt) {
        latencies.push(finished - started);
        counts.cycles++;
      }
    }
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(server, makeProtocol, bodySize, connections, durationMs, warmupMs) {
  const body = Buffer.alloc(bodySize, 0x61);
  const loops = [];
  for (let i = 0; i < connections; i++) {
    const key = `/LM/W3SVC/1/ROOT/Bench(Zm9vYmFyYmF6cXV4cXV1eA==)/${String(i).padStart(24, 'a')}`;
    const protocol = makeProtocol(key, body, server.port);
    const loop = new Loop(await open(server.port), protocol, bodySize);
    await loop.request(protocol.setup());
    loops.push(loop);
  }
  const latencies = [];
  const counts = { cycles: 0 };
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const stopAt = measureFrom + durationMs;
  // Server CPU: every process the server consists of (the Redis store: the service and redis-server).
  const ticksOf = () => server.pids.map((pid) => cpuTicks(pid));
  let startTicks = server.pids.map(() => 0);
  const cpuAtStart = new Promise((resolve) => setTimeout(() => resolve((startTicks = ticksOf())), warmupMs));
  await Promise.all(loops.map((loop) => loop.run(measureFrom, stopAt, latencies, counts)));
  await cpuAtStart;
  const endTicks = ticksOf();
  const perProcess = endTicks.map((end, i) => end - (startTicks[i] ?? 0));
  const cpuStart = 0;
  const cpuEnd = perProcess.reduce((sum, t) => sum + t, 0);
  for (const loop of loops) loop.socket.destroy();
  latencies.sort((a, b) => a - b);
  const seconds = durationMs / 1000;
  const cpuSeconds = (cpuEnd - cpuStart) / CLOCK_TICKS_PER_SECOND;
  return {
    cyclesPerSecond: counts.cycles / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMicrosPerCycle: counts.cycles > 0 ? (cpuSeconds * 1e6) / counts.cycles : NaN,
    cpuShare: cpuSeconds / seconds,
    /** CPU µs per cycle of each process of the server, in `server.pids` order. */
    cpuMicrosPerCycleByProcess: perProcess.map((t) =>
      counts.cycles > 0 ? ((t / CLOCK_TICKS_PER_SECOND) * 1e6) / counts.cycles : NaN,
    ),
  };
}

// ---------------------------------------------------------------------------------------------

const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';

function describe(name, r) {
  return (
    `${name.padEnd(12)} ${fmt(r.cyclesPerSecond).padStart(8)} cycles/s  p50 ${fmt(r.p50, 3)} ms  p99 ${fmt(r.p99, 3)} ms  ` +
    `cpu ${fmt(r.cpuMicrosPerCycle, 1)} µs/cycle (${fmt(r.cpuShare * 100)} % of a core)`
  );
}

export async function run({
  durationMs = 3000,
  warmupMs = 500,
  sizes = [1024, 16 * 1024],
  concurrency = [1, 50],
  log = console.log,
} = {}) {
  log('## state service (MS-ASP) vs redis-server: session cycle = acquire + store');
  log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; Node ${process.version}`);
  if (!hasProcStat()) log('(no /proc: CPU time per cycle is not available on this system)');
  const withRedis = hasRedis();
  if (!withRedis) {
    log('redis-server not found: measuring the memory store alone. To compare, install it:');
    log('  apt-get install -y redis-server');
  }
  log(`${durationMs} ms per case after ${warmupMs} ms warm-up; each connection runs cycles back to back`);
  log(
    'node floor = a Node.js server answering prebuilt bytes (bench/state-server-floor.mjs); ' +
      'memory = aspnet-state --store memory; redis-server = GET + SET straight to Redis; ' +
      'redis store = aspnet-state --store redis:// (its CPU is the service plus redis-server)\n',
  );

  const state = await startStateServer();
  const redis = withRedis ? await startRedis() : undefined;
  const viaRedis = redis
    ? await startStateServer(
        ['--store', `redis://127.0.0.1:${redis.port}`, '--key-prefix', 'bench:'],
        'aspnet-state (redis store)',
      )
    : undefined;
  if (viaRedis && redis) viaRedis.pids.push(redis.child.pid);
  const results = [];
  try {
    for (const size of sizes) {
      for (const connections of concurrency) {
        const label = `${size / 1024} KB body, ${connections} connection${connections === 1 ? '' : 's'}`;
        const floorServer = await startFloor(size);
        const f = await measure(floorServer, stateProtocol, size, connections, durationMs, warmupMs).finally(
          () => stop(floorServer),
        );
        const s = await measure(state, stateProtocol, size, connections, durationMs, warmupMs);
        const r = redis
          ? await measure(redis, redisProtocol, size, connections, durationMs, warmupMs)
          : undefined;
        const v = viaRedis
          ? await measure(viaRedis, stateProtocol, size, connections, durationMs, warmupMs)
          : undefined;
        log(label);
        log(`  ${describe('node floor', f)}`);
        log(`  ${describe('memory', s)}`);
        if (r && v) {
          log(`  ${describe('redis-server', r)}`);
          log(
            `  ${describe('redis store', v)} = service ${fmt(v.cpuMicrosPerCycleByProcess[0], 1)} + ` +
              `redis-server ${fmt(v.cpuMicrosPerCycleByProcess[1], 1)}`,
          );
          log(
            `  memory / redis-server: throughput ${fmt(s.cyclesPerSecond / r.cyclesPerSecond, 2)}× (goal ≥ 0.9), ` +
              `CPU per cycle ${fmt(s.cpuMicrosPerCycle / r.cpuMicrosPerCycle, 2)}× (goal ≤ 1.0), ` +
              `p99 ${fmt(s.p99 / r.p99, 2)}× (goal ≤ 1.2)`,
          );
          log(
            `  memory / node floor: CPU per cycle ${fmt(s.cpuMicrosPerCycle / f.cpuMicrosPerCycle, 2)}×; ` +
              `node floor / redis-server: CPU per cycle ${fmt(f.cpuMicrosPerCycle / r.cpuMicrosPerCycle, 2)}×`,
          );
          log(
            `  redis store / memory: throughput ${fmt(v.cyclesPerSecond / s.cyclesPerSecond, 2)}× (goal ≥ 0.5), ` +
              `p99 ${fmt(v.p99 / s.p99, 2)}×`,
          );
        }
        results.push({ size, connections, floor: f, memory: s, redis: r, redisStore: v });
      }
    }
  } finally {
    await stop(state);
    if (viaRedis) await stop(viaRedis);
    if (redis) await stop(redis);
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--duration-ms');
  await run(i > 0 ? { durationMs: Number(process.argv[i + 1]) } : {});
}
