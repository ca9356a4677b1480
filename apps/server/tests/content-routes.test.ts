// Content View (`GET /api/content`) over a real app on real folders: the applications and virtual
// directories below a level, then its folders and files; links are not listed; the server, unknown
// sites and paths that leave the root are refused; readers may look, nobody unsigned.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSite, createFixtureF } from '../../../packages/config/tests/fixtures/fixtureF.js';
import { errorOf, signedInApp, type SignedInApp } from './helpers.js';

let root: string;
let t: SignedInApp;

beforeEach(async () => {
  root = createFixtureF();
  t = await signedInApp(root);
});
afterEach(() => t.close());

const content = (path: string, cookie = t.reader.cookie) =>
  t.app.inject({
    method: 'GET',
    url: `/api/content?path=${encodeURIComponent(path)}`,
    headers: cookie ? { cookie } : {},
  });

describe('GET /api/content', () => {
  it('lists the applications below a site, then its folders, then its files, each by name', async () => {
    const site = join(root, 'inetpub/WebSite1');
    mkdirSync(join(site, 'images'), { recursive: true });
    mkdirSync(join(site, 'Bin'), { recursive: true });
    writeFileSync(join(site, 'default.aspx'), '<%@ Page %>');
    // A folder named like the application is the application (as IIS Manager shows it).
    mkdirSync(join(site, 'app'), { recursive: true });
    const res = await content('WebSite1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      path: 'WebSite1',
      kind: 'site',
      physicalPath: 'C:\\inetpub\\WebSite1',
      exists: true,
      truncated: false,
    });
    expect(body.items).toEqual([
      { name: 'app', kind: 'application', path: 'WebSite1/app' },
      { name: 'Bin', kind: 'folder', path: 'WebSite1/Bin' },
      { name: 'images', kind: 'folder', path: 'WebSite1/images' },
      { name: 'default.aspx', kind: 'file', path: 'WebSite1/default.aspx' },
      { name: 'web.config', kind: 'file', path: 'WebSite1/web.config' },
    ]);
  });

  it('a virtual directory is listed where it lives; a folder level lists its own folder', async () => {
    const help = (await content('WebSite2')).json();
    expect(help.items).toContainEqual({ name: 'help', kind: 'virtualDirectory', path: 'WebSite2/help' });
    mkdirSync(join(root, 'inetpub/WebSite1/images/icons'), { recursive: true });
    writeFileSync(join(root, 'inetpub/WebSite1/images/logo.png'), 'png');
    const folder = (await content('WebSite1/images')).json();
    expect(folder).toMatchObject({ kind: 'folder', physicalPath: 'C:\\inetpub\\WebSite1\\images' });
    expect(folder.items).toEqual([
      { name: 'icons', kind: 'folder', path: 'WebSite1/images/icons' },
      { name: 'logo.png', kind: 'file', path: 'WebSite1/images/logo.png' },
    ]);
  });

  it('a missing physical folder says so and still lists the virtual items', async () => {
    addSite(root, 'Gone', 'C:\\inetpub\\gone');
    const res = await content('Gone');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ exists: false, items: [], physicalPath: 'C:\\inetpub\\gone' });
  });

  it('symbolic links are not listed, so nothing outside the root is ever shown', async () => {
    const outside = join(tmpdir(), `iisconsole-outside-${process.pid}`);
    mkdirSync(outside, { recursive: true });
    try {
      symlinkSync(outside, join(root, 'inetpub/WebSite1/escape'));
      const names = (await content('WebSite1')).json().items.map((i: { name: string }) => i.name);
      expect(names).not.toContain('escape');
      const through = await content('WebSite1/escape');
      expect(through.statusCode).toBeGreaterThanOrEqual(400);
      expect(errorOf(through).message).not.toContain(outside);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses the server, an unknown site and a path with .. ; nothing without sign-in', async () => {
    expect(errorOf(await content(''))).toMatchObject({ statusCode: 400 });
    expect(errorOf(await content('NoSuchSite'))).toMatchObject({
      statusCode: 404,
      message: 'Cannot find SITE object with identifier "NoSuchSite".',
    });
    expect(errorOf(await content('WebSite1/../WebSite2'))).toMatchObject({ statusCode: 400 });
    expect((await content('WebSite1', '')).statusCode).toBe(401);
  });
});
