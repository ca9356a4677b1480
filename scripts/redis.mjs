// Finds Debian's redis-server for the state service's Redis-store tests and benchmark, installing it
// with apt-get when running as root (as scripts/chromium.mjs does for Chromium), and starts
// throw-away servers on a free loopback port: no persistence (`--save ''`, `--appendonly no`), so a
// restart loses everything, as a failed-over or restarted cache would.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const candidates = [process.env.REDIS_SERVER_PATH, '/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/** The redis-server binary, or undefined. */
export function findRedisServer() {
  return candidates.find((p) => p && existsSync(p));
}

/**
 * The redis-server binary, installing Debian's `redis-server` package first when missing and
 * running as root. Returns undefined (with `reason`) when it cannot be had.
 */
export function ensureRedisServer({ quiet = false } = {}) {
  const found = findRedisServer();
  if (found) return { path: found };
  if (process.getuid?.() === 0) {
    if (!quiet) console.log('redis-server not found: installing Debian package "redis-server" (apt-get)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const stdio = quiet ? 'ignore' : 'inherit';
    spawnSync('apt-get', ['update', '-qq'], { stdio, env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], { stdio, env });
    // The package starts a system service on port 6379; the tests never use it.
    const now = findRedisServer();
    if (now) return { path: now };
  }
  return {
    path: undefined,
    reason:
      "redis-server is not installed. Install Debian's package with: sudo apt-get update && sudo apt-get install -y redis-server (or set REDIS_SERVER_PATH)",
  };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once a PING on `port` gets +PONG (or rejects after `timeoutMs`). */
export async function waitForRedis(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port });
        socket.setTimeout(1000, () => socket.destroy(new Error('no answer')));
        socket.once('error', reject);
        socket.once('data', (d) => {
          socket.destroy();
          // A server with --requirepass answers -NOAUTH: it is up all the same.
          if (/^(\+PONG|-NOAUTH)/.test(d.toString())) resolve();
          else reject(new Error(d.toString().trim()));
        });
        socket.write('*1\r\n$4\r\nPING\r\n');
      });
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`redis-server on port ${port} did not answer: ${error.message}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Starts redis-server on 127.0.0.1 (a free port unless `port` is given) without persistence.
 * Returns { port, url, pid, stop(), kill(signal) , exited }.
 */
export async function startRedis({ port, path = findRedisServer(), args = [] } = {}) {
  if (!path) throw new Error(ensureRedisServer({ quiet: true }).reason ?? 'redis-server not found');
  const listenPort = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'redis-'));
  const child = spawn(
    path,
    [
      '--port',
      String(listenPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--loglevel',
      'warning',
      ...args,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  exited.then(() => rmSync(dir, { recursive: true, force: true }));
  try {
    await Promise.race([
      waitForRedis(listenPort),
      exited.then((code) => {
        throw new Error(`redis-server exited with ${code}: ${stderr.trim()}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    port: listenPort,
    url: `redis://127.0.0.1:${listenPort}`,
    pid: child.pid,
    child,
    exited,
    /** Stops it (SIGTERM, then waits for the exit). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { path, reason } = ensureRedisServer();
  if (!path) {
    console.error(reason);
    process.exit(1);
  }
  console.log(path);
}
