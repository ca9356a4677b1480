// The generic section routes over inject(): any section's GET with ETag, PATCH (attributes, child
// elements, collections) with If-Match, preview, lock/unlock, the audit log with secrets masked, and
// refusals that change no file.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { changedFiles, snapshot } from '../../../packages/config/tests/fixtures/fixtureF.js';
import {
  APPHOST,
  createEngineRoot,
  SITE1_TEXT,
  SITE1_WEB,
} from '../../../packages/config/tests/engine/fixtureEngine.js';
import { ADMIN, READER, addUser, login, type Signedin } from './helpers.js';

let root: string;
let app: App;
let admin: Signedin;
let reader: Signedin;

beforeEach(async () => {
  root = createEngineRoot();
  await addUser(root, ADMIN.username, 'administrator', ADMIN.password);
  await addUser(root, READER.username, 'reader', READER.password);
  app = buildApp({ root, consoleDist: false });
  await app.ready();
  admin = await login(app, ADMIN.username, ADMIN.password);
  reader = await login(app, READER.username, READER.password);
});
afterEach(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

const q = (section: string, path: string) =>
  `section=${encodeURIComponent(section)}&path=${encodeURIComponent(path)}`;

function get(section: string, path: string, who: Signedin = admin) {
  return app.inject({
    method: 'GET',
    url: `/api/config/section?${q(section, path)}`,
    headers: { cookie: who.cookie },
  });
}

function send(method: 'PATCH' | 'POST', url: string, body: unknown, who: Signedin = admin, etag?: string) {
  return app.inject({
    method,
    url,
    headers: {
      cookie: who.cookie,
      'x-csrf-token': who.csrf,
      'content-type': 'application/json',
      ...(etag ? { 'if-match': etag } : {}),
    },
    payload: JSON.stringify(body),
  });
}

describe('GET /api/config/section and /sections', () => {
  it('returns a section with items, origins and an ETag; readers may read', async () => {
    const res = await get('system.webServer/defaultDocument', 'Site1', reader);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(res.headers.etag).toBe(body.etag);
    expect(body.elements.files.collection.items.map((i: { key: { value: string } }) => i.key.value)).toEqual([
      'Default.htm',
      'index.html',
    ]);
    expect(body.target).toMatchObject({ file: SITE1_WEB, location: null });
  });

  it('lists the sections of a level', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/config/sections?path=Site1',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((s: { name: string }) => s.name);
    expect(names).toContain('system.webServer/handlers');
    expect(names).toContain('system.web/sessionState');
  });

  it('an unknown section is 404 with IIS’s message; anonymous is 401', async () => {
    const res = await get('system.webServer/nope', 'Site1');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe(
      "The configuration section 'system.webServer/nope' cannot be read because it is missing schema",
    );
    const anon = await app.inject({
      method: 'GET',
      url: `/api/config/section?${q('system.webServer/handlers', '')}`,
    });
    expect(anon.statusCode).toBe(401);
  });
});

describe('PATCH /api/config/section', () => {
  it('applies attribute and collection changes with If-Match, and writes the audit log', async () => {
    const { etag } = (await get('system.webServer/defaultDocument', 'Site1')).json();
    const res = await send(
      'PATCH',
      `/api/config/section?${q('system.webServer/defaultDocument', 'Site1')}`,
      { collections: { files: [{ op: 'add', attributes: { value: 'home.html' } }] } },
      admin,
      etag,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().elements.files.collection.items[0]).toMatchObject({
      key: { value: 'home.html' },
      local: true,
    });
    expect(readFileSync(join(root, SITE1_WEB), 'utf8')).toContain('<add value="home.html" />');
    const audit = await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: admin.cookie } });
    expect(JSON.stringify(audit.json())).toContain('config.section.set');
  });

  it('428 without If-Match, 412 on a stale ETag, 403 for a reader — no file changes', async () => {
    const before = snapshot(root);
    const url = `/api/config/section?${q('system.webServer/directoryBrowse', 'Site1')}`;
    const change = { attributes: { enabled: 'true' } };
    expect((await send('PATCH', url, change)).statusCode).toBe(428);
    expect((await send('PATCH', url, change, admin, '"stale"')).statusCode).toBe(412);
    const { etag } = (await get('system.webServer/directoryBrowse', 'Site1')).json();
    expect((await send('PATCH', url, change, reader, etag)).statusCode).toBe(403);
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('refusals carry IIS’s messages: bad value (400), duplicate (400), lock (409)', async () => {
    const before = snapshot(root);
    const etagOf = async (section: string) => (await get(section, 'Site1')).json().etag as string;
    const bad = await send(
      'PATCH',
      `/api/config/section?${q('system.webServer/httpLogging', 'Site1')}`,
      { attributes: { selectiveLogging: 'Never' } },
      admin,
      await etagOf('system.webServer/httpLogging'),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.errors[0].message).toBe('Enum must be one of LogAll, LogSuccessful, LogError');
    const dup = await send(
      'PATCH',
      `/api/config/section?${q('system.webServer/defaultDocument', 'Site1')}`,
      { collections: { files: [{ op: 'add', attributes: { value: 'Default.htm' } }] } },
      admin,
      await etagOf('system.webServer/defaultDocument'),
    );
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.message).toBe(
      "Cannot add duplicate collection entry of type 'add' with unique key attribute 'value' set to 'Default.htm'",
    );
    const appcmdLocked = await send(
      'PATCH',
      `/api/config/section?${q('system.applicationHost/sites', 'Site1')}`,
      { attributes: {} },
      admin,
      await etagOf('system.applicationHost/sites'),
    );
    expect(appcmdLocked.statusCode).toBe(409);
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('an unknown property in the body is refused (400)', async () => {
    const res = await send(
      'PATCH',
      `/api/config/section?${q('system.webServer/directoryBrowse', 'Site1')}`,
      { attrs: {} },
      admin,
      '"x"',
    );
    expect(res.statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('describes the section routes with their schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json', headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/config/section'] ?? {}).sort()).toEqual(['get', 'patch']);
    for (const p of ['/api/config/sections', '/api/config/section/preview', '/api/config/section/lock'])
      expect(paths[p]).toBeDefined();
    expect(JSON.stringify(res.json().components ?? {})).toContain('ConfigCollection');
  });
});

describe('preview and lock', () => {
  it('preview shows the unified diff and writes nothing', async () => {
    const before = snapshot(root);
    const res = await send(
      'POST',
      `/api/config/section/preview?${q('system.webServer/urlCompression', 'Site1')}`,
      {
        attributes: { doDynamicCompression: 'false' },
      },
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.changed).toBe(true);
    expect(body.files[0].file).toBe(SITE1_WEB);
    expect(body.files[0].diff).toContain('-    <urlCompression doDynamicCompression="true" />');
    expect(body.files[0].diff).toContain('+    <urlCompression doDynamicCompression="false" />');
    expect(changedFiles(before, snapshot(root))).toEqual([]);
    expect(readFileSync(join(root, SITE1_WEB), 'utf8')).toBe(SITE1_TEXT);
  });

  it('lock writes overrideMode="Deny" for the path; the level below becomes read-only', async () => {
    const res = await send(
      'POST',
      `/api/config/section/lock?${q('system.webServer/directoryBrowse', 'Site1')}`,
      {
        overrideMode: 'Deny',
      },
    );
    expect(res.statusCode).toBe(200);
    expect(readFileSync(join(root, APPHOST), 'utf8')).toContain(
      '<location path="Site1" overrideMode="Deny">',
    );
    const below = (await get('system.webServer/directoryBrowse', 'Site1/app')).json();
    expect(below.sectionLocked).toBe(true);
    expect(below.readOnly).toContain('cannot be used at this path');
  });
});
