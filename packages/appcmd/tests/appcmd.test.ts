import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAppcmd } from '../src/index.js';
import {
  APPHOST,
  ROOT_WEB,
  SITE1_WEB,
  addSite,
  canonicalXml,
  changedFiles,
  createFixtureF,
  read,
  removeRoot,
  snapshot,
  write,
} from '../../config/tests/fixtures/fixtureF.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/appcmd.js', import.meta.url));

let root: string;
beforeEach(() => {
  root = createFixtureF();
});
afterEach(() => removeRoot(root));

function appcmd(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runAppcmd(argv, { root, io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('appcmd set config (S18, S19, S23)', () => {
  it('S18 /commit:WEBROOT writes the root web.config, all three attributes', () => {
    const before = snapshot(root);
    const r = appcmd(
      'set',
      'config',
      '/commit:WEBROOT',
      '/section:sessionState',
      '/cookieless:UseCookies',
      '/cookieName:MyCookie',
      '/timeout:40',
    );
    expect(r).toEqual({
      code: 0,
      stdout:
        'Applied configuration changes to section "system.web/sessionState" for "MACHINE/WEBROOT/APPHOST" at configuration commit path "MACHINE/WEBROOT"\n',
      stderr: '',
    });
    expect(changedFiles(before, snapshot(root))).toEqual([ROOT_WEB]);
    expect(canonicalXml(read(root, ROOT_WEB))).toBe(
      canonicalXml(
        '<configuration><system.web><sessionState cookieless="UseCookies" cookieName="MyCookie" timeout="40" /></system.web></configuration>',
      ),
    );
  });

  it('S19 without /commit writes applicationHost.config and warns on stderr', () => {
    const before = snapshot(root);
    const original = read(root, APPHOST);
    const r = appcmd(
      'set',
      'config',
      '/section:sessionState',
      '/cookieless:UseCookies',
      '/cookieName:MyCookie',
      '/timeout:40',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Applied configuration changes to section "system.web/sessionState" for "MACHINE/WEBROOT/APPHOST" at configuration commit path "MACHINE/WEBROOT/APPHOST"\n',
    );
    expect(r.stderr).toContain(
      'ASP.NET reads system.web settings only from machine.config and web.config files',
    );
    expect(r.stderr).toContain('/commit:WEBROOT');
    expect(changedFiles(before, snapshot(root))).toEqual([APPHOST]);
    const text = read(root, APPHOST);
    expect(text).toContain('<sessionState cookieless="UseCookies" cookieName="MyCookie" timeout="40" />');
    // The new system.web sits directly under <configuration>; everything else is byte-identical.
    const inserted = text.length - original.length;
    let p = 0;
    while (text[p] === original[p]) p++;
    expect(text.slice(0, p) + text.slice(p + inserted)).toBe(original);
    // A later list sees it at APPHOST level.
    expect(appcmd('list', 'config', '/section:sessionState', '/text:timeout').stdout).toBe('40\n');
  });

  it('S23 /mode:SqlServer is written canonically at a site', () => {
    const r = appcmd('set', 'config', 'WebSite1', '/section:sessionState', '/mode:SqlServer');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Applied configuration changes to section "system.web/sessionState" for "MACHINE/WEBROOT/APPHOST/WebSite1" at configuration commit path "MACHINE/WEBROOT/APPHOST/WebSite1"\n',
    );
    expect(read(root, SITE1_WEB)).toContain('<sessionState mode="SQLServer" />');
  });

  it('site with /commit:APPHOST writes a location tag in applicationHost.config', () => {
    const r = appcmd('set', 'config', 'WebSite1/', '/section:sessionState', '/mode:Off', '/commit:apphost');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'for "MACHINE/WEBROOT/APPHOST/WebSite1" at configuration commit path "MACHINE/WEBROOT/APPHOST"',
    );
    expect(r.stderr).toContain('WARNING: system.web/sessionState was written to applicationHost.config');
    expect(read(root, APPHOST)).toMatch(
      /<location path="WebSite1">\s*<system.web>\s*<sessionState mode="Off" \/>/,
    );
    // A second write reuses the same location.
    appcmd('set', 'config', 'WebSite1', '/section:sessionState', '/timeout:30', '/commit:APPHOST');
    expect(read(root, APPHOST).match(/<location path="WebSite1">/g)).toHaveLength(1);
  });

  it('config paths and attribute names in any case', () => {
    const r = appcmd(
      'set',
      'config',
      'MACHINE/WEBROOT/APPHOST/WebSite1',
      '-section:system.web/sessionState',
      '-Timeout:30',
    );
    expect(r.code).toBe(0);
    expect(read(root, SITE1_WEB)).toContain('<sessionState timeout="30" />');
  });

  it('sessionPageState', () => {
    expect(appcmd('set', 'config', 'WebSite1', '/section:sessionPageState', '/historySize:4').code).toBe(0);
    expect(read(root, SITE1_WEB)).toContain('<sessionPageState historySize="4" />');
  });

  it('clear config reverts local attributes', () => {
    appcmd('set', 'config', 'WebSite1', '/section:sessionState', '/timeout:30', '/mode:Off');
    expect(appcmd('clear', 'config', 'WebSite1', '/section:sessionState', '/timeout').code).toBe(0);
    expect(read(root, SITE1_WEB)).toContain('<sessionState mode="Off" />');
    expect(appcmd('clear', 'config', 'WebSite1', '/section:sessionState').code).toBe(0);
    expect(read(root, SITE1_WEB)).not.toContain('sessionState');
  });
});

describe('appcmd errors (docs/appcmd.md §5.4)', () => {
  it('an unknown attribute', () => {
    const before = snapshot(root);
    const r = appcmd('set', 'config', 'WebSite1', '/section:sessionState', '/fooBar:1');
    expect(r).toEqual({
      code: 13,
      stdout: '',
      stderr: 'ERROR ( message:Unknown attribute "fooBar".  Replace with -? for help. )\n',
    });
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('an invalid value prints the rule message', () => {
    const before = snapshot(root);
    const r = appcmd('set', 'config', 'WebSite1', '/section:sessionState', '/mode:2');
    expect(r.code).toBe(13);
    expect(r.stderr).toBe(
      'ERROR ( message:Enum must be one of Off, InProc, StateServer, SQLServer, Custom )\n',
    );
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('a lock violation', () => {
    write(
      root,
      ROOT_WEB,
      '<configuration><system.web><sessionState lockAttributes="timeout" /></system.web></configuration>',
    );
    const r = appcmd('set', 'config', 'WebSite1', '/section:sessionState', '/timeout:5');
    expect(r.code).toBe(13);
    expect(r.stderr).toContain('Lock violation');
  });

  it('a virtual directory that is not an application', () => {
    const r = appcmd('set', 'config', 'WebSite2/help', '/section:sessionState', '/mode:Off');
    expect(r.code).toBe(13);
    expect(r.stderr).toContain("allowDefinition='MachineToApplication'");
  });

  it('a malformed file is reported with file and line', () => {
    write(root, SITE1_WEB, '<configuration>\n<system.web>\n</configuration>');
    const r = appcmd('set', 'config', 'WebSite1', '/section:sessionState', '/mode:Off');
    expect(r.code).toBe(13);
    expect(r.stderr).toMatch(
      /^ERROR \( message:Configuration error\nFilename: C:\\inetpub\\WebSite1\\web.config\nLine Number: \d+\nDescription: .+\. \)\n$/,
    );
  });

  it('usage, help, unknown objects and verbs', () => {
    expect(appcmd().code).toBe(87);
    expect(appcmd('/?').code).toBe(1);
    expect(appcmd('config', '/?').stdout).toContain('Administration of general configuration sections');
    expect(appcmd('list', 'foo')).toMatchObject({
      code: 87,
      stderr: "Object 'FOO' is not supported.  Run 'appcmd.exe /?' to display supported objects.\n",
    });
    expect(appcmd('restart', 'site', 'WebSite1').code).toBe(87);
    expect(appcmd('set', 'config', 'Missing', '/section:sessionState', '/mode:Off')).toMatchObject({
      code: 1168,
    });
    expect(appcmd('list', 'config', '/section:?').stdout).toContain('system.web/sessionPageState');
  });
});

describe('appcmd refusals: bad paths and what the file system refuses', () => {
  it('a path with "..", an empty segment or a control character: Unrecognized configuration path, exit 13', () => {
    expect(appcmd('list', 'config', 'WebSite1/../../outside', '/section:sessionState')).toEqual({
      code: 13,
      stdout: '',
      stderr:
        'ERROR ( message:Unrecognized configuration path \'MACHINE/WEBROOT/APPHOST/WebSite1/../../outside\': "." and ".." segments are not allowed (found ".."). )\n',
    });
    expect(appcmd('list', 'config', 'MACHINE/WEBROOT/APPHOST/WebSite1//app').stderr).toBe(
      "ERROR ( message:Unrecognized configuration path 'MACHINE/WEBROOT/APPHOST/WebSite1//app': empty segments are not allowed (a leading separator, or two separators in a row). )\n",
    );
    const before = snapshot(root);
    expect(appcmd('set', 'config', 'WebSite1\u0007', '/section:sessionState', '/mode:Off')).toMatchObject({
      code: 13,
      stderr:
        "ERROR ( message:Unrecognized configuration path 'MACHINE/WEBROOT/APPHOST/WebSite1\\u0007': control characters are not allowed (found U+0007). )\n",
    });
    expect(changedFiles(before, snapshot(root))).toEqual([]);
    // The trailing slash of "Default Web Site/" stays the root application.
    expect(appcmd('list', 'config', 'WebSite1/', '/section:sessionState').code).toBe(0);
  });

  it('set config on a site whose content folder is missing: ERROR_PATH_NOT_FOUND (3), nothing created', () => {
    addSite(root, 'Intranet', 'C:\\vhosts\\intranet\\http');
    const before = snapshot(root);
    expect(appcmd('set', 'config', 'Intranet/', '/section:sessionState', '/mode:Off')).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'ERROR ( hresult:80070003, message:Failed to commit configuration changes.\n' +
        'Cannot write C:\\vhosts\\intranet\\http\\web.config: the folder C:\\vhosts\\intranet\\http does not exist. ' +
        'Create the folder, or correct the physical path of the site "Intranet" (C:\\vhosts\\intranet\\http). )\n',
    });
    expect(changedFiles(before, snapshot(root))).toEqual([]);
    expect(existsSync(join(root, 'vhosts'))).toBe(false);
  });

  it('set config on a read-only web.config: ERROR_ACCESS_DENIED (5)', () => {
    chmodSync(join(root, SITE1_WEB), 0o444);
    const before = snapshot(root);
    const r = appcmd('set', 'config', 'WebSite1', '/section:sessionState', '/mode:Off');
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(
      'ERROR ( hresult:80070005, message:Failed to commit configuration changes.\n' +
        'Cannot write C:\\inetpub\\WebSite1\\web.config: the file is read-only. Clear its read-only attribute (give it write permission) and try again. )\n',
    );
    expect(changedFiles(before, snapshot(root))).toEqual([]);
    chmodSync(join(root, SITE1_WEB), 0o644);
  });
});

describe('appcmd list', () => {
  it('list config shows explicitly set values; /config:* adds defaults', () => {
    appcmd('set', 'config', 'WebSite1', '/section:sessionState', '/mode:StateServer', '/timeout:30');
    expect(appcmd('list', 'config', 'WebSite1', '/section:sessionState').stdout).toBe(
      '<system.web>\n  <sessionState mode="StateServer" timeout="30" />\n</system.web>\n',
    );
    const all = appcmd('list', 'config', 'WebSite1', '/section:sessionState', '/config:*').stdout;
    expect(all).toContain('cookieName="ASP.NET_SessionId"');
    expect(all).toContain('mode="StateServer"');
    expect(appcmd('list', 'config', 'WebSite1', '/section:sessionState', '/text:mode').stdout).toBe(
      'StateServer\n',
    );
  });

  it('list config /xml', () => {
    const out = appcmd('list', 'config', '/section:sessionState', '/xml').stdout;
    expect(out).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<appcmd>\n    <CONFIG CONFIG.SECTION="system.web/sessionState" path="MACHINE/WEBROOT/APPHOST" overrideMode="Inherit" locked="false">\n        <system.web-sessionState />\n    </CONFIG>\n</appcmd>\n',
    );
  });

  it('list site, app, vdir', () => {
    expect(appcmd('list', 'site').stdout).toBe(
      'SITE "WebSite1" (id:1,bindings:http/:8080:localhost,state:Unknown)\nSITE "WebSite2" (id:2,bindings:http/:8081:localhost,state:Unknown)\n',
    );
    expect(appcmd('list', 'app').stdout).toBe(
      'APP "WebSite1/" (applicationPool:DefaultAppPool)\nAPP "WebSite1/app" (applicationPool:DefaultAppPool)\nAPP "WebSite2/" (applicationPool:DefaultAppPool)\n',
    );
    expect(appcmd('list', 'vdir', 'WebSite2/help').stdout).toBe(
      'VDIR "WebSite2/help" (physicalPath:%SystemDrive%\\inetpub\\help)\n',
    );
    expect(appcmd('list', 'site', 'Missing')).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(appcmd('list', 'site', '/text:name').stdout).toBe('WebSite1\nWebSite2\n');
    expect(appcmd('list', 'site', 'WebSite2', '/text:id').stdout).toBe('2\n');
    expect(appcmd('list', 'site', '/text:SITE.NAME').stdout).toBe('WebSite1\nWebSite2\n');
  });
});

describe('the appcmd executable', () => {
  beforeAll(() => {
    const r = spawnSync(
      process.execPath,
      [`${REPO}node_modules/typescript7/bin/tsc`, '-b', `${REPO}packages/appcmd`],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('takes the root from IISCONSOLE_ROOT and returns the exit code', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], {
        encoding: 'utf8',
        env: { ...process.env, IISCONSOLE_ROOT: root },
      });
    const ok = run('set', 'config', '/section:sessionState', '/mode:InProc');
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('/commit:WEBROOT');
    expect(read(root, APPHOST)).toContain('<sessionState mode="InProc" />');
    const bad = run('set', 'config', 'WebSite1', '/section:sessionState', '/timeout:abc');
    expect(bad.status).toBe(13);
    expect(bad.stderr).toContain("The value of the property 'timeout' cannot be parsed.");
  });
});
