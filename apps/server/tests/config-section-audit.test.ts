// Secrets of any section never reach the audit log or a reply: an encrypted attribute (the anonymous
// user's password) written through the generic route is masked in the audit entry and in the GET.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { APPHOST, createEngineRoot } from '../../../packages/config/tests/engine/fixtureEngine.js';
import { ADMIN, addUser, login, type Signedin } from './helpers.js';

let root: string;
let app: App;
let admin: Signedin;

beforeEach(async () => {
  root = createEngineRoot();
  await addUser(root, ADMIN.username, 'administrator', ADMIN.password);
  app = buildApp({ root, consoleDist: false });
  await app.ready();
  admin = await login(app, ADMIN.username, ADMIN.password);
});
afterEach(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

it('masks an encrypted attribute in the audit log and in the section it returns', async () => {
  const section = 'system.webServer/security/authentication/anonymousAuthentication';
  const url = `/api/config/section?section=${encodeURIComponent(section)}&path=`;
  const etag = (await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } })).json().etag;
  const res = await app.inject({
    method: 'PATCH',
    url,
    headers: {
      cookie: admin.cookie,
      'x-csrf-token': admin.csrf,
      'content-type': 'application/json',
      'if-match': etag,
    },
    payload: JSON.stringify({ attributes: { userName: 'svc-web', password: 'Pa55-word!' } }),
  });
  expect(res.statusCode).toBe(200);
  expect(res.json().attributes.password).toMatchObject({ value: '********', encrypted: true });
  expect(res.body).not.toContain('Pa55-word!');
  expect(readFileSync(join(root, APPHOST), 'utf8')).toContain('password="Pa55-word!"');
  const audit = await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: admin.cookie } });
  expect(audit.body).toContain('config.section.set');
  expect(audit.body).toContain('svc-web');
  expect(audit.body).not.toContain('Pa55-word!');
  const log = readFileSync(join(root, 'ProgramData/IISConsole/audit.log'), 'utf8');
  expect(log).not.toContain('Pa55-word!');
});
