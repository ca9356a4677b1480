// Refusals the API can explain never reach the client as a bare 500: bad site paths are 400
// INVALID_PATH; a missing content folder, a read-only file, a folder where the file should be, a
// history folder that cannot be written and a rollback whose folder vanished are 409s naming the
// file (root-relative, as the API names files everywhere); each changes zero bytes. A malformed file
// is 422 without the host path of the root.
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileAccessError } from '@iis-console/config';
import { buildApp, type App } from '../src/app.js';
import { toApiError } from '../src/errors.js';
import {
  APP_WEB,
  SITE1_WEB,
  addSite,
  changedFiles,
  createFixtureF,
  removeRoot,
  snapshot,
  write,
} from '../../../packages/config/tests/fixtures/fixtureF.js';
import { ADMIN, addUser, errorOf, login, type Signedin } from './helpers.js';

const INTRANET_WEB = 'vhosts/intranet/http/web.config';

let root: string;
let app: App;
let admin: Signedin;

beforeEach(async () => {
  root = createFixtureF();
  addSite(root, 'Intranet', 'C:\\vhosts\\intranet\\http');
  await addUser(root, ADMIN.username, 'administrator', ADMIN.password);
  app = buildApp({ root, consoleDist: false });
  await app.ready();
  admin = await login(app, ADMIN.username, ADMIN.password);
});
afterEach(async () => {
  await app.close();
  if (existsSync(join(root, SITE1_WEB))) chmodSync(join(root, SITE1_WEB), 0o644);
  removeRoot(root);
});

const url = (path: string) => `/api/config/session-state?path=${encodeURIComponent(path)}`;
const get = (path: string) =>
  app.inject({ method: 'GET', url: url(path), headers: { cookie: admin.cookie } });

async function patch(path: string, body: unknown) {
  const etag = (await get(path)).headers.etag as string;
  return app.inject({
    method: 'PATCH',
    url: url(path),
    headers: {
      cookie: admin.cookie,
      'x-csrf-token': admin.csrf,
      'content-type': 'application/json',
      'if-match': etag,
    },
    payload: JSON.stringify(body),
  });
}

function historyIds(): string[] {
  const dir = join(root, 'inetpub/history');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('CFGHISTORY_')) : [];
}

/** The configuration files (the console's own state under ProgramData aside). */
function configSnapshot(): Map<string, string> {
  const all = snapshot(root);
  for (const name of [...all.keys()]) if (name.startsWith('ProgramData/')) all.delete(name);
  return all;
}

describe('site paths with ".", "..", empty segments or control characters', () => {
  it.each([
    ['Intranet/../../outside', '"." and ".." segments are not allowed (found "..")'],
    ['WebSite1/./app', '"." and ".." segments are not allowed (found ".")'],
    ['WebSite1//app', 'empty segments are not allowed'],
    ['/WebSite1', 'empty segments are not allowed'],
    ['WebSite1\u0001', 'control characters are not allowed (found U+0001)'],
  ])('GET %j is 400 INVALID_PATH naming the path and the rule', async (path, rule) => {
    const e = errorOf(await get(path));
    expect(e).toMatchObject({ statusCode: 400, code: 'INVALID_PATH' });
    expect(e.message).toContain('is not valid');
    expect(e.message).toContain(rule);
    expect(e.message).toContain(`"${path.replace('\u0001', '\\u0001')}"`);
  });

  it('PATCH, preview and connection strings refuse them too, writing nothing', async () => {
    const before = configSnapshot();
    const res = await app.inject({
      method: 'PATCH',
      url: url('WebSite1/..'),
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
        'content-type': 'application/json',
        'if-match': '*',
      },
      payload: '{"mode":"Off"}',
    });
    expect(errorOf(res)).toMatchObject({ statusCode: 400, code: 'INVALID_PATH' });
    const preview = await app.inject({
      method: 'POST',
      url: `/api/config/session-state/preview?path=${encodeURIComponent('WebSite1/../x')}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      payload: '{"mode":"Off"}',
    });
    expect(errorOf(preview).code).toBe('INVALID_PATH');
    const cs = await app.inject({
      method: 'GET',
      url: `/api/config/connection-strings?path=${encodeURIComponent('WebSite1//')}`,
      headers: { cookie: admin.cookie },
    });
    expect(errorOf(cs).code).toBe('INVALID_PATH');
    expect(changedFiles(before, configSnapshot())).toEqual([]);
  });

  it('a trailing slash and the empty path stay valid', async () => {
    expect((await get('WebSite1/')).json().configPath).toBe('MACHINE/WEBROOT/APPHOST/WebSite1');
    expect((await get('')).json().configPath).toBe('MACHINE/WEBROOT');
  });
});

describe('a site whose content folder does not exist (C:\\vhosts\\intranet\\http)', () => {
  it('GET says so in readOnly before Apply; PATCH is 409 TARGET_FOLDER_MISSING naming the file; zero bytes', async () => {
    const view = (await get('Intranet')).json();
    expect(view.target).toMatchObject({ file: INTRANET_WEB, exists: false });
    expect(view.readOnly).toContain('the folder vhosts/intranet/http does not exist');
    expect(view.readOnly).toContain('C:\\vhosts\\intranet\\http');

    const before = configSnapshot();
    const e = errorOf(await patch('Intranet', { mode: 'StateServer' }));
    expect(e).toEqual({
      statusCode: 409,
      code: 'TARGET_FOLDER_MISSING',
      message:
        'Cannot write vhosts/intranet/http/web.config: the folder vhosts/intranet/http does not exist. ' +
        'Create the folder, or correct the physical path of the site "Intranet" (C:\\vhosts\\intranet\\http).',
      file: INTRANET_WEB,
    });
    expect(changedFiles(before, configSnapshot())).toEqual([]);
    expect(existsSync(join(root, 'vhosts'))).toBe(false);
    expect(historyIds()).toEqual([]);
  });

  it('preview is refused the same way', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/config/session-state/preview?path=Intranet',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      payload: '{"mode":"Off"}',
    });
    expect(errorOf(res)).toMatchObject({
      statusCode: 409,
      code: 'TARGET_FOLDER_MISSING',
      file: INTRANET_WEB,
    });
  });
});

describe('other refusals of the file system', () => {
  it('a read-only web.config is 409 READ_ONLY, said by GET first; zero bytes', async () => {
    chmodSync(join(root, SITE1_WEB), 0o444);
    expect((await get('WebSite1')).json().readOnly).toBe(
      'Cannot write inetpub/WebSite1/web.config: the file is read-only. Clear its read-only attribute (give it write permission) and try again.',
    );
    const before = configSnapshot();
    const e = errorOf(await patch('WebSite1', { timeout: 30 }));
    expect(e).toMatchObject({ statusCode: 409, code: 'READ_ONLY', file: SITE1_WEB });
    expect(e.message).toContain('inetpub/WebSite1/web.config');
    expect(changedFiles(before, configSnapshot())).toEqual([]);
    expect(historyIds()).toEqual([]);
  });

  it('a folder named web.config is 409 NOT_A_FILE', async () => {
    mkdirSync(join(root, APP_WEB));
    const e = errorOf(await patch('WebSite1/app', { mode: 'Off' }));
    expect(e).toMatchObject({ statusCode: 409, code: 'NOT_A_FILE', file: APP_WEB });
  });

  it('a history folder that cannot be created is 409 naming inetpub/history; zero bytes', async () => {
    mkdirSync(join(root, 'inetpub'), { recursive: true });
    writeFileSync(join(root, 'inetpub/history'), 'not a folder');
    const before = configSnapshot();
    const e = errorOf(await patch('WebSite1', { timeout: 30 }));
    expect(e).toMatchObject({ statusCode: 409, code: 'NOT_A_FILE', file: 'inetpub/history' });
    expect(e.message).toContain('Cannot save the configuration history in inetpub/history');
    expect(changedFiles(before, configSnapshot())).toEqual([]);
  });

  it('rolling back a file whose folder has vanished is 409 TARGET_FOLDER_MISSING; zero bytes', async () => {
    write(root, APP_WEB, '<configuration />');
    expect((await patch('WebSite1/app', { mode: 'Off' })).statusCode).toBe(200);
    const [id] = historyIds();
    rmSync(join(root, 'inetpub/WebSite1App'), { recursive: true });
    const before = configSnapshot();
    const res = await app.inject({
      method: 'POST',
      url: `/api/history/${id}/rollback`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    const e = errorOf(res);
    expect(e).toMatchObject({ statusCode: 409, code: 'TARGET_FOLDER_MISSING', file: APP_WEB });
    expect(e.message).toContain('the folder inetpub/WebSite1App does not exist');
    expect(changedFiles(before, configSnapshot())).toEqual([]);
    expect(historyIds()).toEqual([id]);
  });

  it('a malformed web.config is 422 naming the file root-relative, never the host path of the root', async () => {
    write(root, SITE1_WEB, '<configuration>\n  <system.web>\n</configuration>');
    const res = await patch('WebSite1', { mode: 'Off' });
    const e = errorOf(res);
    expect(e).toMatchObject({ statusCode: 422, code: 'CONFIG_FILE', file: SITE1_WEB, line: 3 });
    expect(e.message).toMatch(/^inetpub\/WebSite1\/web\.config\(3,\d+\): /);
    expect(res.body).not.toContain(root);
  });
});

describe('statuses of file system refusals', () => {
  const refusal = (problem: 'disk-full' | 'failed', errno: string) =>
    new FileAccessError({ file: SITE1_WEB, folder: 'inetpub/WebSite1', operation: 'write', problem, errno });

  it('a full disk is 507 DISK_FULL with its message and file', () => {
    expect(toApiError(refusal('disk-full', 'ENOSPC'))).toEqual({
      error: {
        statusCode: 507,
        code: 'DISK_FULL',
        message: 'Cannot write inetpub/WebSite1/web.config: there is no space left on the disk (ENOSPC).',
        file: SITE1_WEB,
      },
    });
  });

  it('an unexplained failure stays a 500 with a generic message and no detail', () => {
    expect(toApiError(refusal('failed', 'EIO'))).toEqual({
      error: {
        statusCode: 500,
        code: 'WRITE_FAILED',
        message: 'The configuration file could not be written.',
      },
    });
  });
});
