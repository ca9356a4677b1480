// Search Configuration, the lock attributes of a level and the Config Error view's file excerpt, over
// inject() on fixture F.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import {
  APPHOST,
  createFixtureF,
  SITE1_WEB,
  SITE2_WEB,
} from '../../../packages/config/tests/fixtures/fixtureF.js';
import { ADMIN, READER, addUser, login, type Signedin } from './helpers.js';

let root: string;
let app: App;
let reader: Signedin;

beforeEach(async () => {
  root = createFixtureF();
  await addUser(root, ADMIN.username, 'administrator', ADMIN.password);
  await addUser(root, READER.username, 'reader', READER.password);
  app = buildApp({ root, consoleDist: false });
  await app.ready();
  reader = await login(app, READER.username, READER.password);
});
afterEach(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: reader.cookie } });

describe('GET /api/config/search', () => {
  it('finds a section set in two files, with the level, location, file and line of each', async () => {
    writeFileSync(
      join(root, SITE2_WEB),
      '<configuration>\n  <system.webServer>\n    <defaultDocument enabled="false" />\n  </system.webServer>\n</configuration>\n',
    );
    const apphost = readFileSync(join(root, APPHOST), 'utf8').replace(
      '</configuration>',
      '  <location path="WebSite1/app">\n    <system.webServer>\n      <defaultDocument enabled="true" />\n    </system.webServer>\n  </location>\n</configuration>',
    );
    writeFileSync(join(root, APPHOST), apphost);
    const locationLine =
      apphost.split('\n').findIndex((l) => l.includes('<defaultDocument enabled="true" />')) + 1;
    const res = await get('/api/config/search?section=defaultDocument');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(
      body.items.map((h: { file: string; configPath: string; location: string | null; line: number }) => [
        h.file,
        h.configPath,
        h.location,
        h.line,
      ]),
    ).toEqual([
      [APPHOST, 'MACHINE/WEBROOT/APPHOST/WebSite1/app', 'WebSite1/app', locationLine],
      [SITE1_WEB, 'MACHINE/WEBROOT/APPHOST/WebSite1', null, 4],
      [SITE2_WEB, 'MACHINE/WEBROOT/APPHOST/WebSite2', null, 3],
    ]);
    expect(
      body.items.every((h: { section: string }) => h.section === 'system.webServer/defaultDocument'),
    ).toBe(true);
    expect(body.unreadable).toEqual([]);

    // Scoped to a level and below.
    const site2 = (await get('/api/config/search?section=defaultDocument&path=WebSite2')).json();
    expect(site2.items.map((h: { file: string }) => h.file)).toEqual([SITE2_WEB]);
  });

  it('without a section lists every section set anywhere; an unreadable file is named, not fatal', async () => {
    writeFileSync(join(root, SITE2_WEB), '<configuration><system.webServer>');
    const body = (await get('/api/config/search')).json();
    const sections = new Set(body.items.map((h: { section: string }) => h.section));
    expect(sections.has('system.webServer/defaultDocument')).toBe(true);
    expect(sections.has('system.applicationHost/sites')).toBe(true);
    expect(body.unreadable.map((u: { file: string }) => u.file)).toEqual([SITE2_WEB]);
  });
});

describe('GET /api/config/section/local-locks', () => {
  it('returns lockAttributes set where a write at the level goes', async () => {
    writeFileSync(
      join(root, SITE1_WEB),
      '<configuration>\n  <system.webServer>\n    <directoryBrowse enabled="true" lockAttributes="enabled" />\n  </system.webServer>\n</configuration>\n',
    );
    const res = await get(
      `/api/config/section/local-locks?section=${encodeURIComponent('system.webServer/directoryBrowse')}&path=WebSite1`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ elements: { '': { lockAttributes: 'enabled' } } });
    const server = await get(
      `/api/config/section/local-locks?section=${encodeURIComponent('system.webServer/directoryBrowse')}&path=`,
    );
    expect(server.json()).toEqual({ elements: {} });
  });
});

describe('GET /api/config/file-excerpt', () => {
  it('returns the lines around a line of a .config file; other files are refused', async () => {
    const res = await get(`/api/config/file-excerpt?file=${encodeURIComponent(SITE1_WEB)}&line=4&context=1`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      file: SITE1_WEB,
      lines: [
        { number: 3, text: '  <system.webServer>' },
        {
          number: 4,
          text: '    <defaultDocument><files><add value="home1.html" /></files></defaultDocument>',
        },
        { number: 5, text: '  </system.webServer>' },
      ],
    });
    const other = await get(
      `/api/config/file-excerpt?file=${encodeURIComponent('ProgramData/IISConsole/users.json')}&line=1`,
    );
    expect(other.statusCode).toBe(400);
    const escape = await get(
      `/api/config/file-excerpt?file=${encodeURIComponent('../../etc/x.config')}&line=1`,
    );
    expect(escape.statusCode).toBe(400);
  });
});
