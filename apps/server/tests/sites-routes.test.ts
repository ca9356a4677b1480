// The Sites node's API: the overview joined with IIS Manager's site columns (paged, filtered, sorted by
// warnings), and what a write returns — the new ETag and the site written, without re-reading the list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SitesOverviewResponse, SiteWriteResponse, StateServiceResponse } from '@iis-console/contracts';
import type { App } from '../src/app.js';
import type { StateServiceController } from '../src/services/controller.js';
import {
  APPHOST,
  APPHOST_TEXT,
  createApphostRoot,
  read,
} from '../../../packages/config/tests/apphost/fixtureApphost.js';
import { errorOf, type Signedin, signedInApp, request, type SignedInApp } from './helpers.js';

let root: string;
let app: App;
let t: SignedInApp;
let admin: Signedin;
let reader: Signedin;

/** A stopped, Manual state service (the advisor's StateServiceStopped fires for State Server at loopback). */
const controller = {
  kind: 'builtin',
  describe: async () => ({ status: 'Stopped', startupType: 'Manual' }) as unknown as StateServiceResponse,
  close: async () => {},
} as unknown as StateServiceController;

beforeEach(async () => {
  root = createApphostRoot();
  t = await signedInApp(root, { stateService: { controller } });
  ({ app, admin, reader } = t);
});
afterEach(() => t.close());

const get = (url: string, who: Signedin = admin) =>
  app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
const send = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body: unknown, etag: string) =>
  request(app, admin, method, url, body, { 'if-match': etag });
const etag = async () => String((await get('/api/sites')).headers.etag);
const overview = async (query: string, who: Signedin = admin) => {
  const res = await get(`/api/sites/overview?${query}`, who);
  expect(res.statusCode).toBe(200);
  return res.json() as SitesOverviewResponse;
};

describe('GET /api/sites/overview', () => {
  it('joins every site and application row with the Sites columns, for readers too', async () => {
    const body = await overview('page=1&pageSize=50', reader);
    expect(body.total).toBe(3);
    expect(body.etag).toBe(await etag());
    expect(body.statusReason).toEqual(expect.any(String));
    const rows = Object.fromEntries(body.items.map((i) => [i.path, i]));
    expect(Object.keys(rows)).toEqual(['Blog', 'Shop', 'Shop/api']);
    expect(rows.Shop).toMatchObject({
      kind: 'site',
      mode: 'InProc',
      physicalPath: '%SystemDrive%\\inetpub\\shop',
      applicationPool: 'Garden',
      site: { name: 'Shop', id: '1', status: 'Unknown', binding: '*:80 (http)', serverAutoStart: true },
    });
    expect(rows['Shop/api']).toMatchObject({
      kind: 'application',
      physicalPath: '%SystemDrive%\\inetpub\\api',
      applicationPool: 'Quiet',
    });
    expect(rows['Shop/api']?.site).toBeUndefined();
    // Blog's root application names no pool: applicationDefaults' is the one that serves it.
    expect(rows.Blog?.site).toMatchObject({ id: '2', binding: '*:8080 (http)' });
  });

  it('reads one site as the list shows it, or IIS’s not-found message', async () => {
    const list = (await get('/api/sites')).json() as { items: Array<{ name: string }> };
    const one = await get('/api/sites/shop', reader);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(list.items.find((s) => s.name === 'Shop'));
    expect(errorOf(await get('/api/sites/Nowhere'))).toMatchObject({
      statusCode: 404,
      message: 'Cannot find SITE object with identifier "Nowhere".',
    });
  });

  it('sorts by the Sites columns in the overview worker: ID numerically, binding, physical path', async () => {
    const paths = async (sort: string) => (await overview(`sort=${sort}`)).items.map((i) => i.path);
    expect(await paths('id')).toEqual(['Shop', 'Shop/api', 'Blog']);
    expect(await paths('-id')).toEqual(['Blog', 'Shop', 'Shop/api']);
    expect(await paths('binding')).toEqual(['Shop', 'Shop/api', 'Blog']);
    expect(await paths('-physicalPath')).toEqual(['Shop', 'Blog', 'Shop/api']);
    expect((await get('/api/sites/overview?sort=status')).statusCode).toBe(400);
  });

  it('sorts by warnings (most severe first, or last), filters by a warning code and pages', async () => {
    const codes = (b: SitesOverviewResponse) =>
      b.items.map((i) => [i.path, (i.warnings ?? []).map((w) => w.code).join(',')]);
    expect(codes(await overview('sort=warnings'))).toEqual([
      ['Shop', 'InProcWebGarden,SameSiteNoneInsecure'],
      ['Shop/api', 'StateServiceStopped,SameSiteNoneInsecure'],
      ['Blog', 'InProcRecycling'],
    ]);
    expect((await overview('sort=-warnings')).items.map((i) => i.path)).toEqual(['Blog', 'Shop/api', 'Shop']);
    const second = await overview('sort=warnings&page=2&pageSize=1');
    expect([second.total, second.items.map((i) => i.path)]).toEqual([3, ['Shop/api']]);
    const any = await overview('warning=any&sort=-warnings');
    expect(any.items.map((i) => i.path)).toEqual(['Blog', 'Shop/api', 'Shop']);
    const recycling = await overview('warning=InProcRecycling');
    expect(recycling.items.map((i) => i.path)).toEqual(['Blog']);
    const one = await overview('warning=stateservicestopped');
    expect(one.items.map((i) => i.path)).toEqual(['Shop/api']);
    expect((await overview('filter=blog&sort=warnings')).items.map((i) => i.path)).toEqual(['Blog']);
    expect((await get('/api/sites/overview?sort=bogus')).statusCode).toBe(400);
  });
});

describe('what a write returns', () => {
  it('the new ETag (the next write’s If-Match) and the site as the list shows it; no list', async () => {
    const added = await send(
      'POST',
      '/api/sites',
      {
        name: 'Wiki',
        physicalPath: 'C:\\wiki',
        applicationPool: 'Quiet',
        bindings: [{ protocol: 'http', bindingInformation: '*:81:wiki.example' }],
        serverAutoStart: false,
      },
      await etag(),
    );
    expect(added.statusCode).toBe(201);
    const body = added.json() as SiteWriteResponse & { items?: unknown };
    expect(body.items).toBeUndefined();
    expect(body).toMatchObject({
      changed: true,
      created: 'Wiki',
      warnings: [],
      history: expect.any(String),
      site: {
        name: 'Wiki',
        id: '3',
        status: 'Unknown',
        binding: 'wiki.example on *:81 (http)',
        physicalPath: 'C:\\wiki',
        applicationPool: 'Quiet',
        serverAutoStart: false,
      },
    });
    expect(added.headers.etag).toBe(body.etag);
    expect(body.etag).toBe(await etag());

    // The returned ETag is good for the next write, and a stale one is refused with 412.
    const bindings = await send(
      'PUT',
      '/api/sites/wiki/bindings',
      { bindings: [{ protocol: 'http', bindingInformation: '*:82:' }] },
      body.etag,
    );
    expect(bindings.statusCode).toBe(200);
    expect((bindings.json() as SiteWriteResponse).site?.binding).toBe('*:82 (http)');
    const stale = await send('PATCH', '/api/sites/Wiki', { serverAutoStart: true }, body.etag);
    expect(stale.statusCode).toBe(412);

    const settings = await send(
      'PATCH',
      '/api/sites/Wiki',
      { id: '30', serverAutoStart: true },
      (bindings.json() as SiteWriteResponse).etag,
    );
    expect((settings.json() as SiteWriteResponse).site).toMatchObject({ id: '30', serverAutoStart: true });

    const app1 = await send(
      'POST',
      '/api/applications',
      { parent: 'Wiki', alias: 'docs', physicalPath: 'C:\\docs' },
      (settings.json() as SiteWriteResponse).etag,
    );
    expect(app1.json()).toMatchObject({ created: 'Wiki/docs', changed: true });
    expect((app1.json() as SiteWriteResponse).site).toBeUndefined();

    const removed = await send(
      'DELETE',
      '/api/sites/Wiki',
      undefined,
      (app1.json() as SiteWriteResponse).etag,
    );
    expect(removed.json()).toMatchObject({ removed: 'Wiki', changed: true });
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
  });

  it('a refused write says why and changes nothing', async () => {
    const dup = await send(
      'POST',
      '/api/sites',
      { name: 'shop', physicalPath: 'C:\\x', bindings: [{ protocol: 'http', bindingInformation: '*:90:' }] },
      await etag(),
    );
    expect(errorOf(dup).message).toBe(
      "Cannot add duplicate collection entry of type 'site' with unique key attribute 'name' set to 'shop'",
    );
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
  });
});
