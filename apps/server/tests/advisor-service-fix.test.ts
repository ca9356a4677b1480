// The advisor's service fixes (Start service / Set to Automatic): the Session State GET right after the
// service route answers looks at the service again, so the fixed warning is gone at once (the page
// reloads its data after a fix), although one look at the service otherwise serves 2 seconds.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { StateServiceResponse } from '@iis-console/contracts';
import type { App } from '../src/app.js';
import type { StateServiceController } from '../src/services/controller.js';
import { createApphostRoot } from '../../../packages/config/tests/apphost/fixtureApphost.js';
import { type Signedin, signedInApp, request, type SignedInApp } from './helpers.js';

let root: string;
let app: App;
let t: SignedInApp;
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
  t = await signedInApp(root, { stateService: { controller } });
  ({ app, admin } = t);
});
afterEach(() => t.close());

const send = (method: 'POST' | 'PATCH', url: string, body?: unknown) =>
  request(app, admin, method, url, body);

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
