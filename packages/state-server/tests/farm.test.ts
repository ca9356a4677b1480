// Several state service instances sharing one real redis-server (docs/state-store.md): the
// instances are real `aspnet-state` processes on loopback, except where a test needs to move the
// clock (expiry), which runs two StateServer objects in this process against the same Redis.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/redis.mjs';
import { StateClient } from '../src/StateClient.js';
import { StateServer } from '../src/StateServer.js';
import { exchange, splitResponses } from './rawSocket.js';
import { parseStateServerStatus } from '../src/statusFile.js';
import { redisServerPath, startTestRedis, uniquePrefix, type RunningRedis } from './redisFixture.js';
import { TestClock } from './TestClock.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'packages/state-server/bin/aspnet-state.js');
const dir = mkdtempSync(join(tmpdir(), 'aspnet-state-farm-'));
const SESSION =
  '/LM/W3SVC/1/ROOT/Shop(bYtVMaohfZFUiXYkEsOyO6OYDIrLpeN/XWE/4khrD9U=)/ptmlzm45wtmzvs55hm3f3xbz';

interface Instance {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote (stdout and stderr). */
  output: () => string;
  connect: () => Promise<StateClient>;
}

const running: ChildProcess[] = [];
const clients: StateClient[] = [];
let redis: RunningRedis;

/** Spawns `aspnet-state` on a free loopback port with the given options and waits for its listening line. */
function startInstance(args: string[], env: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(process.execPath, [bin, '--port', '0', '--host', '127.0.0.1', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${output}`)), 15_000);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    const onData = () => {
      const match = /aspnet_state listening on 127\.0\.0\.1:(\d+)\n/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      const port = Number(match[1]);
      resolve({
        child,
        port,
        output: () => output,
        connect: async () => {
          const client = await StateClient.connect('127.0.0.1', port);
          clients.push(client);
          return client;
        },
      });
    };
    child.stdout?.on('data', onData);
  });
}

function startFarm(count: number, prefix: string, extra: string[] = []): Promise<Instance[]> {
  return Promise.all(
    Array.from({ length: count }, () =>
      startInstance(['--store', redis.url, '--key-prefix', prefix, ...extra]),
    ),
  );
}

function exitOf(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve));
}

const skip = redisServerPath === undefined;

describe.skipIf(skip)('state service instances sharing one Redis', () => {
  beforeAll(async () => {
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript7/bin/tsc'), '-b', 'packages/state-server'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(build.status, build.stdout + build.stderr).toBe(0);
    redis = await startTestRedis();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    const children = running.splice(0);
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exitOf));
  });

  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two instances: PUT through one is read and locked through the other', async () => {
    const [a, b] = await startFarm(2, uniquePrefix());
    const viaA = await a!.connect();
    const viaB = await b!.connect();
    expect((await viaA.put(SESSION, Buffer.from('cart=3'), { timeout: 20 })).status).toBe(200);
    const acquired = await viaB.getExclusive(SESSION);
    expect(acquired).toMatchObject({ status: 200, lockCookie: 2, timeout: 20 });
    expect(acquired.body.toString()).toBe('cart=3');
    expect(await viaA.get(SESSION)).toMatchObject({ status: 423, lockCookie: 2 });
    expect((await viaB.put(SESSION, Buffer.from('cart=4'), { lockCookie: 2 })).status).toBe(200);
    const read = await viaA.get(SESSION);
    expect(read.status).toBe(200);
    expect(read.body.toString()).toBe('cart=4');
  });

  it('three instances: a lock taken through one blocks the others (423) until released with its cookie', async () => {
    const [a, b, c] = await startFarm(3, uniquePrefix());
    const [viaA, viaB, viaC] = [await a!.connect(), await b!.connect(), await c!.connect()];
    expect((await viaA.put(SESSION, Buffer.from('x'), { extraFlags: 1 })).status).toBe(200);
    const owner = await viaA.getExclusive(SESSION);
    expect(owner).toMatchObject({ status: 200, lockCookie: 2, actionFlags: 1 });
    for (const other of [viaB, viaC]) {
      expect(await other.getExclusive(SESSION)).toMatchObject({ status: 423, lockCookie: 2 });
      expect(await other.put(SESSION, Buffer.from('y'), { lockCookie: 7 })).toMatchObject({ status: 423 });
      expect(await other.remove(SESSION, 3)).toMatchObject({ status: 423 });
      expect(await other.releaseExclusive(SESSION, 5)).toMatchObject({ status: 423 });
    }
    expect((await viaB.releaseExclusive(SESSION, 2)).status).toBe(200);
    const next = await viaC.getExclusive(SESSION);
    expect(next).toMatchObject({ status: 200, lockCookie: 3, actionFlags: undefined });
    expect(next.body.toString()).toBe('x');
    expect(await viaA.getExclusive(SESSION)).toMatchObject({ status: 423, lockCookie: 3 });
    expect((await viaA.remove(SESSION, 3)).status).toBe(200);
    expect((await viaB.get(SESSION)).status).toBe(404);
  });

  it('of many simultaneous acquires through three instances exactly one wins; one reader sees ActionFlags', async () => {
    const farm = await startFarm(3, uniquePrefix());
    const viaEach = await Promise.all(farm.flatMap((instance) => [instance.connect(), instance.connect()]));
    for (let round = 0; round < 10; round++) {
      const key = `${SESSION}-${round}`;
      expect((await viaEach[0]!.put(key, Buffer.from('p'), { extraFlags: 1 })).status).toBe(200);
      const replies = await Promise.all(viaEach.map((client) => client.getExclusive(key)));
      expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
      expect(replies.filter((r) => r.status === 423)).toHaveLength(viaEach.length - 1);
      expect(replies.filter((r) => r.actionFlags === 1)).toHaveLength(1);
      expect(new Set(replies.map((r) => r.lockCookie))).toEqual(new Set([2]));
    }
  });

  it('one instance killed with SIGKILL mid-stream: the others go on and nothing acknowledged is lost', async () => {
    const farm = await startFarm(3, uniquePrefix());
    const acked = new Map<string, number>();
    let stopped = false;
    const cycles = [0, 0, 0];
    /** Acquire and store-with-release cycles on this instance's own sessions, as a web server would. */
    const work = async (index: number) => {
      const client = await farm[index]!.connect();
      for (let v = 1; !stopped; v++) {
        const key = `${SESSION}-${index}-${v % 5}`;
        const read = await client.getExclusive(key);
        const cookie = read.status === 200 ? read.lockCookie : 0;
        const stored = await client.put(key, Buffer.from(`value ${v}`), { lockCookie: cookie });
        expect(stored.status).toBe(200);
        acked.set(key, v);
        cycles[index]!++;
      }
    };
    const survivors = [work(0), work(2)];
    const victim = work(1).catch((error: Error) => error);
    await expect.poll(() => cycles[1]!, { timeout: 20_000 }).toBeGreaterThan(100);
    farm[1]!.child.kill('SIGKILL');
    const failure = await victim;
    expect(failure).toBeInstanceOf(Error);
    const before = [cycles[0]!, cycles[2]!];
    await expect
      .poll(() => Math.min(cycles[0]! - before[0]!, cycles[2]! - before[1]!), { timeout: 20_000 })
      .toBeGreaterThan(100);
    stopped = true;
    await Promise.all(survivors);

    const check = await farm[0]!.connect();
    for (const [key, v] of acked) {
      let read = await check.get(key);
      if (read.status === 423) {
        // Killed between an acquire and its store: the next request breaks the stale lock as ASP.NET does.
        expect((await check.releaseExclusive(key, read.lockCookie!)).status).toBe(200);
        read = await check.get(key);
      }
      expect(read.status).toBe(200);
      // The last acknowledged value, or the one whose store was in flight when the process died.
      expect([`value ${v}`, `value ${v + 5}`]).toContain(read.body.toString());
    }
  });

  it('Redis restarted without persistence: clear errors (400) and log lines, then normal service', async () => {
    const own = await startTestRedis();
    try {
      const instance = await startInstance(['--store', own.url, '--key-prefix', uniquePrefix()]);
      const client = await instance.connect();
      expect((await client.put(SESSION, Buffer.from('before'))).status).toBe(200);
      await own.stop();

      // Every request fails at once with the protocol's fault status, and the connection closes.
      const during = await instance.connect();
      expect((await during.getExclusive(SESSION)).status).toBe(400);
      await expect(during.get(SESSION)).rejects.toThrow(/closed/);
      await expect.poll(() => instance.output(), { timeout: 10_000 }).toMatch(/unreachable/);
      expect(instance.output()).toMatch(
        new RegExp(`store redis://127\\.0\\.0\\.1:${own.port}/0 unreachable: [a-z ]+; retrying with backoff`),
      );
      expect(instance.output()).toMatch(
        /request failed: the session store .* did not answer \(.+\); \d+ requests? answered as a server fault/,
      );

      const restarted = await startTestRedis(own.port);
      try {
        await expect
          .poll(
            async () => {
              const probe = await instance.connect();
              return (await probe.resetTimeout(SESSION)).status;
            },
            { timeout: 20_000, interval: 200 },
          )
          .toBe(404); // the restarted Redis kept nothing
        await expect.poll(() => instance.output(), { timeout: 10_000 }).toMatch(/reachable again/);
        const after = await instance.connect();
        expect((await after.put(SESSION, Buffer.from('after'), { extraFlags: 1 })).status).toBe(200);
        expect(await after.getExclusive(SESSION)).toMatchObject({
          status: 200,
          lockCookie: 2,
          actionFlags: 1,
        });
        // One line per event, never a stack trace.
        expect(instance.output()).not.toMatch(/\n\s+at /);
      } finally {
        await restarted.stop();
      }
    } finally {
      await own.stop();
    }
  });

  it('starts while Redis is down, answers 400 meanwhile, and serves once it is up', async () => {
    const port = await freePort();
    const instance = await startInstance(['--store', `redis://127.0.0.1:${port}`]);
    await expect
      .poll(() => instance.output(), { timeout: 5000 })
      .toMatch(
        /aspnet_state store: redis:\/\/127\.0\.0\.1:\d+\/0 \(key prefix "aspnet_state:"\), not reachable yet: connection refused/,
      );
    const client = await instance.connect();
    expect((await client.resetTimeout(SESSION)).status).toBe(400);
    const late = await startTestRedis(port);
    try {
      await expect
        .poll(async () => (await (await instance.connect()).resetTimeout(SESSION)).status, {
          timeout: 20_000,
          interval: 200,
        })
        .toBe(404);
    } finally {
      await late.stop();
    }
  });

  it('takes the password from ASPNET_STATE_REDIS_PASSWORD and never writes it anywhere', async () => {
    const password = 'S3cret-Redis-Pw';
    const secured = await startTestRedis(undefined, ['--requirepass', password]);
    try {
      const status = join(dir, 'secured.status.json');
      const good = await startInstance(['--store', secured.url, '--status-file', status], {
        ASPNET_STATE_REDIS_PASSWORD: password,
      });
      const client = await good.connect();
      expect((await client.put(SESSION, Buffer.from('ok'))).status).toBe(200);
      await expect
        .poll(() => existsSync(status) && readFileSync(status, 'utf8'), { timeout: 5000 })
        .toMatch(/"reachable":true/);

      const inUrl = await startInstance([
        '--store',
        `redis://:${password}@127.0.0.1:${secured.port}`,
        '--status-file',
        join(dir, 'in-url.status.json'),
      ]);
      const viaUrl = await inUrl.connect();
      expect((await viaUrl.get(SESSION)).body.toString()).toBe('ok');
      await expect
        .poll(
          () =>
            existsSync(join(dir, 'in-url.status.json')) &&
            readFileSync(join(dir, 'in-url.status.json'), 'utf8'),
          {
            timeout: 5000,
          },
        )
        .toMatch(/redis:\/\/:\*\*\*@127\.0\.0\.1/);

      const wrong = await startInstance(['--store', secured.url], { ASPNET_STATE_REDIS_PASSWORD: 'wrong' });
      await expect.poll(() => wrong.output(), { timeout: 10_000 }).toMatch(/authentication failed/);
      expect((await (await wrong.connect()).get(SESSION)).status).toBe(400);

      for (const instance of [good, inUrl, wrong]) expect(instance.output()).not.toContain(password);
      expect(readFileSync(status, 'utf8')).not.toContain(password);
      expect(readFileSync(join(dir, 'in-url.status.json'), 'utf8')).not.toContain(password);
    } finally {
      await secured.stop();
    }
  });

  it('publishes the store, its reachability, round trip and how many instances share it', async () => {
    const prefix = uniquePrefix();
    const files = [join(dir, 'a.status.json'), join(dir, 'b.status.json')];
    await Promise.all(
      files.map((file) =>
        startInstance(['--store', redis.url, '--key-prefix', prefix, '--status-file', file]),
      ),
    );
    const read = (file: string) =>
      existsSync(file) ? parseStateServerStatus(readFileSync(file, 'utf8')) : undefined;
    await expect.poll(() => read(files[0]!)?.store?.instances, { timeout: 10_000 }).toBe(2);
    expect(read(files[0]!)?.store).toMatchObject({
      kind: 'redis',
      address: `redis://127.0.0.1:${redis.port}/0`,
      keyPrefix: prefix,
      reachable: true,
      roundTripMs: expect.any(Number),
    });
    expect(read(files[0]!)?.settings).toMatchObject({ store: redis.url, keyPrefix: prefix });
  });
});

describe.skipIf(skip)('floods through a Redis-backed instance', () => {
  let own: RunningRedis;
  let servers: StateServer[] = [];

  beforeAll(async () => {
    own = await startTestRedis();
  });
  afterAll(async () => {
    await own?.stop();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  it('answers 300 pipelined 16 KB stores and reads sent in one write, in order', async () => {
    const server = new StateServer({ port: 0, host: '127.0.0.1', store: own.url, keyPrefix: uniquePrefix() });
    servers.push(server);
    const { port } = await server.listen();
    const body = Buffer.alloc(16 * 1024, 0x61);
    const parts: Buffer[] = [];
    for (let i = 0; i < 150; i++) {
      parts.push(
        Buffer.from(
          `PUT /app(h)/s${i} HTTP/1.1\r\nTimeout: 20\r\nContent-Length: ${body.length}\r\n\r\n`,
          'latin1',
        ),
        body,
        Buffer.from(`GET /app(h)/s${i} HTTP/1.1\r\nExclusive: acquire\r\n\r\n`, 'latin1'),
      );
    }
    const answers = splitResponses(await exchange(port, Buffer.concat(parts), 20_000));
    expect(answers).toHaveLength(300);
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      if (i % 2 === 1) expect(answer.raw).toContain(`Content-Length: ${body.length}\r\n`);
    });
    expect(server.counters()).toMatchObject({ sessionsTotal: 150, sessionsActive: 150, requests: 300 });
  });

  it('200 connections over two instances run acquire + store cycles; every answer is 200 and the counters add up', async () => {
    const prefix = uniquePrefix();
    servers = [0, 1].map(
      () => new StateServer({ port: 0, host: '127.0.0.1', store: own.url, keyPrefix: prefix }),
    );
    const ports = await Promise.all(servers.map(async (s) => (await s.listen()).port));
    const connected = await Promise.all(
      Array.from({ length: 200 }, (_, i) => StateClient.connect('127.0.0.1', ports[i % 2]!)),
    );
    clients.push(...connected);
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    await Promise.all(
      connected.map(async (client, i) => {
        const key = `/app(h)/flood-${i}`;
        count((await client.put(key, Buffer.from('0'))).status);
        for (let round = 1; round <= 10; round++) {
          const read = await client.getExclusive(key);
          count(read.status);
          count((await client.put(key, Buffer.from(String(round)), { lockCookie: read.lockCookie })).status);
        }
      }),
    );
    expect([...statuses]).toEqual([[200, 200 * 21]]);
    expect(servers[0]!.counters()).toMatchObject({ sessionsTotal: 200, sessionsActive: 200 });
    const check = connected[0]!;
    for (let i = 0; i < 200; i += 37) {
      const read = await check.get(`/app(h)/flood-${i}`);
      expect(read.body.toString()).toBe('10');
    }
  });
});

describe.skipIf(skip)('expiry across instances (one clock moved by hand)', () => {
  let own: RunningRedis;
  let servers: StateServer[] = [];
  let clock: TestClock;

  beforeAll(async () => {
    own = await startTestRedis();
  });
  afterAll(async () => {
    await own?.stop();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  async function twoInstances(prefix: string): Promise<[StateClient, StateClient]> {
    clock = new TestClock(Date.now());
    servers = [0, 1].map(
      () =>
        new StateServer({ port: 0, host: '127.0.0.1', now: clock.now, store: own.url, keyPrefix: prefix }),
    );
    const ports = await Promise.all(servers.map(async (s) => (await s.listen()).port));
    const connected = await Promise.all(ports.map((p) => StateClient.connect('127.0.0.1', p)));
    clients.push(...connected);
    return connected as [StateClient, StateClient];
  }

  it('a request through either instance slides the window; the item expires for both after the time-out', async () => {
    const prefix = uniquePrefix();
    const [a, b] = await twoInstances(prefix);
    expect((await a.put(SESSION, Buffer.from('s'), { timeout: 1 })).status).toBe(200);

    // Sliding expiry is a Redis TTL: the window plus the sweep's grace.
    const direct = createClient({ socket: { host: '127.0.0.1', port: own.port } });
    await direct.connect();
    try {
      const ttl = await direct.pTTL(`${prefix}i:${SESSION}`);
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(60_000 + 10 * 60_000);
    } finally {
      direct.destroy();
    }

    clock.advance(59_000);
    expect((await b.resetTimeout(SESSION)).status).toBe(200);
    clock.advance(59_000);
    expect((await a.get(SESSION)).status).toBe(200);
    clock.advance(60_001);
    expect((await b.get(SESSION)).status).toBe(404);
    expect((await a.get(SESSION)).status).toBe(404);
    expect(servers[1]!.counters()).toMatchObject({
      sessionsActive: 0,
      sessionsTotal: 1,
      sessionsTimedOut: 1,
    });
  });

  it("one instance's sweep removes what expired through the other, and the counters are the farm's", async () => {
    const [a, b] = await twoInstances(uniquePrefix());
    expect((await a.put(`${SESSION}-1`, Buffer.from('12345'), { timeout: 1 })).status).toBe(200);
    expect((await b.put(`${SESSION}-2`, Buffer.from('123'), { timeout: 2 })).status).toBe(200);
    expect(servers[1]!.counters()).toMatchObject({ sessionsActive: 2, sessionsTotal: 2, bytesInMemory: 8 });
    clock.advance(90_000);
    expect(await servers[1]!.sweep()).toBe(1);
    expect(servers[1]!.counters()).toMatchObject({
      sessionsActive: 1,
      sessionsTimedOut: 1,
      bytesInMemory: 3,
    });
    expect((await a.get(`${SESSION}-1`)).status).toBe(404);
    expect((await a.get(`${SESSION}-2`)).status).toBe(200);
  });
});
