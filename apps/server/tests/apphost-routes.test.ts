// Application Pools, Sites, Machine Key and the session state advisor over a real app (inject) on
// real files: every write with If-Match, through the engine (only the lines it must), audited, with
// IIS's rules and messages; refusals change nothing; secrets masked for readers and in the audit log.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StateServiceResponse } from '@iis-console/contracts';
import { buildApp, type App } from '../src/app.js';
import type { StateServiceController } from '../src/services/controller.js';
import {
  API_WEB,
  APPHOST,
  APPHOST_TEXT,
  changedRegion,
  createApphostRoot,
  read,
  SHOP_WEB,
} from '../../../packages/config/tests/apphost/fixtureApphost.js';
import { ADMIN, READER, addUser, errorOf, login, type Signedin } from './helpers.js';

let root: string;
let app: App;
let admin: Signedin;
let reader: Signedin;
let service: { status: StateServiceResponse['status']; startupType: StateServiceResponse['startupType'] };

/** The state service as the advisor sees it (only `describe` is asked). */
const controller = {
  kind: 'builtin',
  describe: async () => ({ ...service }) as unknown as StateServiceResponse,
  close: async () => {},
} as unknown as StateServiceController;

beforeEach(async () => {
  root = createApphostRoot();
  service = { status: 'Stopped', startupType: 'Manual' };
  await addUser(root, ADMIN.username, 'administrator', ADMIN.password);
  await addUser(root, READER.username, 'reader', READER.password);
  app = buildApp({ root, consoleDist: false, stateService: { controller } });
  await app.ready();
  admin = await login(app, ADMIN.username, ADMIN.password);
  reader = await login(app, READER.username, READER.password);
});
afterEach(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

function get(url: string, who: Signedin = admin) {
  return app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
}
function send(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  etag?: string,
  who = admin,
) {
  return app.inject({
    method,
    url,
    headers: {
      cookie: who.cookie,
      'x-csrf-token': who.csrf,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(etag ? { 'if-match': etag } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}
async function etagOf(url = '/api/application-pools'): Promise<string> {
  return String((await get(url)).headers.etag);
}
async function auditActions(): Promise<
  Array<{ action: string; target?: string; diffSummary?: string; details?: unknown }>
> {
  return (await get('/api/audit')).json().entries;
}

describe('application pools', () => {
  it('lists IIS Manager’s columns; status Unknown off Windows, with the reason', async () => {
    const res = await get('/api/application-pools', reader);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(res.headers.etag).toBe(body.etag);
    expect(body.statusReason).toMatch(/does not run IIS \(W3SVC\)/);
    expect(
      body.items.map((p: { name: string; status: string; applications: number }) => [
        p.name,
        p.status,
        p.applications,
      ]),
    ).toEqual([
      ['DefaultAppPool', 'Unknown', 1],
      ['Garden', 'Unknown', 1],
      ['Quiet', 'Unknown', 1],
    ]);
    expect(body.items[2]).toMatchObject({
      managedRuntimeVersion: 'v4.0',
      managedPipelineMode: 'Classic',
      identity: 'NetworkService',
    });
    expect((await get('/api/application-pools/garden/applications')).json()).toEqual({
      items: [{ site: 'Shop', path: '/', sitePath: 'Shop' }],
    });
  });

  it('adds a pool with If-Match: one line written, audited; 428 without, 412 stale, 403 for readers', async () => {
    const body = {
      name: 'Api',
      managedRuntimeVersion: 'v4.0',
      managedPipelineMode: 'Classic',
      autoStart: false,
    };
    expect((await send('POST', '/api/application-pools', body)).statusCode).toBe(428);
    expect((await send('POST', '/api/application-pools', body, '"stale"')).statusCode).toBe(412);
    expect((await send('POST', '/api/application-pools', body, await etagOf(), reader)).statusCode).toBe(403);
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
    const res = await send('POST', '/api/application-pools', body, await etagOf());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ changed: true, history: expect.stringMatching(/^CFGHISTORY_/) });
    expect(res.json().items.map((p: { name: string }) => p.name)).toContain('Api');
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST))).toEqual({
      removed: [],
      added: [
        '            <add name="Api" managedRuntimeVersion="v4.0" managedPipelineMode="Classic" autoStart="false" />',
      ],
    });
    expect((await auditActions())[0]).toMatchObject({ action: 'apppool.add', target: 'Api' });
  });

  it('refuses IIS’s invalid names and duplicates with IIS’s messages', async () => {
    const bad = await send('POST', '/api/application-pools', { name: 'a|b' }, await etagOf());
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).message).toBe("The 'name' attribute is invalid.  Invalid application pool name");
    const dup = await send('POST', '/api/application-pools', { name: 'GARDEN' }, await etagOf());
    expect(dup.statusCode).toBe(400);
    expect(errorOf(dup).message).toBe(
      "Cannot add duplicate collection entry of type 'add' with unique key attribute 'name' set to 'GARDEN'",
    );
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
  });

  it('changes a pool (Advanced Settings: Idle Time-out, Maximum Worker Processes) in place', async () => {
    const res = await send(
      'PATCH',
      '/api/application-pools/Garden',
      { elements: { processModel: { attributes: { idleTimeout: '00:05:00', maxProcesses: '1' } } } },
      await etagOf(),
    );
    expect(res.statusCode).toBe(200);
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST))).toEqual({
      removed: ['                <processModel maxProcesses="4" idleTimeout="00:00:00" />'],
      added: ['                <processModel maxProcesses="1" idleTimeout="00:05:00" />'],
    });
    const bad = await send(
      'PATCH',
      '/api/application-pools/Garden',
      { elements: { processModel: { attributes: { idleTimeout: 'soon' } } } },
      await etagOf(),
    );
    expect(bad.statusCode).toBe(400);
    expect(
      (
        await send(
          'PATCH',
          '/api/application-pools/Nope',
          { attributes: { autoStart: 'false' } },
          await etagOf(),
        )
      ).statusCode,
    ).toBe(404);
  });

  it('Identity (SpecificUser): the password is written, never audited; a rename is refused', async () => {
    const res = await send(
      'PATCH',
      '/api/application-pools/Quiet',
      {
        elements: {
          processModel: {
            attributes: { identityType: 'SpecificUser', userName: 'svc-shop', password: 'Pa55-secret' },
          },
        },
      },
      await etagOf(),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().items.find((p: { name: string }) => p.name === 'Quiet').identity).toBe('svc-shop');
    expect(read(root, APPHOST)).toContain('password="Pa55-secret"');
    expect(readFileSync(join(root, 'ProgramData/IISConsole/audit.log'), 'utf8')).not.toContain('Pa55-secret');
    const rename = await send(
      'PATCH',
      '/api/application-pools/Quiet',
      { attributes: { name: 'Loud' } },
      await etagOf(),
    );
    expect(rename.statusCode).toBe(400);
    expect(errorOf(rename).message).toMatch(/^An application pool is not renamed/);
  });

  it('refuses to remove a pool applications use (409 IN_USE), removes an unused one', async () => {
    const used = await send('DELETE', '/api/application-pools/Garden', undefined, await etagOf());
    expect(used.statusCode).toBe(409);
    expect(errorOf(used)).toMatchObject({
      code: 'IN_USE',
      message:
        'The application pool "Garden" cannot be removed: 1 application uses it (Shop/). Move it to another application pool first.',
    });
    await send('POST', '/api/application-pools', { name: 'Spare' }, await etagOf());
    const res = await send('DELETE', '/api/application-pools/Spare', undefined, await etagOf());
    expect(res.statusCode).toBe(200);
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
  });

  it('sets the application pool defaults', async () => {
    const res = await send(
      'PATCH',
      '/api/application-pool-defaults',
      { attributes: { startMode: 'AlwaysRunning' } },
      await etagOf(),
    );
    expect(res.statusCode).toBe(200);
    expect(read(root, APPHOST)).toContain(
      '<applicationPoolDefaults managedRuntimeVersion="v4.0" startMode="AlwaysRunning">',
    );
  });
});

describe('sites', () => {
  it('lists Name, ID, Status, Binding and Path', async () => {
    const res = await get('/api/sites', reader);
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toEqual({
      name: 'Shop',
      id: '1',
      status: 'Unknown',
      bindings: [{ protocol: 'http', bindingInformation: '*:80:' }],
      binding: '*:80 (http)',
      physicalPath: '%SystemDrive%\\inetpub\\shop',
      applicationPool: 'Garden',
      serverAutoStart: true,
    });
    // One ETag for applicationHost.config: the sites list and the pools list agree.
    expect(res.headers.etag).toBe(await etagOf());
  });

  it('Add Website: a binding another site has gets IIS Manager’s question; Yes adds it with the warning', async () => {
    const site = {
      name: 'Wiki',
      physicalPath: '%SystemDrive%\\inetpub\\wiki',
      applicationPool: 'Quiet',
      bindings: [{ protocol: 'http', bindingInformation: '*:80:' }],
    };
    const question = await send('POST', '/api/sites', site, await etagOf('/api/sites'));
    expect(question.statusCode).toBe(409);
    expect(errorOf(question)).toMatchObject({
      code: 'DUPLICATE_BINDING',
      message:
        "The binding '*:80:' is assigned to another site. If you assign the same binding to this site, you will only be able to start one of the sites. Are you sure that you want to add this duplicate binding?",
    });
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
    const res = await send(
      'POST',
      '/api/sites',
      { ...site, allowDuplicateBinding: true },
      await etagOf('/api/sites'),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      created: 'Wiki',
      warnings: [expect.stringContaining("The binding '*:80:'")],
    });
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST)).added).toEqual([
      '            <site name="Wiki" id="3">',
      '                <application path="/" applicationPool="Quiet">',
      '                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wiki" />',
      '                </application>',
      '                <bindings>',
      '                    <binding protocol="http" bindingInformation="*:80:" />',
      '                </bindings>',
      '            </site>',
    ]);
    expect((await auditActions())[0]).toMatchObject({ action: 'site.add', target: 'Wiki' });
  });

  it('Add Website: a taken name or ID is refused with IIS’s message, before any question', async () => {
    const base = { physicalPath: 'C:\\w', bindings: [{ protocol: 'http', bindingInformation: '*:80:' }] };
    const name = await send('POST', '/api/sites', { name: 'Blog', ...base }, await etagOf('/api/sites'));
    expect(errorOf(name).message).toBe(
      "Cannot add duplicate collection entry of type 'site' with unique key attribute 'name' set to 'Blog'",
    );
    const id = await send(
      'POST',
      '/api/sites',
      { name: 'New', id: '1', ...base },
      await etagOf('/api/sites'),
    );
    expect(errorOf(id).message).toBe(
      "Cannot add duplicate collection entry of type 'site' with unique key attribute 'id' set to '1'",
    );
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
  });

  it('Edit Bindings and Basic Settings change only their lines', async () => {
    const res = await send(
      'PUT',
      '/api/sites/Blog/bindings',
      {
        bindings: [
          { protocol: 'http', bindingInformation: '*:8080:' },
          { protocol: 'https', bindingInformation: '*:443:blog.example' },
        ],
      },
      await etagOf('/api/sites'),
    );
    expect(res.statusCode).toBe(200);
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST))).toEqual({
      removed: [],
      added: ['                    <binding protocol="https" bindingInformation="*:443:blog.example" />'],
    });
    const taken = await send(
      'PUT',
      '/api/sites/Blog/bindings',
      { bindings: [{ protocol: 'http', bindingInformation: '*:80:' }] },
      await etagOf('/api/sites'),
    );
    expect(errorOf(taken).code).toBe('DUPLICATE_BINDING');
    const before = read(root, APPHOST);
    const basic = await send(
      'PATCH',
      '/api/sites/Blog',
      { physicalPath: 'D:\\blog', applicationPool: 'Quiet' },
      await etagOf('/api/sites'),
    );
    expect(basic.statusCode).toBe(200);
    expect(changedRegion(before, read(root, APPHOST))).toEqual({
      removed: [
        '                <application path="/">',
        '                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\blog" />',
      ],
      added: [
        '                <application path="/" applicationPool="Quiet">',
        '                    <virtualDirectory path="/" physicalPath="D:\\blog" />',
      ],
    });
    const id = await send('PATCH', '/api/sites/Blog', { id: '1' }, await etagOf('/api/sites'));
    expect(errorOf(id).message).toBe(
      "Cannot add duplicate collection entry of type 'site' with unique key attribute 'id' set to '1'",
    );
  });

  it('adds an application and a virtual directory, converts a folder, removes them; content stays on disk', async () => {
    const app1 = await send(
      'POST',
      '/api/applications',
      { parent: 'Blog', alias: 'admin', physicalPath: 'C:\\admin' },
      await etagOf('/api/sites'),
    );
    expect(app1.statusCode).toBe(201);
    expect(app1.json().created).toBe('Blog/admin');
    // The parent application's pool by default (Blog's root: DefaultAppPool, from applicationDefaults).
    expect(read(root, APPHOST)).toContain('<application path="/admin" applicationPool="DefaultAppPool">');
    const vdir = await send(
      'POST',
      '/api/virtual-directories',
      { parent: 'Shop/api', alias: 'docs', physicalPath: 'C:\\docs' },
      await etagOf('/api/sites'),
    );
    expect(vdir.statusCode).toBe(201);
    expect(vdir.json().created).toBe('Shop/api/docs');
    expect(read(root, APPHOST)).toContain('<virtualDirectory path="/docs" physicalPath="C:\\docs" />');
    const bad = await send(
      'POST',
      '/api/virtual-directories',
      { parent: 'Shop', alias: 'a/b', physicalPath: 'C:\\x' },
      await etagOf('/api/sites'),
    );
    expect(bad.statusCode).toBe(400);

    const converted = await send(
      'POST',
      '/api/applications/convert',
      { path: 'Shop/images' },
      await etagOf('/api/sites'),
    );
    expect(converted.statusCode).toBe(200);
    expect(read(root, APPHOST)).toContain(
      '<application path="/images" applicationPool="Garden">\n                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\shop\\images" />',
    );

    expect(
      (
        await send(
          'DELETE',
          '/api/virtual-directories?path=Shop%2Fapi%2Fdocs',
          undefined,
          await etagOf('/api/sites'),
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (await send('DELETE', '/api/applications?path=Shop%2Fimages', undefined, await etagOf('/api/sites')))
        .statusCode,
    ).toBe(200);
    expect(
      (await send('DELETE', '/api/applications?path=Shop%2Fmedia', undefined, await etagOf('/api/sites')))
        .statusCode,
    ).toBe(404);
    expect((await send('DELETE', '/api/sites/Shop', undefined, await etagOf('/api/sites'))).statusCode).toBe(
      200,
    );
    const text = read(root, APPHOST);
    expect(text).not.toContain('name="Shop"');
    expect(existsSync(join(root, SHOP_WEB))).toBe(true);
    expect(existsSync(join(root, API_WEB))).toBe(true);
    expect(existsSync(join(root, 'inetpub/shop/images/a.txt'))).toBe(true);
    expect((await auditActions()).map((e) => e.action).slice(0, 4)).toEqual([
      'site.delete',
      'app.delete',
      'vdir.delete',
      'app.convert',
    ]);
  });
});

describe('the session state advisor in the API', () => {
  it('GET session-state carries the warnings with their fields and one-click fixes; a fix applied clears one', async () => {
    const res = await get('/api/config/session-state?path=Shop', reader);
    expect(res.statusCode).toBe(200);
    const warnings = res.json().warnings as Array<{
      code: string;
      attribute: string;
      severity: string;
      fix?: { label: string };
    }>;
    expect(warnings.map((w) => [w.code, w.attribute, w.severity, w.fix?.label])).toEqual([
      ['InProcWebGarden', 'mode', 'error', 'Use State Server'],
      ['SameSiteNoneInsecure', 'cookieSameSite', 'error', 'Require SSL for cookies'],
    ]);
    const fix = (res.json().warnings[1] as { fix: { section: string; path: string; change: unknown } }).fix;
    const sectionUrl = `/api/config/section?section=${encodeURIComponent(fix.section)}&path=${encodeURIComponent(fix.path)}`;
    const applied = await send('PATCH', sectionUrl, fix.change, String((await get(sectionUrl)).headers.etag));
    expect(applied.statusCode).toBe(200);
    expect(read(root, SHOP_WEB)).toContain('<httpCookies requireSSL="true" />');
    const after = (await get('/api/config/session-state?path=Shop'))
      .json()
      .warnings.map((w: { code: string }) => w.code);
    expect(after).toEqual(['InProcWebGarden']);
  });

  it('the "Use State Server" fix through the Session State route: the web garden warning goes, the service’s comes', async () => {
    const res = await get('/api/config/session-state?path=Shop');
    const fix = res.json().warnings[0].fix as {
      section: string;
      change: { attributes: Record<string, string> };
    };
    expect(fix.section).toBe('system.web/sessionState');
    const applied = await send(
      'PATCH',
      '/api/config/session-state?path=Shop',
      fix.change.attributes,
      String(res.headers.etag),
    );
    expect(applied.statusCode).toBe(200);
    expect(read(root, SHOP_WEB)).toContain('<sessionState cookieSameSite="None" mode="StateServer" />');
    // The PATCH answers with the warnings of the new state: State Server at loopback, service stopped.
    expect(applied.json().warnings.map((w: { code: string }) => w.code)).toEqual([
      'StateServiceStopped',
      'SameSiteNoneInsecure',
    ]);
  });

  it('the "Set Idle Time-out to 0" fix writes the pool’s processModel', async () => {
    await send(
      'PATCH',
      '/api/application-pools/Garden',
      { elements: { processModel: { attributes: { maxProcesses: '1', idleTimeout: '00:05:00' } } } },
      await etagOf(),
    );
    const w = (await get('/api/config/session-state?path=Shop'))
      .json()
      .warnings.find((x: { code: string }) => x.code === 'InProcIdleTimeout');
    expect(w.fix).toMatchObject({
      label: 'Set Idle Time-out to 0',
      section: 'system.applicationHost/applicationPools',
      path: '',
    });
    const url = `/api/config/section?section=${encodeURIComponent(w.fix.section)}&path=`;
    expect((await send('PATCH', url, w.fix.change, String((await get(url)).headers.etag))).statusCode).toBe(
      200,
    );
    expect(read(root, APPHOST)).toContain('<processModel maxProcesses="1" idleTimeout="00:00:00" />');
  });

  it('StateServiceStopped follows the service; the overview carries warnings and filters by them', async () => {
    const codes = async () =>
      (await get('/api/config/session-state?path=Shop%2Fapi'))
        .json()
        .warnings.map((w: { code: string }) => w.code);
    expect(await codes()).toContain('StateServiceStopped');
    const overview = await get('/api/overview/session-state?warning=InProcWebGarden');
    expect(overview.statusCode).toBe(200);
    expect(overview.json().items.map((i: { path: string }) => i.path)).toEqual(['Shop']);
    expect(overview.json().items[0].warnings.map((w: { code: string }) => w.code)).toEqual([
      'InProcWebGarden',
      'SameSiteNoneInsecure',
    ]);
    const stopped = await get('/api/overview/session-state?warning=StateServiceStopped');
    expect(stopped.json().total).toBe(1);
    service = { status: 'Running', startupType: 'Automatic' };
    await new Promise((r) => setTimeout(r, 2100)); // the service's state is looked at every 2 s at most
    expect(await codes()).not.toContain('StateServiceStopped');
    expect((await get('/api/overview/session-state?warning=StateServiceStopped')).json().total).toBe(0);
  });
});

describe('machine key', () => {
  it('Generate Keys: random keys of the algorithms’ lengths, for administrators', async () => {
    const res = await send('POST', '/api/machine-key/generate', {
      validation: 'HMACSHA256',
      decryption: 'AES',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.validationKey).toMatch(/^[0-9A-F]{128}$/);
    expect(body.decryptionKey).toMatch(/^[0-9A-F]{64}$/);
    const again = (await send('POST', '/api/machine-key/generate', {})).json();
    expect(again.validationKey).not.toBe(body.validationKey);
    expect(
      (
        await send('POST', '/api/machine-key/generate', { validation: 'HMACSHA512', decryption: '3DES' })
      ).json(),
    ).toMatchObject({
      validationKeyBytes: 128,
      decryptionKeyBytes: 24,
    });
    expect((await send('POST', '/api/machine-key/generate', { validation: 'alg:Mine' })).statusCode).toBe(
      400,
    );
    expect((await send('POST', '/api/machine-key/generate', {}, undefined, reader)).statusCode).toBe(403);
  });

  it('keys are masked in the audit log and for readers (section and history diffs), shown to administrators', async () => {
    const keys = (await send('POST', '/api/machine-key/generate', {})).json();
    const url = `/api/config/section?section=system.web%2FmachineKey&path=Shop`;
    const res = await send(
      'PATCH',
      url,
      {
        attributes: {
          validationKey: keys.validationKey,
          decryptionKey: keys.decryptionKey,
          validation: 'HMACSHA256',
        },
      },
      String((await get(url)).headers.etag),
    );
    expect(res.statusCode).toBe(200);
    expect(read(root, SHOP_WEB)).toContain(`validationKey="${keys.validationKey}"`);
    const logText = readFileSync(join(root, 'ProgramData/IISConsole/audit.log'), 'utf8');
    expect(logText).not.toContain(keys.validationKey);
    expect(logText).not.toContain(keys.decryptionKey);
    expect(logText).toContain('validationKey=\\"********\\"');

    expect((await get(url)).json().attributes.validationKey.value).toBe(keys.validationKey);
    const forReader = (await get(url, reader)).json();
    expect(forReader.attributes.validationKey.value).toBe('********');
    expect(forReader.attributes.decryptionKey.stored).toBe('********');
    expect(JSON.stringify(forReader)).not.toContain(keys.validationKey);

    const id = (await get('/api/history')).json().items[0].id;
    const diffFor = async (who: Signedin) => JSON.stringify((await get(`/api/history/${id}`, who)).json());
    expect(await diffFor(reader)).not.toContain(keys.validationKey);
    expect(await diffFor(admin)).toContain(keys.validationKey);
  });
});

describe('OpenAPI', () => {
  it('describes the new routes', async () => {
    const paths = (await get('/api/docs/json')).json().paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/application-pools'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/application-pools/{name}'] ?? {}).sort()).toEqual(['delete', 'patch']);
    expect(Object.keys(paths['/api/sites'] ?? {}).sort()).toEqual(['get', 'post']);
    for (const p of [
      '/api/application-pool-defaults',
      '/api/sites/{name}/bindings',
      '/api/applications',
      '/api/applications/convert',
      '/api/virtual-directories',
      '/api/machine-key/generate',
    ])
      expect(paths[p], p).toBeDefined();
  });
});
