// The Redis store below the protocol (docs/state-store.md §2, §3, §6): its two ways of reading
// (the content through the GET script, or beside it in one MULTI/EXEC) answer alike, both recover
// from a Redis that lost its scripts, contents stay bytes, and a Redis that stops answering fails
// requests after the command time-out. The protocol itself is conformance.test.ts, on both stores.
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestHead } from '../src/parseRequestHead.js';
import { RedisStore } from '../src/RedisStore.js';
import type { StateResponse } from '../src/StateResponse.js';
import { StoreUnavailableError } from '../src/StateStore.js';
import { parseStoreUrl } from '../src/storeUrl.js';
import { redisServerPath, startTestRedis, uniquePrefix, type RunningRedis } from './redisFixture.js';
import { TestClock } from './TestClock.js';

const KEY = '/LM/W3SVC/1/ROOT/Shop(bYtVMaohfZFUiXYkEsOyO6OYDIrLpeN/XWE/4khrD9U=)/ptmlzm45wtmzvs55hm3f3xbz';

function request(verb: RequestHead['verb'], fields: Partial<RequestHead> = {}): RequestHead {
  return {
    verb,
    key: KEY,
    exclusive: undefined,
    lockCookie: undefined,
    timeout: undefined,
    extraFlags: undefined,
    contentLength: 0,
    ...fields,
  };
}

const acquire = (key = KEY) => request('GET', { key, exclusive: 'acquire' });
const release = (lockCookie: number) => request('GET', { exclusive: 'release', lockCookie });
const put = (fields: Partial<RequestHead> = {}) => request('PUT', { timeout: 20, ...fields });

/** Every byte value, and long enough to be read beside the script by default. */
const BYTES = Buffer.alloc(20_000);
for (let i = 0; i < BYTES.length; i++) BYTES[i] = (i * 7) & 0xff;

let redis: RunningRedis;
const stores: RedisStore[] = [];

function open(options: { splitReadBytes?: number; commandTimeoutMs?: number; clock?: TestClock } = {}) {
  const location = parseStoreUrl(redis.url);
  if (location.kind !== 'redis') throw new Error('not a Redis URL');
  const store = new RedisStore({
    location,
    keyPrefix: uniquePrefix(),
    ...(options.clock === undefined ? {} : { now: options.clock.now }),
    ...(options.splitReadBytes === undefined ? {} : { splitReadBytes: options.splitReadBytes }),
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
  });
  stores.push(store);
  return store.open().then(() => store);
}

/** Runs one request; a store fault becomes the `StoreUnavailableError` itself. */
async function run(store: RedisStore, head: RequestHead, body = Buffer.alloc(0)): Promise<StateResponse> {
  return store.execute(head, body);
}

/** The Redis server forgets every script, as after a restart or a failover. */
async function flushScripts(): Promise<void> {
  const admin = createClient({ socket: { host: '127.0.0.1', port: redis.port } });
  await admin.connect();
  try {
    await admin.sendCommand(['SCRIPT', 'FLUSH']);
  } finally {
    admin.destroy();
  }
}

describe.skipIf(redisServerPath === undefined)('the Redis store', () => {
  beforeAll(async () => {
    redis = await startTestRedis();
  });

  afterAll(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await redis?.stop();
  });

  // The same story through each way of reading; every answer must be the same.
  async function story(store: RedisStore, clock: TestClock): Promise<unknown[]> {
    const answers: unknown[] = [];
    const note = (response: StateResponse) => {
      const { body, ...rest } = response;
      answers.push({ ...rest, body: body === undefined ? undefined : Buffer.from(body).toString('base64') });
      return response;
    };
    note(await run(store, acquire())); // 404
    note(await run(store, put({ extraFlags: 1 }), Buffer.from('placeholder'))); // uninitialized item
    const first = note(await run(store, acquire())); // ActionFlags 1, locked
    clock.advance(3000);
    note(await run(store, acquire())); // 423 with the lock's age
    note(await run(store, request('GET'))); // a plain read of a locked item: 423 as well
    note(await run(store, release(first.lockCookie! + 1))); // wrong cookie: 423
    note(await run(store, put({ lockCookie: first.lockCookie! }), BYTES)); // store and release
    note(await run(store, request('GET'))); // the content, not locked
    const second = note(await run(store, acquire()));
    expect(second.body?.equals(BYTES)).toBe(true);
    note(await run(store, release(second.lockCookie!)));
    note(await run(store, release(-1))); // invalid cookie: 400
    note(await run(store, request('DELETE', { lockCookie: second.lockCookie! })));
    note(await run(store, request('GET')));
    return answers;
  }

  it('reads through the script and beside it alike, contents byte for byte', async () => {
    const [clockA, clockB] = [new TestClock(), new TestClock()];
    const through = await open({ splitReadBytes: Infinity, clock: clockA });
    const beside = await open({ splitReadBytes: 0, clock: clockB });
    const a = await story(through, clockA);
    const b = await story(beside, clockB);
    expect(b).toEqual(a);
    expect(a[2]).toMatchObject({ status: 200, actionFlags: 1, lockCookie: 2 });
    expect(a[3]).toMatchObject({ status: 423, lock: { age: 3, cookie: 2 } });
    expect(a[10]).toMatchObject({ status: 400, invalidHeader: 'Http_LockCookie' });
    expect(a.at(-1)).toEqual({ status: 404, body: undefined });
  });

  it('switches to reading beside the script once recent contents are large, and back', async () => {
    const store = await open();
    const small = Buffer.from('s'.repeat(100));
    for (const [key, body] of [
      ['big', BYTES],
      ['small', small],
    ] as const) {
      expect((await run(store, put({ key }), body)).status).toBe(200);
    }
    for (let i = 0; i < 20; i++) {
      const response = await run(store, request('GET', { key: 'big' }));
      expect(response.body?.equals(BYTES)).toBe(true);
    }
    for (let i = 0; i < 40; i++) {
      const response = await run(store, request('GET', { key: 'small' }));
      expect(response.body?.equals(small)).toBe(true);
    }
  });

  it.each([
    { way: 'through the script', splitReadBytes: Infinity },
    { way: 'beside the script', splitReadBytes: 0 },
  ])('loads its scripts again when Redis lost them ($way)', async ({ splitReadBytes }) => {
    const store = await open({ splitReadBytes });
    expect((await run(store, put(), BYTES)).status).toBe(200);
    await flushScripts();
    const read = await run(store, acquire());
    expect(read).toMatchObject({ status: 200, lockCookie: 2 });
    expect(read.body?.equals(BYTES)).toBe(true);
    await flushScripts();
    expect((await run(store, put({ lockCookie: 2 }), BYTES)).status).toBe(200);
    expect(store.counters()).toMatchObject({
      sessionsActive: 1,
      sessionsTotal: 1,
      bytesInMemory: BYTES.length,
    });
  });

  it('fails a request after the command time-out when Redis stops answering, then serves again', async () => {
    const lines: string[] = [];
    const location = parseStoreUrl(redis.url);
    if (location.kind !== 'redis') throw new Error('not a Redis URL');
    const store = new RedisStore({
      location,
      keyPrefix: uniquePrefix(),
      commandTimeoutMs: 300,
      log: (l) => lines.push(l),
    });
    stores.push(store);
    await store.open();
    expect((await run(store, put(), BYTES)).status).toBe(200);
    process.kill(redis.pid!, 'SIGSTOP');
    try {
      const started = performance.now();
      const failed = await Promise.allSettled([run(store, acquire()), run(store, request('GET'))]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      for (const result of failed) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
      }
    } finally {
      process.kill(redis.pid!, 'SIGCONT');
    }
    expect(lines.join('\n')).toMatch(/did not answer \(timed out\)/);
    // The acquire sent while Redis was stopped ran once it woke up; its answer was dropped.
    await expect.poll(async () => (await run(store, acquire())).status).toBe(423);
  });
});
