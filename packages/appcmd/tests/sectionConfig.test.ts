// appcmd's CONFIG object for any section (through the engine), with IIS's syntax, output and messages,
// on real files under a temporary root. The bytes written are those the engine test pins down.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAppcmd } from '../src/index.js';
import { parseSectionChange, resolveSectionName } from '../src/sectionConfig.js';
import { changedFiles, snapshot } from '../../config/tests/fixtures/fixtureF.js';
import { APPHOST, createEngineRoot, SITE1_TEXT, SITE1_WEB } from '../../config/tests/engine/fixtureEngine.js';

let root: string;
beforeEach(() => {
  root = createEngineRoot();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function appcmd(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runAppcmd(argv, { root, io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) } });
  return { code, stdout, stderr };
}
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');

describe('property syntax', () => {
  it('reads attributes, child elements, collection add/remove and item edits', () => {
    expect(
      parseSectionChange(
        [
          { raw: 'enabled:true' },
          { raw: 'requestLimits.maxUrl:8192' },
          { raw: "+files.[value='home.html']" },
          { raw: "-files.[value='index.html']" },
          { raw: "+bindings.[protocol='http',bindingInformation='*:8080:']" },
          { raw: "[name='DefaultAppPool'].processModel.idleTimeout:00:00:00" },
          { raw: "[name='StaticFile'].verb:GET" },
        ],
        'set',
      ),
    ).toEqual({
      attributes: { enabled: 'true' },
      elements: {
        requestLimits: { attributes: { maxUrl: '8192' } },
        "[name='DefaultAppPool'].processModel": { attributes: { idleTimeout: '00:00:00' } },
      },
      collections: {
        files: [
          { op: 'add', attributes: { value: 'home.html' } },
          { op: 'remove', key: { value: 'index.html' } },
        ],
        bindings: [{ op: 'add', attributes: { protocol: 'http', bindingInformation: '*:8080:' } }],
        '': [{ op: 'set', key: { name: 'StaticFile' }, attributes: { verb: 'GET' } }],
      },
    });
  });

  it('resolves short section names as IIS’s appcmd does', () => {
    const names = ['system.webServer/defaultDocument', 'system.web/sessionState', 'a/x', 'b/x'];
    expect(resolveSectionName(names, 'DefaultDocument')).toBe('system.webServer/defaultDocument');
    expect(resolveSectionName(names, 'SYSTEM.WEB/SESSIONSTATE')).toBe('system.web/sessionState');
    expect(resolveSectionName(names, 'x')).toBeUndefined();
  });
});

describe('appcmd set/clear config for any section', () => {
  it('adds and removes default documents at a site', () => {
    const before = snapshot(root);
    const r = appcmd(
      'set',
      'config',
      'Site1',
      '/section:defaultDocument',
      "/+files.[value='home.html']",
      "/-files.[value='index.html']",
    );
    expect(r).toEqual({
      code: 0,
      stdout:
        'Applied configuration changes to section "system.webServer/defaultDocument" for "MACHINE/WEBROOT/APPHOST/Site1" at configuration commit path "MACHINE/WEBROOT/APPHOST/Site1"\n',
      stderr: '',
    });
    expect(changedFiles(before, snapshot(root))).toEqual([SITE1_WEB]);
    expect(read(SITE1_WEB)).toContain(
      '<files>\n        <add value="home.html" />\n        <remove value="index.html" />\n      </files>',
    );
    expect(appcmd('clear', 'config', 'Site1', '/section:defaultDocument').code).toBe(0);
    expect(read(SITE1_WEB)).toBe(SITE1_TEXT);
  });

  it('/~"files" clears the collection: <clear /> where entries are inherited, the local ones gone', () => {
    expect(parseSectionChange([{ raw: '~files' }, { raw: '~' }], 'set')).toEqual({
      attributes: {},
      elements: {},
      collections: { files: [{ op: 'clear' }], '': [{ op: 'clear' }] },
    });
    expect(
      appcmd('set', 'config', 'Site1', '/section:defaultDocument', "/+files.[value='home.html']").code,
    ).toBe(0);
    const before = snapshot(root);
    expect(appcmd('set', 'config', 'Site1', '/section:defaultDocument', '/~files').code).toBe(0);
    expect(changedFiles(before, snapshot(root))).toEqual([SITE1_WEB]);
    const text = read(SITE1_WEB);
    expect(text).toMatch(/<files>\s*<clear \/>\s*<\/files>/);
    expect(text).not.toContain('home.html');
    const list = appcmd('list', 'config', 'Site1', '/section:defaultDocument');
    expect(list.stdout).not.toContain('<add');
  });

  it('IIS’s messages and exit codes: duplicate, unknown attribute, missing element, locked section', () => {
    const before = snapshot(root);
    expect(
      appcmd('set', 'config', 'Site1', '/section:defaultDocument', "/+files.[value='Default.htm']"),
    ).toEqual({
      code: 183,
      stdout: '',
      stderr:
        "ERROR ( message:Cannot add duplicate collection entry of type 'add' with unique key attribute 'value' set to 'Default.htm' )\n",
    });
    expect(appcmd('set', 'config', 'Site1', '/section:directoryBrowse', '/enabledX:true')).toMatchObject({
      code: 13,
      stderr: 'ERROR ( message:Unknown attribute "enabledX".  Replace with -? for help. )\n',
    });
    expect(
      appcmd('set', 'config', 'Site1', '/section:defaultDocument', "/-files.[value='nope.htm']"),
    ).toMatchObject({
      code: 1168,
      stderr: 'ERROR ( message:Cannot find requested collection element. )\n',
    });
    const locked = appcmd('set', 'config', 'Site1', '/section:anonymousAuthentication', '/enabled:false');
    expect(locked.stderr).toContain('This configuration section cannot be used at this path.');
    expect(locked.code).not.toBe(0);
    expect(appcmd('set', 'config', '/section:nosuchsection', '/x:1')).toMatchObject({
      code: 87,
      stderr: 'ERROR ( message:Unknown config section "nosuchsection".  Replace with ? for help. )\n',
    });
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('/commit:APPHOST writes a section locked for the site into a <location>', () => {
    const r = appcmd(
      'set',
      'config',
      'Site1',
      '/section:anonymousAuthentication',
      '/enabled:false',
      '/commit:APPHOST',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('at configuration commit path "MACHINE/WEBROOT/APPHOST"');
    expect(read(APPHOST)).toContain('<location path="Site1">');
  });

  it('edits an application pool’s child element by key', () => {
    const r = appcmd(
      'set',
      'config',
      '/section:applicationPools',
      "/[name='Shop'].processModel.idleTimeout:00:00:00",
    );
    expect(r.code).toBe(0);
    expect(read(APPHOST)).toContain('<processModel idleTimeout="00:00:00" />');
  });
});

describe('appcmd list config for any section', () => {
  it('prints the effective section as XML; /config:* adds the defaults', () => {
    const r = appcmd('list', 'config', 'Site1', '/section:defaultDocument');
    expect(r).toEqual({
      code: 0,
      stdout:
        '<system.webServer>\n  <defaultDocument enabled="true">\n    <files>\n      <add value="Default.htm" />\n      <add value="index.html" />\n    </files>\n  </defaultDocument>\n</system.webServer>\n',
      stderr: '',
    });
    const all = appcmd('list', 'config', 'Site2', '/section:directoryBrowse', '/config:*');
    expect(all.stdout).toBe(
      '<system.webServer>\n  <directoryBrowse enabled="false" showFlags="Date, Time, Size, Extension" />\n</system.webServer>\n',
    );
  });

  it('/xml and /text:* and /text:<attr>', () => {
    expect(appcmd('list', 'config', 'Site2', '/section:urlCompression', '/xml').stdout).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<appcmd>\n    <CONFIG CONFIG.SECTION="system.webServer/urlCompression" path="MACHINE/WEBROOT/APPHOST/Site2" overrideMode="Inherit" locked="false">\n        <system.webServer-urlCompression />\n    </CONFIG>\n</appcmd>\n',
    );
    expect(appcmd('list', 'config', '/section:handlers', '/text:accessPolicy').stdout).toBe('Read, Script\n');
    const text = appcmd('list', 'config', '/section:handlers', '/text:*').stdout;
    expect(text).toContain(
      '  [system.webServer/handlers]\n    accessPolicy:"Read, Script"\n    [add]\n      name:"StaticFile"\n',
    );
  });
});

describe('appcmd lock/unlock config', () => {
  it('locks a section for a site and unlocks it', () => {
    expect(appcmd('lock', 'config', 'Site1', '/section:directoryBrowse')).toEqual({
      code: 0,
      stdout:
        'Locked section "system.webServer/directoryBrowse" at configuration path "MACHINE/WEBROOT/APPHOST/Site1".\n',
      stderr: '',
    });
    const refused = appcmd('set', 'config', 'Site1/app', '/section:directoryBrowse', '/enabled:true');
    expect(refused.stderr).toContain('This configuration section cannot be used at this path.');
    expect(appcmd('unlock', 'config', 'Site1', '/section:directoryBrowse').stdout).toBe(
      'Unlocked section "system.webServer/directoryBrowse" at configuration path "MACHINE/WEBROOT/APPHOST/Site1".\n',
    );
    expect(appcmd('set', 'config', 'Site1/app', '/section:directoryBrowse', '/enabled:true').code).toBe(0);
  });
});

describe('appcmd apppool', () => {
  it('lists pools in IIS’s line format', () => {
    expect(appcmd('list', 'apppool')).toEqual({
      code: 0,
      stdout:
        'APPPOOL "DefaultAppPool" (MgdVersion:v4.0,MgdMode:Integrated,state:Unknown)\nAPPPOOL "Shop" (MgdVersion:v4.0,MgdMode:Classic,state:Unknown)\n',
      stderr: '',
    });
    expect(appcmd('list', 'apppool', 'shop').stdout).toContain('APPPOOL "Shop"');
  });

  it('adds, sets and deletes a pool through applicationHost.config', () => {
    const before = read(APPHOST);
    expect(appcmd('add', 'apppool', '/name:Api', '/managedPipelineMode:Classic')).toEqual({
      code: 0,
      stdout: 'APPPOOL object "Api" added\n',
      stderr: '',
    });
    expect(read(APPHOST)).toContain('<add name="Api" managedPipelineMode="Classic" />');
    expect(
      appcmd('set', 'apppool', 'Api', '/processModel.maxProcesses:4', '/managedPipelineMode:Integrated')
        .stdout,
    ).toBe('APPPOOL object "Api" changed\n');
    expect(read(APPHOST)).toContain(
      '<add name="Api" managedPipelineMode="Integrated">\n                <processModel maxProcesses="4" />\n            </add>',
    );
    expect(appcmd('delete', 'apppool', 'Api').stdout).toBe('APPPOOL object "Api" deleted\n');
    expect(read(APPHOST)).toBe(before);
    expect(appcmd('add', 'apppool', '/name:Shop')).toMatchObject({ code: 183 });
    expect(appcmd('delete', 'apppool', 'Nope')).toEqual({
      code: 1168,
      stdout: '',
      stderr: 'ERROR ( message:Cannot find APPPOOL object with identifier "Nope". )\n',
    });
  });
});

describe('appcmd site, app and vdir', () => {
  it('adds a site with its root application, virtual directory and binding, as IIS writes them', () => {
    const r = appcmd(
      'add',
      'site',
      '/name:Shop',
      '/physicalPath:%SystemDrive%\\inetpub\\shop',
      '/bindings:http/*:8090:shop.local',
    );
    expect(r).toEqual({
      code: 0,
      stdout: 'SITE object "Shop" added\nAPP object "Shop/" added\nVDIR object "Shop/" added\n',
      stderr: '',
    });
    expect(read(APPHOST)).toContain(
      '            <site name="Shop" id="3">\n                <application path="/">\n                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\shop" />\n                </application>\n                <bindings>\n                    <binding protocol="http" bindingInformation="*:8090:shop.local" />\n                </bindings>\n            </site>\n        </sites>',
    );
    expect(appcmd('list', 'site', 'Shop').stdout).toBe(
      'SITE "Shop" (id:3,bindings:http/*:8090:shop.local,state:Unknown)\n',
    );
  });

  it('refuses a site name or id that is taken, with IIS’s message', () => {
    const before = read(APPHOST);
    expect(appcmd('add', 'site', '/name:Site1', '/id:9')).toMatchObject({
      code: 183,
      stderr:
        "ERROR ( message:Cannot add duplicate collection entry of type 'site' with unique key attribute 'name' set to 'Site1' )\n",
    });
    expect(appcmd('add', 'site', '/name:Other', '/id:2')).toMatchObject({
      code: 183,
      stderr:
        "ERROR ( message:Cannot add duplicate collection entry of type 'site' with unique key attribute 'id' set to '2' )\n",
    });
    expect(read(APPHOST)).toBe(before);
  });

  it('sets and deletes sites, applications and virtual directories', () => {
    expect(
      appcmd('set', 'site', 'Site2', "/+bindings.[protocol='https',bindingInformation='*:443:']").stdout,
    ).toBe('SITE object "Site2" changed\n');
    expect(read(APPHOST)).toContain('<binding protocol="https" bindingInformation="*:443:" />');
    expect(appcmd('add', 'app', '/site.name:Site2', '/path:/api', '/physicalPath:C:\\api').stdout).toBe(
      'APP object "Site2/api" added\nVDIR object "Site2/api/" added\n',
    );
    expect(appcmd('set', 'app', 'Site2/api', '/applicationPool:Shop').stdout).toBe(
      'APP object "Site2/api" changed\n',
    );
    expect(read(APPHOST)).toContain('<application path="/api" applicationPool="Shop">');
    expect(appcmd('add', 'vdir', '/app.name:Site2/api', '/path:/docs', '/physicalPath:C:\\docs').stdout).toBe(
      'VDIR object "Site2/api/docs" added\n',
    );
    expect(appcmd('set', 'vdir', 'Site2/api/docs', '/physicalPath:C:\\docs2').stdout).toBe(
      'VDIR object "Site2/api/docs" changed\n',
    );
    expect(read(APPHOST)).toContain('<virtualDirectory path="/docs" physicalPath="C:\\docs2" />');
    expect(appcmd('delete', 'vdir', 'Site2/api/docs').stdout).toBe('VDIR object "Site2/api/docs" deleted\n');
    expect(appcmd('delete', 'app', 'Site2/api').stdout).toBe('APP object "Site2/api" deleted\n');
    expect(appcmd('delete', 'site', 'Site2').stdout).toBe('SITE object "Site2" deleted\n');
    expect(read(APPHOST)).not.toContain('Site2');
    expect(appcmd('delete', 'site', 'Nope')).toEqual({
      code: 1168,
      stdout: '',
      stderr: 'ERROR ( message:Cannot find SITE object with identifier "Nope". )\n',
    });
  });
});
