// The generic engine on real files under a temporary root: what IIS Manager / Microsoft.Web.Administration
// would write for the same change (same file, element and <location>), and not one byte more.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigError } from '@iis-console/config';
import { ConfigEngine, ConfigurationSystem, ValidationError } from '@iis-console/config';
import { changedFiles, snapshot } from '../fixtures/fixtureF.js';
import {
  APP_WEB,
  APPHOST,
  APPHOST_TEXT,
  createEngineRoot,
  SITE1_TEXT,
  SITE1_WEB,
  SITE2_WEB,
} from './fixtureEngine.js';

let root: string;
let engine: ConfigEngine;
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');

beforeEach(() => {
  root = createEngineRoot();
  engine = new ConfigEngine(new ConfigurationSystem(root));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs a change and returns which files changed (history excluded). */
function applying(fn: () => void): string[] {
  const before = snapshot(root);
  fn();
  return changedFiles(before, snapshot(root));
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('expected a refusal');
}

describe('reading a section', () => {
  it('merges attributes, child elements and collections with origins', () => {
    const v = engine.getSection('system.webServer/defaultDocument', 'Site1');
    expect(v.attributes.enabled).toMatchObject({
      value: 'true',
      local: false,
      origin: { configPath: 'MACHINE/WEBROOT/APPHOST' },
    });
    const files = v.elements.files!.collection!;
    expect(files.items.map((i) => i.key.value)).toEqual(['Default.htm', 'index.html']);
    expect(files.items[0]!.origin).toMatchObject({ file: APPHOST, line: 60 });
    expect(files.clearedAt).toMatchObject({ file: APPHOST, line: 59 });
    expect(v.target).toMatchObject({
      file: SITE1_WEB,
      configPath: 'MACHINE/WEBROOT/APPHOST/Site1',
      location: null,
    });
    expect(v.readOnly).toBeNull();
    expect(v.etag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('shows schema defaults with their canonical text', () => {
    const v = engine.getSection('system.webServer/directoryBrowse', 'Site2');
    expect(v.attributes.showFlags).toMatchObject({ value: 'Date, Time, Size, Extension', origin: 'default' });
    expect(v.attributes.enabled).toMatchObject({
      value: 'false',
      origin: { configPath: 'MACHINE/WEBROOT/APPHOST' },
    });
  });

  it('takes collection items’ defaults from the defaults element (applicationPoolDefaults)', () => {
    const v = engine.getSection('system.applicationHost/applicationPools', '', { client: 'appcmd' });
    const pools = v.collection!.items;
    expect(pools.map((p) => p.key.name)).toEqual(['DefaultAppPool', 'Shop']);
    expect(pools[0]!.attributes.managedRuntimeVersion).toMatchObject({
      value: 'v4.0',
      origin: { file: APPHOST },
    });
    expect(pools[1]!.attributes.managedPipelineMode!.value).toBe('Classic');
    expect(pools[1]!.elements.processModel!.attributes.idleTimeout!.value).toBe('00:10:00');
    expect(pools[0]!.elements.processModel!.path).toBe("[name='DefaultAppPool'].processModel");
  });

  it('masks encrypted attributes', () => {
    writeFileSync(
      join(root, APPHOST),
      APPHOST_TEXT.replace('userName="IUSR" />', 'userName="IUSR" password="s3cret" />'),
    );
    const v = engine.getSection('system.webServer/security/authentication/anonymousAuthentication', '');
    expect(v.attributes.password).toMatchObject({ value: '********', stored: '********', encrypted: true });
    expect(JSON.stringify(v)).not.toContain('s3cret');
  });

  it('names IIS’s error for a section nobody defines', () => {
    expect(errorOf(() => engine.getSection('system.webServer/nothing', '')).message).toBe(
      "The configuration section 'system.webServer/nothing' cannot be read because it is missing schema",
    );
  });

  it('reports an unrecognized attribute in a file with its line', () => {
    writeFileSync(
      join(root, SITE1_WEB),
      SITE1_TEXT.replace('<urlCompression ', '<urlCompression bogus="1" '),
    );
    const v = engine.getSection('system.webServer/urlCompression', 'Site1');
    expect(v.errors).toContainEqual({
      file: SITE1_WEB,
      line: 5,
      column: 21,
      message: "Unrecognized attribute 'bogus'",
    });
    expect(v.unknownAttributes[0]).toMatchObject({ name: 'bogus', value: '1' });
  });
});

describe('attributes', () => {
  it('directoryBrowse enabled at a site: one attribute in the site web.config; revert gives the bytes back', () => {
    const changed = applying(() =>
      engine.apply('system.webServer/directoryBrowse', 'Site1', { attributes: { enabled: 'True' } }),
    );
    expect(changed).toEqual([SITE1_WEB]);
    expect(read(SITE1_WEB)).toBe(
      SITE1_TEXT.replace(
        '    <urlCompression doDynamicCompression="true" />\n',
        '    <urlCompression doDynamicCompression="true" />\n    <directoryBrowse enabled="true" />\n',
      ),
    );
    engine.apply('system.webServer/directoryBrowse', 'Site1', { attributes: { enabled: null } });
    expect(read(SITE1_WEB)).toBe(SITE1_TEXT);
  });

  it('urlCompression: changes the value in place; flags and enums are written canonically', () => {
    engine.apply('system.webServer/urlCompression', 'Site1', {
      attributes: { doDynamicCompression: 'false' },
    });
    expect(read(SITE1_WEB)).toBe(
      SITE1_TEXT.replace('doDynamicCompression="true"', 'doDynamicCompression="false"'),
    );
    engine.apply('system.webServer/directoryBrowse', 'Site1', { attributes: { showFlags: 'size,date' } });
    expect(read(SITE1_WEB)).toContain('<directoryBrowse showFlags="Date, Size" />');
  });

  it('a child element’s attribute (requestFiltering/requestLimits) creates only what is missing', () => {
    engine.apply('system.webServer/security/requestFiltering', 'Site2', {
      elements: { requestLimits: { attributes: { maxAllowedContentLength: '1048576' } } },
    });
    expect(read(SITE2_WEB)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n    <system.webServer>\r\n        <security>\r\n            <requestFiltering>\r\n                <requestLimits maxAllowedContentLength="1048576" />\r\n            </requestFiltering>\r\n        </security>\r\n    </system.webServer>\r\n</configuration>\r\n',
    );
  });

  it('refuses bad values with IIS’s messages and writes nothing', () => {
    const before = snapshot(root);
    const e = errorOf(() =>
      engine.apply('system.webServer/httpLogging', '', {
        attributes: { selectiveLogging: 'Sometimes', dontLog: 'maybe' },
      }),
    ) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.errors.map((x) => x.message)).toEqual([
      'Enum must be one of LogAll, LogSuccessful, LogError',
      "The value 'maybe' is not valid: a boolean value must be true or false.",
    ]);
    const flags = errorOf(() =>
      engine.apply('system.webServer/directoryBrowse', 'Site1', {
        attributes: { showFlags: 'Date, Weekday' },
      }),
    );
    expect(flags.message).toBe(
      'Flags must be some combination of None, Date, Time, Size, Extension, LongDate',
    );
    const unknown = errorOf(() =>
      engine.apply('system.webServer/directoryBrowse', 'Site1', { attributes: { enabledX: 'true' } }),
    );
    expect(unknown.message).toBe("Unrecognized attribute 'enabledX'");
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('a lockAttributes at the server makes the attribute read-only below (Lock violation)', () => {
    writeFileSync(
      join(root, APPHOST),
      APPHOST_TEXT.replace(
        '<directoryBrowse enabled="false" />',
        '<directoryBrowse enabled="false" lockAttributes="enabled" />',
      ),
    );
    const v = engine.getSection('system.webServer/directoryBrowse', 'Site1');
    expect(v.attributes.enabled).toMatchObject({ locked: true, lockedBy: { file: APPHOST } });
    expect(v.attributes.showFlags!.locked).toBe(false);
    const e = errorOf(() =>
      engine.apply('system.webServer/directoryBrowse', 'Site1', { attributes: { enabled: 'true' } }),
    );
    expect(e).toMatchObject({ code: 'LOCKED', message: 'Lock violation' });
  });

  it('a value set below a lock is reported as IIS’s Lock violation with its file and line', () => {
    writeFileSync(
      join(root, APPHOST),
      APPHOST_TEXT.replace(
        '<directoryBrowse enabled="false" />',
        '<directoryBrowse enabled="false" lockAttributes="enabled" />',
      ),
    );
    writeFileSync(
      join(root, SITE1_WEB),
      SITE1_TEXT.replace('<urlCompression', '<directoryBrowse enabled="true" />\n    <urlCompression'),
    );
    const v = engine.getSection('system.webServer/directoryBrowse', 'Site1');
    expect(v.errors).toContainEqual({ file: SITE1_WEB, line: 5, column: 22, message: 'Lock violation' });
  });

  it('after Apply, a change made by someone else is seen at once (no stale cache)', () => {
    engine.apply('system.webServer/urlCompression', 'Site1', {
      attributes: { doStaticCompression: 'false' },
    });
    expect(
      engine.getSection('system.webServer/urlCompression', 'Site1').attributes.doStaticCompression!.value,
    ).toBe('false');
    writeFileSync(join(root, SITE1_WEB), SITE1_TEXT);
    expect(
      engine.getSection('system.webServer/urlCompression', 'Site1').attributes.doStaticCompression!.value,
    ).toBe('true');
  });

  it('writes lockAttributes at the server and it binds the sites below; unknown names are refused', () => {
    engine.apply(
      'system.webServer/directoryBrowse',
      '',
      { attributes: { lockAttributes: 'enabled' } },
      { client: 'appcmd' },
    );
    expect(read(APPHOST)).toContain('<directoryBrowse enabled="false" lockAttributes="enabled" />');
    expect(engine.getSection('system.webServer/directoryBrowse', 'Site1').attributes.enabled!.locked).toBe(
      true,
    );
    const e = errorOf(() =>
      engine.apply(
        'system.webServer/directoryBrowse',
        '',
        { attributes: { lockAttributes: 'enabledX' } },
        { client: 'appcmd' },
      ),
    );
    expect(e.message).toBe("lockAttributes contains unknown attribute 'enabledX'");
    engine.apply(
      'system.webServer/directoryBrowse',
      '',
      { attributes: { lockAttributes: null } },
      { client: 'appcmd' },
    );
    expect(read(APPHOST)).toBe(APPHOST_TEXT);
  });

  it('writes lockItem on an entry and lockElements on an element', () => {
    engine.apply(
      'system.webServer/defaultDocument',
      '',
      {
        attributes: { lockElements: 'files' },
        collections: {
          files: [{ op: 'set', key: { value: 'index.html' }, attributes: { lockItem: 'true' } }],
        },
      },
      { client: 'appcmd' },
    );
    expect(read(APPHOST)).toContain('<defaultDocument enabled="true" lockElements="files">');
    expect(read(APPHOST)).toContain('<add value="index.html" lockItem="true" />');
    const v = engine.getSection('system.webServer/defaultDocument', 'Site1');
    expect(v.elements.files!.locked).toBe(true);
    expect(v.elements.files!.collection!.items.find((i) => i.key.value === 'index.html')!.locked).toBe(true);
  });

  it('a stale ETag is refused (412) and writes nothing', () => {
    const { etag } = engine.getSection('system.webServer/urlCompression', 'Site1');
    writeFileSync(join(root, SITE1_WEB), SITE1_TEXT.replace('true', 'false'));
    const e = errorOf(() =>
      engine.apply(
        'system.webServer/urlCompression',
        'Site1',
        { attributes: { doStaticCompression: 'false' } },
        { client: 'console', ifMatch: etag },
      ),
    );
    expect(e.code).toBe('PRECONDITION');
  });
});

describe('collections', () => {
  it('defaultDocument: add writes <add>, removing an inherited entry writes <remove>', () => {
    const changed = applying(() =>
      engine.apply('system.webServer/defaultDocument', 'Site1', {
        collections: {
          files: [
            { op: 'remove', key: { value: 'index.html' } },
            { op: 'add', attributes: { value: 'home.html' } },
          ],
        },
      }),
    );
    expect(changed).toEqual([SITE1_WEB]);
    expect(read(SITE1_WEB)).toBe(
      SITE1_TEXT.replace(
        '    <urlCompression doDynamicCompression="true" />\n',
        '    <urlCompression doDynamicCompression="true" />\n    <defaultDocument>\n      <files>\n        <remove value="index.html" />\n        <add value="home.html" />\n      </files>\n    </defaultDocument>\n',
      ),
    );
    const v = engine.getSection('system.webServer/defaultDocument', 'Site1');
    // mergeAppend="false": this level's entries come first.
    expect(v.elements.files!.collection!.items.map((i) => [i.key.value, i.local])).toEqual([
      ['home.html', true],
      ['Default.htm', false],
    ]);
  });

  it('removing an entry added at the same level deletes its <add>; the emptied elements go too', () => {
    engine.apply('system.webServer/defaultDocument', 'Site1', {
      collections: { files: [{ op: 'add', attributes: { value: 'home.html' } }] },
    });
    engine.apply('system.webServer/defaultDocument', 'Site1', {
      collections: { files: [{ op: 'remove', key: { value: 'home.html' } }] },
    });
    expect(read(SITE1_WEB)).toBe(SITE1_TEXT);
  });

  it('clear writes <clear /> when entries are inherited', () => {
    engine.apply('system.webServer/defaultDocument', 'Site2', {
      collections: { files: [{ op: 'clear' }, { op: 'add', attributes: { value: 'start.aspx' } }] },
    });
    expect(read(SITE2_WEB)).toContain(
      '<files>\r\n                <clear />\r\n                <add value="start.aspx" />\r\n            </files>',
    );
    const v = engine.getSection('system.webServer/defaultDocument', 'Site2');
    expect(v.elements.files!.collection!.items.map((i) => i.key.value)).toEqual(['start.aspx']);
  });

  it('a duplicate key is refused with IIS’s message (unique and combined keys)', () => {
    const e = errorOf(() =>
      engine.apply('system.webServer/defaultDocument', 'Site1', {
        collections: { files: [{ op: 'add', attributes: { value: 'INDEX.html' } }] },
      }),
    );
    expect(e.message).toBe(
      "Cannot add duplicate collection entry of type 'add' with unique key attribute 'value' set to 'INDEX.html'",
    );
    const c = errorOf(() =>
      engine.apply('system.webServer/httpErrors', 'Site1', {
        collections: { '': [{ op: 'add', attributes: { statusCode: '404', path: 'x.htm' } }] },
      }),
    );
    expect(c.message).toBe(
      "Cannot add duplicate collection entry of type 'error' with combined key attributes 'statusCode, subStatusCode' respectively set to '404, -1'",
    );
  });

  it('httpErrors: a new error entry, checked against integerRange and required attributes', () => {
    const bad = errorOf(() =>
      engine.apply('system.webServer/httpErrors', 'Site1', {
        collections: { '': [{ op: 'add', attributes: { statusCode: '200' } }] },
      }),
    ) as ValidationError;
    expect(bad.errors.map((x) => x.message)).toEqual([
      'Integer value must be between 400 and 999 inclusive',
      "Missing required attribute 'path'",
    ]);
    engine.apply('system.webServer/httpErrors', 'Site1', {
      attributes: { errorMode: 'custom' },
      collections: { '': [{ op: 'add', attributes: { path: '500.htm', statusCode: '500' } }] },
    });
    expect(read(SITE1_WEB)).toContain(
      '<httpErrors errorMode="Custom">\n      <error statusCode="500" path="500.htm" />\n    </httpErrors>',
    );
  });

  it('handlers (overrideModeDefault="Deny"): removing an inherited entry at a site goes to applicationHost.config <location>', () => {
    const changed = applying(() =>
      engine.apply('system.webServer/handlers', 'Site1', {
        collections: { '': [{ op: 'remove', key: { name: 'TRACEVerbHandler' } }] },
      }),
    );
    expect(changed).toEqual([APPHOST]);
    expect(read(APPHOST)).toBe(
      APPHOST_TEXT.replace(
        '    </system.webServer>\n</configuration>\n',
        '    </system.webServer>\n    <location path="Site1">\n        <system.webServer>\n            <handlers>\n                <remove name="TRACEVerbHandler" />\n            </handlers>\n        </system.webServer>\n    </location>\n</configuration>\n',
      ),
    );
    const v = engine.getSection('system.webServer/handlers', 'Site1');
    expect(v.collection!.items.map((i) => i.key.name)).toEqual(['StaticFile']);
    expect(v.target).toMatchObject({
      file: APPHOST,
      location: 'Site1',
      configPath: 'MACHINE/WEBROOT/APPHOST/Site1',
    });
  });

  it('changing an inherited entry writes <remove> and the entry again with the new values', () => {
    engine.apply('system.webServer/handlers', 'Site2', {
      collections: { '': [{ op: 'set', key: { name: 'StaticFile' }, attributes: { verb: 'GET,HEAD' } }] },
    });
    expect(read(APPHOST)).toContain(
      '<handlers>\n                <remove name="StaticFile" />\n                <add name="StaticFile" path="*" verb="GET,HEAD" modules="StaticFileModule" />\n            </handlers>',
    );
  });

  it('lockItem: an entry locked at the server cannot be removed below', () => {
    writeFileSync(
      join(root, APPHOST),
      APPHOST_TEXT.replace('<add value="index.html" />', '<add value="index.html" lockItem="true" />'),
    );
    const e = errorOf(() =>
      engine.apply('system.webServer/defaultDocument', 'Site1', {
        collections: { files: [{ op: 'remove', key: { value: 'index.html' } }] },
      }),
    );
    expect(e).toMatchObject({ code: 'LOCKED', message: 'Lock violation' });
  });

  it('lockElements: a locked child element cannot be changed below', () => {
    writeFileSync(
      join(root, APPHOST),
      APPHOST_TEXT.replace(
        '<defaultDocument enabled="true">',
        '<defaultDocument enabled="true" lockElements="files">',
      ),
    );
    const v = engine.getSection('system.webServer/defaultDocument', 'Site1');
    expect(v.elements.files!.locked).toBe(true);
    const e = errorOf(() =>
      engine.apply('system.webServer/defaultDocument', 'Site1', {
        collections: { files: [{ op: 'clear' }] },
      }),
    );
    expect(e).toMatchObject({ code: 'LOCKED' });
  });

  it('revertToParent removes the level’s whole section (appcmd clear config)', () => {
    engine.apply('system.webServer/defaultDocument', 'Site1', {
      attributes: { enabled: 'false' },
      collections: { files: [{ op: 'clear' }, { op: 'add', attributes: { value: 'a.htm' } }] },
    });
    expect(read(SITE1_WEB)).not.toBe(SITE1_TEXT);
    engine.apply('system.webServer/defaultDocument', 'Site1', { revertToParent: true });
    expect(read(SITE1_WEB)).toBe(SITE1_TEXT);
  });

  it('a missing entry: Cannot find requested collection element.', () => {
    const e = errorOf(() =>
      engine.apply('system.webServer/defaultDocument', 'Site1', {
        collections: { files: [{ op: 'remove', key: { value: 'nope.htm' } }] },
      }),
    );
    expect(e).toMatchObject({ code: 'NOT_FOUND', message: 'Cannot find requested collection element.' });
  });

  it('an item’s child element (applicationPools processModel) is edited in place', () => {
    const changed = applying(() =>
      engine.apply(
        'system.applicationHost/applicationPools',
        '',
        {
          elements: {
            "[name='DefaultAppPool'].processModel": {
              attributes: { idleTimeout: '0:0:0', maxProcesses: '2' },
            },
          },
        },
        { client: 'appcmd' },
      ),
    );
    expect(changed).toEqual([APPHOST]);
    expect(read(APPHOST)).toBe(
      APPHOST_TEXT.replace(
        '            <add name="DefaultAppPool" />\n',
        '            <add name="DefaultAppPool">\n                <processModel idleTimeout="00:00:00" maxProcesses="2" />\n            </add>\n',
      ),
    );
    const bad = errorOf(() =>
      engine.apply('system.applicationHost/applicationPools', '', {
        elements: { "[name='Shop'].processModel": { attributes: { idleTimeout: '00:00:30' } } },
      }),
    );
    expect(bad.message).toBe(
      'Timespan value must be between 00:00:00 and 30.00:00:00 seconds inclusive, with a granularity of 60 seconds',
    );
  });
});

describe('where a write goes', () => {
  it('authentication (Deny by default): the console writes <location path="Site1"> in applicationHost.config', () => {
    const changed = applying(() =>
      engine.apply('system.webServer/security/authentication/anonymousAuthentication', 'Site1', {
        attributes: { enabled: 'false' },
      }),
    );
    expect(changed).toEqual([APPHOST]);
    expect(read(APPHOST)).toContain(
      '    <location path="Site1">\n        <system.webServer>\n            <security>\n                <authentication>\n                    <anonymousAuthentication enabled="false" />\n                </authentication>\n            </security>\n        </system.webServer>\n    </location>\n</configuration>\n',
    );
    // The same location is reused for the application below (a second section in it).
    engine.apply('system.webServer/httpLogging', 'Site1', { attributes: { dontLog: 'true' } });
    expect(read(APPHOST).match(/<location path="Site1">/g)).toHaveLength(1);
  });

  it('appcmd without /commit refuses a section locked for the site; /commit:APPHOST writes it', () => {
    const e = errorOf(() =>
      engine.apply(
        'system.webServer/httpLogging',
        'Site1',
        { attributes: { dontLog: 'true' } },
        { client: 'appcmd' },
      ),
    );
    expect(e.code).toBe('LOCKED');
    expect(e.message).toContain('This configuration section cannot be used at this path.');
    const r = engine.apply(
      'system.webServer/httpLogging',
      'Site1',
      { attributes: { dontLog: 'true' }, commit: 'APPHOST' },
      { client: 'appcmd' },
    );
    expect(r.files).toEqual([APPHOST]);
    expect(r.commitPath).toBe('MACHINE/WEBROOT/APPHOST');
  });

  it('a section locked explicitly by a parent (<location overrideMode="Deny">) stays read-only in the console', () => {
    writeFileSync(
      join(root, APPHOST),
      APPHOST_TEXT.replace(
        '</configuration>',
        '    <location path="Site1" overrideMode="Deny">\n        <system.webServer>\n            <directoryBrowse />\n        </system.webServer>\n    </location>\n</configuration>',
      ),
    );
    const v = engine.getSection('system.webServer/directoryBrowse', 'Site1/app');
    expect(v.sectionLocked).toBe(true);
    expect(v.target?.file).toBe(APP_WEB);
    const before = snapshot(root);
    expect(
      errorOf(() =>
        engine.apply('system.webServer/directoryBrowse', 'Site1/app', { attributes: { enabled: 'true' } }),
      ).code,
    ).toBe('LOCKED');
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('an application’s own web.config is the default target at the application', () => {
    engine.apply('system.webServer/directoryBrowse', 'Site1/app', { attributes: { enabled: 'true' } });
    expect(read(APP_WEB)).toContain('<directoryBrowse enabled="true" />');
  });

  it('AppHostOnly sections are read-only below the server', () => {
    const v = engine.getSection('system.applicationHost/applicationPools', 'Site1');
    expect(v.readOnly).toContain('allowDefinition="AppHostOnly"');
  });

  it('lock and unlock a section for a site (overrideMode on the location)', () => {
    engine.setOverrideMode('system.webServer/directoryBrowse', 'Site1', 'Deny');
    expect(read(APPHOST)).toContain(
      '    <location path="Site1" overrideMode="Deny">\n        <system.webServer>\n            <directoryBrowse />\n        </system.webServer>\n    </location>\n',
    );
    const below = engine.getSection('system.webServer/directoryBrowse', 'Site1/app');
    expect(below.sectionLocked).toBe(true);
    expect(below.readOnly).toContain('This configuration section cannot be used at this path.');
    engine.setOverrideMode('system.webServer/directoryBrowse', 'Site1', 'Allow');
    expect(read(APPHOST)).toContain('<location path="Site1" overrideMode="Allow">');
    expect(engine.getSection('system.webServer/directoryBrowse', 'Site1/app').sectionLocked).toBe(false);
  });

  it('a missing content folder is said before Apply and refused with the file named', () => {
    rmSync(join(root, 'inetpub/site2'), { recursive: true });
    const v = engine.getSection('system.webServer/directoryBrowse', 'Site2');
    expect(v.readOnly).toContain('does not exist');
    const e = errorOf(() =>
      engine.apply('system.webServer/directoryBrowse', 'Site2', { attributes: { enabled: 'true' } }),
    );
    expect(e.code).toBe('TARGET_FOLDER_MISSING');
    expect(e.message).toContain('inetpub/site2/web.config');
  });

  it('a preview writes nothing and shows the diff of each file', () => {
    const before = snapshot(root);
    const p = engine.preview('system.webServer/directoryBrowse', 'Site2', {
      attributes: { enabled: 'true' },
    });
    expect(p.changed).toBe(true);
    expect(p.diffs).toEqual([
      { file: SITE2_WEB, before: '', after: expect.stringContaining('<directoryBrowse enabled="true" />') },
    ]);
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('lists the sections with where they may be set', () => {
    const list = engine.sections('Site1');
    expect(list.find((s) => s.name === 'system.applicationHost/sites')).toMatchObject({
      allowedHere: false,
      allowDefinition: 'AppHostOnly',
    });
    expect(list.find((s) => s.name === 'system.webServer/defaultDocument')).toMatchObject({
      allowedHere: true,
    });
  });
});
