// /api/services/aspnet_state and /api/state-server/test-connection over the app, with the real
// state service process on free loopback ports; the Automatic start-up and a console restart.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, StateServiceResponse, TestConnectionResponse } from '@iis-console/contracts';
import { StateClient } from '@iis-console/state-server';
import { buildApp, type App } from '../src/app.js';
import { AuditLog } from '../src/audit/audit-log.js';
import { processExists } from '../src/services/process-probe.js';
import { runStartupHooks } from '../src/run-startup-hooks.js';
import { startAutomaticServicesHook } from '../src/services/automatic-start.js';
import { startupHooks } from '../src/startup-hooks.js';
import { ADMIN, errorOf, login, READER, removeRoot, setup, type Signedin } from './helpers.js';
import { buildStateServer, freePort, Pids, waitForExit, writeServiceSettings } from './services-support.js';

const pids = new Pids();
const apps: App[] = [];
const roots: string[] = [];

beforeAll(() => buildStateServer(), 120_000);
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  pids.killAll();
});
afterAll(async () => {
  for (const root of roots.splice(0)) await removeRoot(root);
});

/** An app on a fresh root whose state service uses a free port; signed in as admin and reader. */
async function start(settings: Record<string, unknown> = {}) {
  const port = await freePort();
  const { app, root } = await setup({ stateService: { kind: 'builtin' } });
  apps.push(app);
  roots.push(root);
  pids.watchRoot(root);
  await writeServiceSettings(root, { port, ...settings });
  const admin = await login(app, ADMIN.username, ADMIN.password);
  const reader = await login(app, READER.username, READER.password);
  return { app, root, port, admin, reader };
}

function call(app: App, who: Signedin, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return app.inject({
    method,
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
}

const SERVICE = '/api/services/aspnet_state';

async function auditEntries(root: string): Promise<AuditEntry[]> {
  return (await AuditLog.forRoot(root).recent(100)).reverse();
}

async function roundTrip(port: number): Promise<void> {
  const client = await StateClient.connect('127.0.0.1', port);
  try {
    expect((await client.put('/app(h)/s', Buffer.from('x'))).status).toBe(200);
    expect((await client.getExclusive('/app(h)/s')).status).toBe(200);
  } finally {
    await client.close();
  }
}

describe('/api/services/aspnet_state', () => {
  it('any signed-in user reads; only administrators start, stop, restart and change it', async () => {
    const { app, root, port, admin, reader } = await start();
    const read = await call(app, reader, 'GET', SERVICE);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      name: 'aspnet_state',
      displayName: 'ASP.NET State Service',
      status: 'Stopped',
      startupType: 'Manual',
      settings: { port, allowRemoteConnection: false, socketTimeout: 30 },
      controller: 'builtin',
    });
    expect((await app.inject({ method: 'GET', url: SERVICE })).statusCode).toBe(401);

    for (const action of ['start', 'stop', 'restart']) {
      const refused = await call(app, reader, 'POST', `${SERVICE}/${action}`);
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused).code).toBe('FORBIDDEN');
    }
    expect((await call(app, reader, 'PATCH', SERVICE, { startupType: 'Automatic' })).statusCode).toBe(403);
    // A cookie write without the CSRF token is refused too.
    const noCsrf = await app.inject({
      method: 'POST',
      url: `${SERVICE}/start`,
      headers: { cookie: admin.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await call(app, reader, 'GET', SERVICE)).json()).toMatchObject({ status: 'Stopped' });

    const started = await call(app, admin, 'POST', `${SERVICE}/start`);
    expect(started.statusCode).toBe(200);
    const running = started.json<StateServiceResponse>();
    pids.add(running.pid);
    expect(running).toMatchObject({ status: 'Running', runningSettings: { port } });
    await roundTrip(port);

    const restarted = (await call(app, admin, 'POST', `${SERVICE}/restart`)).json<StateServiceResponse>();
    pids.add(restarted.pid);
    expect(restarted.status).toBe('Running');
    expect(restarted.pid).not.toBe(running.pid);

    const stopped = await call(app, admin, 'POST', `${SERVICE}/stop`);
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toMatchObject({ status: 'Stopped', pid: null });

    const entries = (await auditEntries(root)).filter((e) => e.action.startsWith('service.'));
    expect(entries.map((e) => [e.action, e.user, e.target, e.details?.status])).toEqual([
      ['service.start', 'admin', 'aspnet_state', 'Running'],
      ['service.restart', 'admin', 'aspnet_state', 'Running'],
      ['service.stop', 'admin', 'aspnet_state', 'Stopped'],
    ]);
    expect(entries[0]?.via).toBe('session');
  });

  it('answers sc’s refusals as 409 in the error shape, and audits them', async () => {
    const { app, root, admin } = await start({ startupType: 'Disabled' });
    const disabled = await call(app, admin, 'POST', `${SERVICE}/start`);
    expect(disabled.statusCode).toBe(409);
    expect(errorOf(disabled)).toEqual({
      statusCode: 409,
      code: 'ERROR_SERVICE_DISABLED',
      message:
        'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
    });
    expect(errorOf(await call(app, admin, 'POST', `${SERVICE}/restart`)).code).toBe('ERROR_SERVICE_DISABLED');

    const notStarted = await call(app, admin, 'POST', `${SERVICE}/stop`);
    expect(notStarted.statusCode).toBe(409);
    expect(errorOf(notStarted)).toMatchObject({
      code: 'ERROR_SERVICE_NOT_ACTIVE',
      message: 'The service has not been started.',
    });

    expect((await call(app, admin, 'PATCH', SERVICE, { startupType: 'Manual' })).statusCode).toBe(200);
    const first = (await call(app, admin, 'POST', `${SERVICE}/start`)).json<StateServiceResponse>();
    pids.add(first.pid);
    const twice = await call(app, admin, 'POST', `${SERVICE}/start`);
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice)).toMatchObject({
      code: 'ERROR_SERVICE_ALREADY_RUNNING',
      message: 'An instance of the service is already running.',
    });

    const refusals = (await auditEntries(root)).filter((e) => e.details?.refused !== undefined);
    expect(refusals.map((e) => [e.action, e.details?.refused])).toEqual([
      ['service.start', 'ERROR_SERVICE_DISABLED'],
      ['service.restart', 'ERROR_SERVICE_DISABLED'],
      ['service.stop', 'ERROR_SERVICE_NOT_ACTIVE'],
      ['service.start', 'ERROR_SERVICE_ALREADY_RUNNING'],
    ]);
  });

  it('PATCH saves startup type and settings, says a restart is needed, and audits the change', async () => {
    const { app, root, port, admin } = await start();
    const started = (await call(app, admin, 'POST', `${SERVICE}/start`)).json<StateServiceResponse>();
    pids.add(started.pid);

    const patched = await call(app, admin, 'PATCH', SERVICE, {
      startupType: 'Automatic',
      socketTimeout: 90,
      allowRemoteConnection: false,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      status: 'Running',
      startupType: 'Automatic',
      settings: { port, allowRemoteConnection: false, socketTimeout: 90 },
      runningSettings: { port, socketTimeout: 30 },
      restartRequired: true,
    });
    const change = (await auditEntries(root)).find((e) => e.action === 'service.configure');
    expect(change).toMatchObject({
      user: 'admin',
      target: 'aspnet_state',
      details: {
        changes: { startupType: { from: 'Manual', to: 'Automatic' }, socketTimeout: { from: 30, to: 90 } },
      },
    });

    // Refused values, unknown fields and an empty PATCH get 400 and change nothing.
    for (const body of [
      { port: 0 },
      { port: 70000 },
      { socketTimeout: 0 },
      { startupType: 'Boot' },
      { mode: 1 },
      {},
    ]) {
      const bad = await call(app, admin, 'PATCH', SERVICE, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      errorOf(bad);
    }
    expect((await call(app, admin, 'GET', SERVICE)).json()).toMatchObject({
      startupType: 'Automatic',
      settings: { port, socketTimeout: 90 },
    });

    const restarted = (await call(app, admin, 'POST', `${SERVICE}/restart`)).json<StateServiceResponse>();
    pids.add(restarted.pid);
    expect(restarted).toMatchObject({ restartRequired: false, runningSettings: { socketTimeout: 90 } });
    await call(app, admin, 'POST', `${SERVICE}/stop`);
  });

  it('other service names are sc’s 1060; the name matches without regard to case', async () => {
    const { app, admin } = await start();
    const missing = await call(app, admin, 'GET', '/api/services/w3svc');
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing)).toEqual({
      statusCode: 404,
      code: 'ERROR_SERVICE_DOES_NOT_EXIST',
      message: 'The specified service does not exist as an installed service.',
    });
    expect((await call(app, admin, 'POST', '/api/services/w3svc/start')).statusCode).toBe(404);
    expect((await call(app, admin, 'GET', '/api/services/ASPNET_STATE')).json()).toMatchObject({
      name: 'aspnet_state',
    });
  });
});

describe('start-up and console restarts', () => {
  it('starts an Automatic service at console start; it outlives the console and is found again', async () => {
    const { app, root, port } = await start({ startupType: 'Automatic' });
    await runStartupHooks(startupHooks, { app, root, log: app.log }, (_hook, error) => {
      throw error;
    });
    const running = await app.stateService.describe();
    pids.add(running.pid);
    expect(running).toMatchObject({ status: 'Running', startupType: 'Automatic' });
    const pid = running.pid as number;
    expect((await auditEntries(root)).find((e) => e.action === 'service.start')).toMatchObject({
      user: 'system',
      via: 'system',
      target: 'aspnet_state',
      details: { reason: 'startup type Automatic', status: 'Running', pid },
    });

    // The console stops: the service does not.
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    expect(processExists(pid)).toBe(true);
    await roundTrip(port);

    // The next console finds it by its pid file, and its start-up leaves it alone.
    const next = buildApp({ root, consoleDist: false, stateService: { kind: 'builtin' } });
    apps.push(next);
    await next.ready();
    await startAutomaticServicesHook.run({ app: next, root, log: next.log });
    const admin = await login(next, ADMIN.username, ADMIN.password);
    const found = (await call(next, admin, 'GET', SERVICE)).json<StateServiceResponse>();
    expect(found).toMatchObject({ status: 'Running', pid });
    expect((await auditEntries(root)).filter((e) => e.action === 'service.start')).toHaveLength(1);

    expect((await call(next, admin, 'POST', `${SERVICE}/stop`)).json()).toMatchObject({ status: 'Stopped' });
    await waitForExit(pid);
  });

  it('a Manual service is not started at console start', async () => {
    const { app, root } = await start();
    await startAutomaticServicesHook.run({ app, root, log: app.log });
    expect((await app.stateService.describe()).status).toBe('Stopped');
  });
});

describe('/api/state-server/test-connection', () => {
  const TEST = '/api/state-server/test-connection';

  it('any signed-in user tests a running service: version and round trip', async () => {
    const { app, port, admin, reader } = await start();
    const started = (await call(app, admin, 'POST', `${SERVICE}/start`)).json<StateServiceResponse>();
    pids.add(started.pid);
    for (const connectionString of [`tcpip=127.0.0.1:${port}`, `tcpip=loopback:${port}`]) {
      const res = await call(app, reader, 'POST', TEST, { connectionString });
      expect(res.statusCode).toBe(200);
      const body = res.json<TestConnectionResponse>();
      expect(body).toMatchObject({ ok: true, port, version: '4.0.30319' });
      expect(body.roundTripMs).toBeGreaterThanOrEqual(0);
      expect(body.message).toMatch(
        /^Connected to the state server at .*: version 4\.0\.30319, round trip [\d.]+ ms\.$/,
      );
    }
    expect(
      (await call(app, reader, 'POST', TEST, { connectionString: `tcpip=127.0.0.1:${port}` })).json(),
    ).toMatchObject({ host: '127.0.0.1' });
    // Testing leaves no session behind (HEAD creates no state).
    await expect
      .poll(async () => (await app.stateService.describe()).counters?.totalSessions, { timeout: 3000 })
      .toBe(0);
    await call(app, admin, 'POST', `${SERVICE}/stop`);
  });

  it('a closed port is refused; an invalid string is reported; signing in is required', async () => {
    const { app, root, reader } = await start();
    const port = await freePort();
    const refused = (
      await call(app, reader, 'POST', TEST, { connectionString: `tcpip=127.0.0.1:${port}` })
    ).json<TestConnectionResponse>();
    expect(refused).toMatchObject({ ok: false, host: '127.0.0.1', port, failure: 'refused' });
    expect(refused.message).toContain(`127.0.0.1:${port} refused the connection`);

    const invalid = (
      await call(app, reader, 'POST', TEST, {
        connectionString: 'data source=127.0.0.1;Integrated Security=SSPI',
      })
    ).json<TestConnectionResponse>();
    expect(invalid).toMatchObject({ ok: false, failure: 'invalid-connection-string' });
    expect(invalid.message).toMatch(/tcpip=<server>:<port>/);

    const empty = await call(app, reader, 'POST', TEST, { connectionString: '' });
    expect(empty.statusCode).toBe(400);
    const tooShort = await call(app, reader, 'POST', TEST, {
      connectionString: `tcpip=127.0.0.1:${port}`,
      timeoutMs: 1,
    });
    expect(tooShort.statusCode).toBe(400);
    const anonymous = await app.inject({
      method: 'POST',
      url: TEST,
      payload: { connectionString: `tcpip=127.0.0.1:${port}` },
    });
    expect(anonymous.statusCode).toBe(401);
    // Testing is not a change: nothing is audited.
    expect(JSON.stringify(await auditEntries(root))).not.toContain('test-connection');
  });
});
