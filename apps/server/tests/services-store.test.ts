// The state service's store through the API (docs/state-store.md §4): PATCH `store` / `keyPrefix`,
// the running service's store health in GET, the Test of a store, and a Redis password that is kept
// out of every answer, the audit log and the service's command line. Real redis-server, real service.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StateServiceResponse, TestStoreResponse } from '@iis-console/contracts';
import { StateClient } from '@iis-console/state-server';
import { ensureRedisServer, startRedis, type RunningRedis } from '../../../scripts/redis.mjs';
import type { App } from '../src/app.js';
import { AuditLog } from '../src/audit/audit-log.js';
import { servicesDir } from '../src/services/settings-store.js';
import { ADMIN, errorOf, login, READER, removeRoot, setup, type Signedin } from './helpers.js';
import { buildStateServer, freePort, Pids, writeServiceSettings } from './services-support.js';

const redisPath = ensureRedisServer({ quiet: true });
if (redisPath.path === undefined) console.warn(`Redis store API tests skipped: ${redisPath.reason}`);

const PASSWORD = 'Api-Redis-Secret-7';
const SERVICE = '/api/services/aspnet_state';
const pids = new Pids();
const apps: App[] = [];
const roots: string[] = [];
let redis: RunningRedis;

function call(app: App, who: Signedin, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return app.inject({
    method,
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
}

describe.skipIf(redisPath.path === undefined)('the state service store through the API', () => {
  beforeAll(async () => {
    buildStateServer();
    redis = await startRedis({ path: redisPath.path, args: ['--requirepass', PASSWORD] });
  }, 120_000);
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    pids.killAll();
  });
  afterAll(async () => {
    await redis?.stop();
    for (const root of roots.splice(0)) await removeRoot(root);
  });

  async function start() {
    const port = await freePort();
    const { app, root } = await setup({ stateService: { kind: 'builtin' } });
    apps.push(app);
    roots.push(root);
    pids.watchRoot(root);
    await writeServiceSettings(root, { port });
    const admin = await login(app, ADMIN.username, ADMIN.password);
    const reader = await login(app, READER.username, READER.password);
    return { app, root, port, admin, reader };
  }

  it('PATCH sets a Redis store; answers, audit and command line never show its password', async () => {
    const { app, root, port, admin, reader } = await start();
    const url = `redis://:${PASSWORD}@127.0.0.1:${redis.port}/0`;
    const masked = `redis://:***@127.0.0.1:${redis.port}/0`;
    const patched = await call(app, admin, 'PATCH', SERVICE, { store: url, keyPrefix: 'api-test:' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      settings: { store: masked, keyPrefix: 'api-test:' },
      store: null,
    });
    expect(patched.body).not.toContain(PASSWORD);
    const saved = JSON.parse(readFileSync(join(servicesDir(root), 'aspnet_state.settings.json'), 'utf8'));
    expect(saved).toMatchObject({ store: url, keyPrefix: 'api-test:' });

    const started = (await call(app, admin, 'POST', `${SERVICE}/start`)).json<StateServiceResponse>();
    pids.add(started.pid);
    expect(started).toMatchObject({ status: 'Running', runningSettings: { store: masked } });
    expect(readFileSync(`/proc/${started.pid}/cmdline`, 'utf8')).not.toContain(PASSWORD);

    const client = await StateClient.connect('127.0.0.1', port);
    try {
      expect((await client.put('/app(h)/s', Buffer.from('through redis'))).status).toBe(200);
    } finally {
      await client.close();
    }
    await expect
      .poll(
        async () => (await call(app, reader, 'GET', SERVICE)).json<StateServiceResponse>().store?.instances,
        {
          timeout: 10_000,
        },
      )
      .toBe(1);
    const read = (await call(app, reader, 'GET', SERVICE)).json<StateServiceResponse>();
    expect(read.store).toMatchObject({
      kind: 'redis',
      address: `redis://127.0.0.1:${redis.port}/0`,
      keyPrefix: 'api-test:',
      reachable: true,
      roundTripMs: expect.any(Number),
    });
    expect(read.counters).toMatchObject({ totalSessions: 1 });

    // Sending back the masked value changes nothing.
    const same = await call(app, admin, 'PATCH', SERVICE, { store: masked });
    expect(same.json()).toMatchObject({ restartRequired: false });
    expect(
      JSON.parse(readFileSync(join(servicesDir(root), 'aspnet_state.settings.json'), 'utf8')),
    ).toMatchObject({
      store: url,
    });

    const audit = JSON.stringify(await AuditLog.forRoot(root).recent(100));
    expect(audit).toContain('service.configure');
    expect(audit).toContain(masked);
    expect(audit).not.toContain(PASSWORD);
    const log = readFileSync(join(servicesDir(root), 'aspnet_state.log'), 'utf8');
    expect(log).toContain(`store redis://127.0.0.1:${redis.port}/0 connected`);
    expect(log).not.toContain(PASSWORD);

    await call(app, admin, 'POST', `${SERVICE}/stop`);
  });

  it('refuses a store that is not memory or a Redis URL, and a control character in the prefix', async () => {
    const { app, admin } = await start();
    for (const body of [
      { store: 'http://cache:6379' },
      { store: 'redis://cache:6379/db1' },
      { keyPrefix: 'a\u0000' },
    ]) {
      const bad = await call(app, admin, 'PATCH', SERVICE, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(bad).code).toBe('VALIDATION');
    }
  });

  it('Test: the saved password behind a masked URL, the Redis version and round trip, or what failed', async () => {
    const { app, admin, reader } = await start();
    await call(app, admin, 'PATCH', SERVICE, { store: `redis://:${PASSWORD}@127.0.0.1:${redis.port}` });
    const test = (store: string) =>
      call(app, reader, 'POST', '/api/state-server/test-store', { store }).then((r) =>
        r.json<TestStoreResponse>(),
      );

    const ok = await test(`redis://:***@127.0.0.1:${redis.port}`);
    expect(ok).toMatchObject({
      ok: true,
      address: `redis://127.0.0.1:${redis.port}/0`,
      version: expect.any(String),
    });
    expect(ok.message).toMatch(
      /^Connected to Redis \S+ at redis:\/\/127\.0\.0\.1:\d+\/0: round trip [\d.]+ ms\.$/,
    );

    expect(await test(`redis://127.0.0.1:${redis.port}`)).toMatchObject({
      ok: false,
      failure: 'auth-failed',
    });
    expect(await test(`redis://:wrong@127.0.0.1:${redis.port}`)).toMatchObject({
      ok: false,
      failure: 'auth-failed',
    });
    const closed = await freePort();
    expect(await test(`redis://127.0.0.1:${closed}`)).toMatchObject({
      ok: false,
      failure: 'refused',
      message: `Cannot use the Redis store at redis://127.0.0.1:${closed}/0: connection refused.`,
    });
    expect(await test('ftp://x')).toMatchObject({ ok: false, failure: 'invalid-store' });
    expect(await test('memory')).toMatchObject({ ok: true });
  });
});
