// Start, Stop and Recycle of an application pool (routes/application-pools/control.ts): off Windows,
// or on a root that is not the server's own drive, they are refused with the reason the list gives for
// its Unknown states; nothing is written; readers cannot ask; a missing pool is IIS's "not found".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { appcmdMessage } from '../src/routes/application-pools/control.js';
import { APPHOST, createApphostRoot, read } from '../../../packages/config/tests/apphost/fixtureApphost.js';
import { errorOf, type Signedin, signedInApp, type SignedInApp } from './helpers.js';

let root: string;
let app: App;
let t: SignedInApp;
let admin: Signedin;
let reader: Signedin;

beforeEach(async () => {
  root = createApphostRoot();
  t = await signedInApp(root);
  ({ app, admin, reader } = t);
});
afterEach(() => t.close());

function post(url: string, who: Signedin = admin) {
  return app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
}

describe('Start, Stop, Recycle', () => {
  it.each(['start', 'stop', 'recycle'])(
    '%s is refused with the reason of the Unknown states',
    async (command) => {
      const before = read(root, APPHOST);
      const list = (
        await app.inject({ method: 'GET', url: '/api/application-pools', headers: { cookie: admin.cookie } })
      ).json() as { statusReason: string | null; items: Array<{ status: string }> };
      expect(list.items.every((p) => p.status === 'Unknown')).toBe(true);
      expect(list.statusReason).toMatch(/Start, Stop and Recycle are unavailable/);

      const res = await post(`/api/application-pools/Garden/${command}`);
      expect(res.statusCode).toBe(409);
      expect(errorOf(res)).toMatchObject({ code: 'UNAVAILABLE', message: list.statusReason });
      expect(read(root, APPHOST)).toBe(before);
    },
  );

  it('answers 404 for a pool that does not exist, 403 to a reader', async () => {
    const missing = await post('/api/application-pools/Nope/start');
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).message).toBe('Cannot find APPPOOL object with identifier "Nope".');
    expect((await post('/api/application-pools/Garden/start', reader)).statusCode).toBe(403);
  });
});

it('reads appcmd.exe’s refusal out of its output', () => {
  expect(
    appcmdMessage('ERROR ( message:The object identifier does not represent a valid object. )\r\n'),
  ).toBe('The object identifier does not represent a valid object.');
  expect(appcmdMessage('something else\n')).toBe('something else');
});
