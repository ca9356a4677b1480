// Application pools and sites through the engine, on real files: each write changes only the lines it
// must (byte for byte the same elsewhere), refusals change nothing, content on disk is never touched.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addApplicationPool,
  addSite,
  bindingConflicts,
  bindingDisplay,
  bindingsChange,
  changeApplicationPool,
  ConfigEngine,
  ConfigurationSystem,
  convertToApplicationChange,
  duplicateBindingMessage,
  findSite,
  listApplicationPools,
  newApplicationChange,
  newVirtualDirectoryChange,
  removeApplicationPool,
  removeChange,
  setApplicationPoolDefaults,
  siteRow,
  SITES_SECTION,
  sitesView,
} from '../../src/index.js';
import { APPHOST, APPHOST_TEXT, changedRegion, createApphostRoot, read } from './fixtureApphost.js';

let root: string;
let system: ConfigurationSystem;
let engine: ConfigEngine;
beforeEach(() => {
  root = createApphostRoot();
  system = new ConfigurationSystem(root);
  engine = new ConfigEngine(system);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const opts = { client: 'console' as const };
const history = () => readdirSync(join(root, 'inetpub/history')).filter((n) => n.startsWith('CFGHISTORY_'));

describe('application pools', () => {
  it('lists IIS Manager’s columns with the applications of each pool', () => {
    const { rows } = listApplicationPools(engine, system.serverTree());
    expect(rows).toEqual([
      {
        name: 'DefaultAppPool',
        managedRuntimeVersion: 'v4.0',
        managedPipelineMode: 'Integrated',
        identity: 'ApplicationPoolIdentity',
        identityType: 'ApplicationPoolIdentity',
        autoStart: true,
        startMode: 'OnDemand',
        applications: 1,
      },
      expect.objectContaining({ name: 'Garden', applications: 1 }),
      expect.objectContaining({
        name: 'Quiet',
        managedPipelineMode: 'Classic',
        identity: 'NetworkService',
        applications: 1,
      }),
    ]);
  });

  it('adds a pool: one line inserted, history kept', () => {
    const r = addApplicationPool(engine, { name: 'Api', attributes: { managedRuntimeVersion: '' } }, opts);
    expect(r.changed).toBe(true);
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST))).toEqual({
      removed: [],
      added: ['            <add name="Api" managedRuntimeVersion="" />'],
    });
    expect(history()).toHaveLength(1);
  });

  it('refuses a name IIS refuses, or a duplicate, and writes nothing', () => {
    expect(() => addApplicationPool(engine, { name: 'a/b' }, opts)).toThrow(
      "The 'name' attribute is invalid.  Invalid application pool name",
    );
    expect(() => addApplicationPool(engine, { name: '   ' }, opts)).toThrow('Invalid application pool name');
    expect(() => addApplicationPool(engine, { name: 'x'.repeat(65) }, opts)).toThrow(
      'longer than 64 characters',
    );
    expect(() => addApplicationPool(engine, { name: 'garden' }, opts)).toThrow(
      "Cannot add duplicate collection entry of type 'add' with unique key attribute 'name' set to 'garden'",
    );
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
    expect(history()).toHaveLength(0);
  });

  it('changes a pool’s processModel in place (Idle Time-out), checked against the ETag', () => {
    const { view } = listApplicationPools(engine, system.serverTree());
    expect(() =>
      changeApplicationPool(
        engine,
        'Garden',
        { elements: { processModel: { attributes: { idleTimeout: '00:05:00' } } } },
        {
          ...opts,
          ifMatch: '"stale"',
        },
      ),
    ).toThrow('changed by someone else');
    changeApplicationPool(
      engine,
      'garden',
      { elements: { processModel: { attributes: { idleTimeout: '00:05:00' } } } },
      { ...opts, ifMatch: view.etag },
    );
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST))).toEqual({
      removed: ['                <processModel maxProcesses="4" idleTimeout="00:00:00" />'],
      added: ['                <processModel maxProcesses="4" idleTimeout="00:05:00" />'],
    });
  });

  it('adds specific recycling times and edits pool attributes (Recycling…, Basic Settings…)', () => {
    changeApplicationPool(
      engine,
      'Quiet',
      {
        attributes: { managedPipelineMode: 'Integrated' },
        collections: {
          'recycling.periodicRestart.schedule': [{ op: 'add', attributes: { value: '03:00:00' } }],
        },
      },
      opts,
    );
    const text = read(root, APPHOST);
    expect(text).toContain(
      '<add name="Quiet" managedRuntimeVersion="v4.0" managedPipelineMode="Integrated">',
    );
    expect(text).toContain('<add value="03:00:00" />');
    const pool = listApplicationPools(engine, system.serverTree()).view.collection!.items.find(
      (p) => p.key.name === 'Quiet',
    )!;
    expect(
      pool.elements.recycling!.elements.periodicRestart!.elements.schedule!.collection!.items,
    ).toHaveLength(1);
  });

  it('refuses to remove a pool applications use (the console), removes an unused one back to the bytes before', () => {
    expect(() => removeApplicationPool(engine, system.serverTree(), 'Garden', opts)).toThrow(
      'The application pool "Garden" cannot be removed: 1 application uses it (Shop/). Move it to another application pool first.',
    );
    addApplicationPool(engine, { name: 'Spare' }, opts);
    removeApplicationPool(engine, system.serverTree(), 'spare', opts);
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
  });

  it('sets the application pool defaults', () => {
    setApplicationPoolDefaults(
      engine,
      { elements: { processModel: { attributes: { idleTimeout: '00:00:00' } } } },
      opts,
    );
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST))).toEqual({
      removed: ['                <processModel identityType="ApplicationPoolIdentity" />'],
      added: [
        '                <processModel identityType="ApplicationPoolIdentity" idleTimeout="00:00:00" />',
      ],
    });
  });
});

describe('sites', () => {
  it('shows IIS Manager’s Binding and Path columns', () => {
    expect(siteRow(findSite(sitesView(engine), 'Shop'))).toEqual({
      name: 'Shop',
      id: '1',
      bindings: [{ protocol: 'http', bindingInformation: '*:80:' }],
      binding: '*:80 (http)',
      physicalPath: '%SystemDrive%\\inetpub\\shop',
      applicationPool: 'Garden',
      serverAutoStart: true,
    });
    expect(bindingDisplay({ protocol: 'https', bindingInformation: '10.0.0.5:443:shop.example' })).toBe(
      'shop.example on 10.0.0.5:443 (https)',
    );
    expect(bindingDisplay({ protocol: 'net.tcp', bindingInformation: '808:*' })).toBe('808:* (net.tcp)');
  });

  it('adds a site with its root application, virtual directory and binding; the rest of the file untouched', () => {
    addSite(
      engine,
      {
        name: 'Wiki',
        physicalPath: '%SystemDrive%\\inetpub\\wiki',
        applicationPool: 'Quiet',
        bindings: [{ protocol: 'http', bindingInformation: '*:8081:' }],
      },
      opts,
    );
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST))).toEqual({
      removed: [],
      added: [
        '            <site name="Wiki" id="3">',
        '                <application path="/" applicationPool="Quiet">',
        '                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wiki" />',
        '                </application>',
        '                <bindings>',
        '                    <binding protocol="http" bindingInformation="*:8081:" />',
        '                </bindings>',
        '            </site>',
      ],
    });
  });

  it('refuses a taken name or ID with IIS’s message, and an invalid name', () => {
    const site = { physicalPath: 'C:\\x', bindings: [{ protocol: 'http', bindingInformation: '*:9000:' }] };
    expect(() => addSite(engine, { name: 'shop', ...site }, opts)).toThrow(
      "Cannot add duplicate collection entry of type 'site' with unique key attribute 'name' set to 'shop'",
    );
    expect(() => addSite(engine, { name: 'New', id: '2', ...site }, opts)).toThrow(
      "Cannot add duplicate collection entry of type 'site' with unique key attribute 'id' set to '2'",
    );
    expect(() => addSite(engine, { name: 'a:b', ...site }, opts)).toThrow(
      "The 'name' attribute is invalid.  Invalid site name",
    );
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
  });

  it('finds a binding another site already has (IIS Manager’s warning)', () => {
    const view = sitesView(engine);
    expect(bindingConflicts(view, [{ protocol: 'http', bindingInformation: '*:80:' }])).toEqual([
      { binding: { protocol: 'http', bindingInformation: '*:80:' }, site: 'Shop' },
    ]);
    expect(bindingConflicts(view, [{ protocol: 'https', bindingInformation: '*:80:' }])).toHaveLength(1);
    expect(bindingConflicts(view, [{ protocol: 'http', bindingInformation: '*:80:' }], 'Shop')).toEqual([]);
    expect(bindingConflicts(view, [{ protocol: 'http', bindingInformation: '*:80:other' }])).toEqual([]);
    expect(duplicateBindingMessage({ protocol: 'http', bindingInformation: '*:80:' })).toBe(
      "The binding '*:80:' is assigned to another site. If you assign the same binding to this site, you will only be able to start one of the sites. Are you sure that you want to add this duplicate binding?",
    );
  });

  it('edits bindings: only the binding that changes is touched', () => {
    const site = findSite(sitesView(engine), 'Blog');
    const change = bindingsChange(site, [{ protocol: 'http', bindingInformation: '*:8090:' }]);
    engine.apply(SITES_SECTION, '', change, opts);
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST))).toEqual({
      removed: ['                    <binding protocol="http" bindingInformation="*:8080:" />'],
      added: ['                    <binding protocol="http" bindingInformation="*:8090:" />'],
    });
    // The same bindings again: nothing to change.
    expect(
      bindingsChange(findSite(sitesView(engine), 'Blog'), [
        { protocol: 'http', bindingInformation: '*:8090:' },
      ]),
    ).toEqual({});
  });

  it('adds an application and a virtual directory', () => {
    engine.apply(
      SITES_SECTION,
      '',
      newApplicationChange(sitesView(engine), {
        site: 'blog',
        path: '/admin',
        physicalPath: 'C:\\admin',
        applicationPool: 'Quiet',
      }).change,
      opts,
    );
    const vdir = newVirtualDirectoryChange(sitesView(engine), {
      application: 'Blog/admin',
      path: '/files',
      physicalPath: 'C:\\files',
    });
    expect(vdir.id).toBe('Blog/admin/files');
    engine.apply(SITES_SECTION, '', vdir.change, opts);
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST)).added).toEqual([
      '                <application path="/admin" applicationPool="Quiet">',
      '                    <virtualDirectory path="/" physicalPath="C:\\admin" />',
      '                    <virtualDirectory path="/files" physicalPath="C:\\files" />',
      '                </application>',
    ]);
  });

  it('converts a virtual directory to an application: it moves, with the parent’s pool', () => {
    const c = convertToApplicationChange(sitesView(engine), 'Shop/media');
    expect(c).toMatchObject({ site: 'Shop', path: '/media' });
    engine.apply(SITES_SECTION, '', c.change, opts);
    const text = read(root, APPHOST);
    expect(changedRegion(APPHOST_TEXT, text).removed).toContain(
      '                    <virtualDirectory path="/media" physicalPath="%SystemDrive%\\inetpub\\media" />',
    );
    expect(text).toContain(
      '<application path="/media" applicationPool="Garden">\n                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\media" />',
    );
    expect(system.resolveLevel('Shop/media').kind).toBe('application');
  });

  it('converts a folder to an application at the folder’s physical path', () => {
    const c = convertToApplicationChange(sitesView(engine), 'Shop/images', 'Quiet');
    engine.apply(SITES_SECTION, '', c.change, opts);
    expect(read(root, APPHOST)).toContain(
      '<application path="/images" applicationPool="Quiet">\n                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\shop\\images" />',
    );
    expect(() => convertToApplicationChange(sitesView(engine), 'Shop/api')).toThrow(
      'is already an application',
    );
  });

  it('removes a virtual directory, an application and a site, never their content', () => {
    for (const path of ['Shop/media', 'Shop/api', 'Blog']) {
      engine.apply(SITES_SECTION, '', removeChange(sitesView(engine), path).change, opts);
    }
    const text = read(root, APPHOST);
    expect(text).not.toContain('/media');
    expect(text).not.toContain('path="/api"');
    expect(text).not.toContain('Blog');
    // Exactly those elements' lines are gone; every other byte is as it was.
    const expected = APPHOST_TEXT.replace(
      '                    <virtualDirectory path="/media" physicalPath="%SystemDrive%\\inetpub\\media" />\n',
      '',
    )
      .replace(/ {16}<application path="\/api"[\s\S]*?<\/application>\n/, '')
      .replace(/ {12}<site name="Blog"[\s\S]*?<\/site>\n/, '');
    expect(text).toBe(expected);
    expect(existsSync(join(root, 'inetpub/media/logo.txt'))).toBe(true);
    expect(existsSync(join(root, 'inetpub/blog/index.html'))).toBe(true);
    expect(existsSync(join(root, 'inetpub/api/web.config'))).toBe(true);
    expect(() => removeChange(sitesView(engine), 'Shop/')).toThrow('remove the site instead');
  });
});
