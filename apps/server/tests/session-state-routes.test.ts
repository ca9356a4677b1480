// The configuration routes over inject(): Session State GET/PATCH/preview with ETags, the overview,
// the server tree, history and rollback, and a catalogue of bad input that must change no file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import {
  APP_WEB,
  ROOT_WEB,
  SITE1_ORIGINAL,
  SITE1_WEB,
  changedFiles,
  createFixtureF,
  read,
  removeRoot,
  snapshot,
  write,
} from '../../../packages/config/tests/fixtures/fixtureF.js';
import { ADMIN, READER, addUser, errorOf, login, type Signedin } from './helpers.js';

let root: string;
let app: App;
let admin: Signedin;
let reader: Signedin;

beforeEach(async () => {
  root = createFixtureF();
  await addUser(root, ADMIN.username, 'administrator', ADMIN.password);
  await addUser(root, READER.username, 'reader', READER.password);
  app = buildApp({ root, consoleDist: false });
  await app.ready();
  admin = await login(app, ADMIN.username, ADMIN.password);
  reader = await login(app, READER.username, READER.password);
});
afterEach(async () => {
  await app.close();
  removeRoot(root);
});

const url = (path: string) => `/api/config/session-state?path=${encodeURIComponent(path)}`;

async function get(path: string, who: Signedin = admin) {
  const res = await app.inject({ method: 'GET', url: url(path), headers: { cookie: who.cookie } });
  return res;
}

async function patch(path: string, body: unknown, etag: string | undefined, who: Signedin = admin) {
  return app.inject({
    method: 'PATCH',
    url: url(path),
    headers: {
      cookie: who.cookie,
      'x-csrf-token': who.csrf,
      'content-type': 'application/json',
      ...(etag ? { 'if-match': etag } : {}),
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('GET /api/config/session-state', () => {
  it('returns effective values, origins, locks, the target file and an ETag', async () => {
    const res = await get('WebSite1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(res.headers.etag).toBe(body.etag);
    expect(body.attributes.mode).toMatchObject({ value: 'InProc', origin: 'default', locked: false });
    expect(body.target).toEqual({
      file: SITE1_WEB,
      configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
      location: null,
      exists: true,
    });
    expect(body.readOnly).toBeNull();
    expect((await get('')).json().target.file).toBe(ROOT_WEB);
  });

  it('a reader can read', async () => {
    expect((await get('WebSite1', reader)).statusCode).toBe(200);
  });

  it('unknown sites are 404, path escapes and oversized paths 400', async () => {
    expect(errorOf(await get('Missing')).statusCode).toBe(404);
    expect((await get('x'.repeat(3000))).statusCode).toBe(400);
  });

  it('a malformed config file in the chain is reported with file, line and column (S27)', async () => {
    write(root, SITE1_WEB, '<configuration>\n  <system.web>\n</configuration>');
    const body = (await get('WebSite1')).json();
    expect(body.readOnly).toContain(SITE1_WEB);
    expect(body.errors[0]).toMatchObject({ file: SITE1_WEB });
    const res = await patch('WebSite1', { mode: 'Off' }, body.etag);
    const e = errorOf(res);
    expect(e).toMatchObject({
      statusCode: 422,
      code: 'CONFIG_FILE',
      file: expect.stringContaining('web.config'),
    });
    expect(e.line).toBeGreaterThan(0);
  });
});

describe('PATCH /api/config/session-state', () => {
  it('applies with If-Match and returns the new state and ETag', async () => {
    const etag = (await get('WebSite1')).headers.etag as string;
    const res = await patch('WebSite1', { mode: 'StateServer', stateNetworkTimeout: 20 }, etag);
    expect(res.statusCode).toBe(200);
    expect(res.json().attributes.mode).toMatchObject({ value: 'StateServer', local: true });
    expect(res.headers.etag).not.toBe(etag);
    expect(read(root, SITE1_WEB)).toContain('<sessionState mode="StateServer" stateNetworkTimeout="20" />');
  });

  it('two clients against the same ETag: one wins, the other gets 412, nothing lost (S22)', async () => {
    const etag = (await get('WebSite1')).headers.etag as string;
    const [a, b] = await Promise.all([
      patch('WebSite1', { timeout: 30 }, etag),
      patch('WebSite1', { cookieName: 'B' }, etag),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([200, 412]);
    const text = read(root, SITE1_WEB);
    expect(text.includes('timeout="30"') !== text.includes('cookieName="B"')).toBe(true);
    expect(errorOf(a.statusCode === 412 ? a : b).code).toBe('PRECONDITION');
  });

  it('without If-Match: 428, nothing written', async () => {
    const before = snapshot(root);
    expect(errorOf(await patch('WebSite1', { mode: 'Off' }, undefined)).statusCode).toBe(428);
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('null reverts to the parent (S21)', async () => {
    write(
      root,
      SITE1_WEB,
      '<configuration>\n  <system.web>\n    <sessionState timeout="30" />\n  </system.web>\n</configuration>\n',
    );
    const etag = (await get('WebSite1')).headers.etag as string;
    const res = await patch('WebSite1', { timeout: null }, etag);
    expect(res.statusCode).toBe(200);
    expect(read(root, SITE1_WEB)).toBe('<configuration>\n</configuration>\n');
  });

  it('a reader cannot write (403), and without sign-in 401', async () => {
    const etag = (await get('WebSite1')).headers.etag as string;
    expect(errorOf(await patch('WebSite1', { mode: 'Off' }, etag, reader)).statusCode).toBe(403);
    const anon = await app.inject({ method: 'PATCH', url: url('WebSite1'), payload: { mode: 'Off' } });
    expect(errorOf(anon).statusCode).toBe(401);
    expect(read(root, SITE1_WEB)).toBe(SITE1_ORIGINAL);
  });

  it('a locked attribute is 409 Lock violation; a locked section 409 with the IIS message (S11, S12)', async () => {
    write(
      root,
      ROOT_WEB,
      '<configuration><system.web><sessionState lockAttributes="timeout" /></system.web></configuration>',
    );
    let etag = (await get('WebSite1')).headers.etag as string;
    expect(errorOf(await patch('WebSite1', { timeout: '30' }, etag))).toMatchObject({
      statusCode: 409,
      message: 'Lock violation',
    });
    write(
      root,
      ROOT_WEB,
      '<configuration><location path="WebSite1" overrideMode="Deny"><system.web><sessionState /></system.web></location></configuration>',
    );
    etag = (await get('WebSite1')).headers.etag as string;
    expect(errorOf(await patch('WebSite1', { mode: 'Off' }, etag))).toMatchObject({
      statusCode: 409,
      message: expect.stringContaining('This configuration section cannot be used at this path.'),
    });
  });

  it('a virtual directory that is not an application: 409 MachineToApplication (S15)', async () => {
    const etag = (await get('WebSite2/help')).headers.etag as string;
    expect(errorOf(await patch('WebSite2/help', { mode: 'Off' }, etag))).toMatchObject({
      statusCode: 409,
      code: 'NOT_APPLICATION',
    });
  });

  describe('bad input catalogue: each refused with its error, no file changes', () => {
    const cases: Array<[string, unknown, number, string?]> = [
      ['wrong type (object)', { timeout: { a: 1 } }, 400],
      ['wrong type (array)', { mode: ['Off'] }, 400],
      ['unknown attribute', { fooBar: '1' }, 400, 'Unknown attribute "fooBar".'],
      [
        'out of range',
        { timeout: 0 },
        400,
        'Timespan value must be between 00:00:01 and 24855.03:14:00 seconds inclusive, with a granularity of 60 seconds',
      ],
      ['bad enum', { mode: '2' }, 400, 'Enum must be one of Off, InProc, StateServer, SQLServer, Custom'],
      ['bad state connection string', { mode: 'StateServer', stateConnectionString: 'tcpip=a:b:c' }, 400],
      ['bad cookie name', { cookieName: '' }, 400, 'The cookie name cannot be empty.'],
      ['control character in a string', { cookieName: 'a\u0001b' }, 400],
      ['not JSON', '{"mode":', 400],
      ['a JSON array body', '[1,2]', 400],
    ];
    it.each(cases)('%s', async (_name, body, status, message) => {
      const etag = (await get('WebSite1')).headers.etag as string;
      const before = snapshot(root);
      const e = errorOf(await patch('WebSite1', body, etag));
      expect(e.statusCode).toBe(status);
      if (message) expect([e.message, ...(e.errors ?? []).map((x) => x.message)]).toContain(message);
      expect(changedFiles(before, snapshot(root))).toEqual([]);
    });

    it('quotes, < and newlines in strings are escaped, never injected', async () => {
      const etag = (await get('WebSite1')).headers.etag as string;
      const res = await patch('WebSite1', { partitionResolverType: 'a" evil="1\n<x>&' }, etag);
      expect(res.statusCode).toBe(200);
      expect(read(root, SITE1_WEB)).toContain('partitionResolverType="a&quot; evil=&quot;1&#xA;&lt;x>&amp;"');
      expect(res.json().attributes.partitionResolverType.value).toBe('a" evil="1\n<x>&');
    });

    it('an oversized body is 413', async () => {
      const etag = (await get('WebSite1')).headers.etag as string;
      expect(errorOf(await patch('WebSite1', { cookieName: 'x'.repeat(100_000) }, etag)).statusCode).toBe(
        413,
      );
    });
  });
});

describe('preview, overview, tree, connection strings', () => {
  it('preview returns the unified diff per file and writes nothing', async () => {
    const before = snapshot(root);
    const res = await app.inject({
      method: 'POST',
      url: `/api/config/session-state/preview?path=WebSite1%2Fapp`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { mode: 'Off' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.changed).toBe(true);
    expect(body.files[0].file).toBe(APP_WEB);
    expect(body.files[0].diff).toContain('+        <sessionState mode="Off" />');
    expect(body.files[0].diff).toContain('--- /dev/null');
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('the overview lists every site and application, filtered, sorted and paged', async () => {
    write(
      root,
      SITE1_WEB,
      '<configuration><system.web><sessionState mode="SQLServer" /></system.web></configuration>',
    );
    const res = await app.inject({
      method: 'GET',
      url: '/api/overview/session-state?sort=path',
      headers: { cookie: reader.cookie },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.items.map((i: { path: string; mode: string }) => `${i.path}:${i.mode}`)).toEqual([
      'WebSite1:SQLServer',
      'WebSite1/app:SQLServer',
      'WebSite2:InProc',
    ]);
    expect(body.items[0].origin).toMatchObject({
      file: SITE1_WEB,
      configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
    });
    const filtered = await app.inject({
      method: 'GET',
      url: '/api/overview/session-state?filter=inproc&pageSize=1',
      headers: { cookie: reader.cookie },
    });
    expect(filtered.json()).toMatchObject({ total: 1, items: [{ path: 'WebSite2' }] });
    const bad = await app.inject({
      method: 'GET',
      url: '/api/overview/session-state?pageSize=100000',
      headers: { cookie: reader.cookie },
    });
    expect(errorOf(bad).statusCode).toBe(400);
  });

  it('the tree nests applications and virtual directories under their sites', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/tree', headers: { cookie: reader.cookie } });
    const tree = res.json();
    expect(tree).toMatchObject({ kind: 'server', configPath: 'MACHINE/WEBROOT' });
    const sites = tree.children[0];
    expect(sites.children.map((s: { name: string }) => s.name)).toEqual(['WebSite1', 'WebSite2']);
    expect(sites.children[0].children).toMatchObject([
      { kind: 'application', path: 'WebSite1/app', configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1/app' },
    ]);
    expect(sites.children[1].children).toMatchObject([{ kind: 'virtualDirectory', path: 'WebSite2/help' }]);
  });

  it('named connection strings visible at a level, passwords masked', async () => {
    write(
      root,
      SITE1_WEB,
      '<configuration><connectionStrings><add name="Sessions" connectionString="data source=db;user id=u;password=secret" /></connectionStrings></configuration>',
    );
    const res = await app.inject({
      method: 'GET',
      url: '/api/config/connection-strings?path=WebSite1',
      headers: { cookie: reader.cookie },
    });
    const names = res.json().items.map((c: { name: string }) => c.name);
    expect(names).toContain('LocalSqlServer');
    expect(names).toContain('Sessions');
    expect(res.body).not.toContain('secret');
  });
});

describe('history and rollback routes', () => {
  it('lists versions, diffs them against now, rolls back (audited) and the rollback is undoable', async () => {
    const etag = (await get('WebSite1')).headers.etag as string;
    await patch('WebSite1', { timeout: 30 }, etag);
    const list = (
      await app.inject({ method: 'GET', url: '/api/history', headers: { cookie: reader.cookie } })
    ).json();
    expect(list.items).toHaveLength(1);
    const id = list.items[0].id as string;
    const diff = (
      await app.inject({ method: 'GET', url: `/api/history/${id}`, headers: { cookie: reader.cookie } })
    ).json();
    expect(diff.files[0].diff).toContain('-    <sessionState timeout="30" />');
    const readerRollback = await app.inject({
      method: 'POST',
      url: `/api/history/${id}/rollback`,
      headers: { cookie: reader.cookie, 'x-csrf-token': reader.csrf },
    });
    expect(readerRollback.statusCode).toBe(403);
    const rb = await app.inject({
      method: 'POST',
      url: `/api/history/${id}/rollback`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(rb.statusCode).toBe(200);
    expect(read(root, SITE1_WEB)).toBe(SITE1_ORIGINAL);
    const undo = await app.inject({
      method: 'POST',
      url: `/api/history/${rb.json().history.id}/rollback`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(undo.statusCode).toBe(200);
    expect(read(root, SITE1_WEB)).toContain('timeout="30"');
    const audit = (
      await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: admin.cookie } })
    ).json();
    const actions = JSON.stringify(audit);
    expect(actions).toContain('config.sessionState.set');
    expect(actions).toContain('config.rollback');
    expect(
      errorOf(
        await app.inject({
          method: 'GET',
          url: '/api/history/..%2F..%2Fetc',
          headers: { cookie: admin.cookie },
        }),
      ).statusCode,
    ).toBe(400);
  });
});
