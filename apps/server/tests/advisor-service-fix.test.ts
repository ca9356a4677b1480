// The advisor's service fixes (Start service / Set to Automatic): the Session State GET right after the
// service route answers looks at the service again, so the fixed warning is gone at once (the page
// reloads its data after a fix), although one look at the service otherwise serves 2 seconds.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { StateServiceResponse } from '@iis-console/contracts';
import { buildApp, type App } from '../src/app.js';
import type { StateServiceController } from '../src/services/controller.js';
import { createApphostRoot } from '../../../packages/config/tests/apphost/fixtureApphost.js';
import { ADMIN, addUser, login, type Signedin } from './helpers.js';

let root: string;
let app: App;
let admin: Signedin;
let service: { status: StateServiceResponse['status']; startupType: StateServiceResponse['startupType'] };

const describeService = async (): Promise<StateServiceResponse> => ({
  name: 'aspnet_state',
  displayName: 'ASP.NET State Service',
  ...service,
  settings: { port: 42424, allowRemoteConnection: false, socketTimeout: 30 },
  runningSettings: null,
  pid: null,
  controller: 'builtin',
  counters: null,
  restartRequired: false,
});
const controller = {
  kind: 'builtin',
  describe: describeService,
  start: async () => {
    service = { ...service, status: 'Running' };
    return describeService();
  },
  configure: async (patch: { startupType?: StateServiceResponse['startupType'] }) => {
    service = { ...service, ...(patch.startupType ? { startupType: patch.startupType } : {}) };
    return describeService();
  },
  close: async () => {},
} as unknown as StateServiceController;

beforeEach(async () => {
  root = createApphostRoot();
  service = { status: 'Stopped', startupType: 'Manual' };
  await addUser(root, ADMIN.username, 'administrator', ADMIN.password);
  app = buildApp({ root, consoleDist: false, stateService: { controller } });
  await app.ready();
  admin = await login(app, ADMIN.username, ADMIN.password);
});
afterEach(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

const send = (method: 'POST' | 'PATCH', url: string, body?: unknown) =>
  app.inject({
    method,
    url,
    headers: {
      cookie: admin.cookie,
      'x-csrf-token': admin.csrf,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

async function stateServiceWarning() {
  const res = await app.inject({
    method: 'GET',
    url: '/api/config/session-state?path=Shop%2Fapi',
    headers: { cookie: admin.cookie },
  });
  expect(res.statusCode).toBe(200);
  return (res.json() as { warnings: Array<{ code?: string; message: string; fix?: unknown }> }).warnings.find(
    (w) => w.code === 'StateServiceStopped',
  );
}

it('Start service: the warning is re-evaluated at once and turns into Set to Automatic', async () => {
  expect(await stateServiceWarning()).toMatchObject({
    fix: { kind: 'service', label: 'Start service', start: true, startupType: 'Automatic' },
  });
  expect((await send('POST', '/api/services/aspnet_state/start')).statusCode).toBe(200);
  const after = await stateServiceWarning();
  expect(after?.message).toMatch(/runs but its startup type is Manual/);
  expect(after?.fix).toMatchObject({ label: 'Set to Automatic', start: false });

  expect((await send('PATCH', '/api/services/aspnet_state', { startupType: 'Automatic' })).statusCode).toBe(
    200,
  );
  expect(await stateServiceWarning()).toBeUndefined();
});
