import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { SYSTEM_DRIVE_PATHS, SystemDriveRoot } from '../../src/root/SystemDriveRoot.js';

let work: string; // temp folder holding the root and things outside it
let dir: string; // the root
let root: SystemDriveRoot;

function touch(rel: string, text = ''): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function expectEscape(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('PATH_ESCAPE');
    return error as ConfigError;
  }
  throw new Error('expected a PATH_ESCAPE error');
}

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sdr-'));
  dir = path.join(work, 'root');
  fs.mkdirSync(dir);
  touch('Windows/System32/inetsrv/config/applicationHost.config', '<configuration />');
  touch('Windows/Microsoft.NET/Framework64/v4.0.30319/Config/machine.config', '<configuration />');
  touch('Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config', '<configuration />');
  touch('inetpub/wwwroot/web.config', '<configuration />');
  touch('inetpub/Sites/Shop/Web.config', '<configuration />');
  root = new SystemDriveRoot(dir);
});

afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('SystemDriveRoot.resolve: Windows paths', () => {
  it('maps C:\\ and any drive letter to the root, with either separator', () => {
    const expected = path.join(dir, 'inetpub/wwwroot/web.config');
    expect(root.resolve('C:\\inetpub\\wwwroot\\web.config')).toBe(expected);
    expect(root.resolve('c:/inetpub/wwwroot/web.config')).toBe(expected);
    expect(root.resolve('D:\\inetpub\\wwwroot\\web.config')).toBe(expected);
    expect(root.resolve('C:inetpub\\wwwroot\\web.config')).toBe(expected);
    expect(root.resolve('\\\\?\\C:\\inetpub\\wwwroot\\web.config')).toBe(expected);
    expect(root.resolve('C:\\')).toBe(dir);
    expect(root.resolve('C:')).toBe(dir);
  });

  it('expands %SystemDrive%, %windir%, %SystemRoot% and %ProgramData% case-insensitively', () => {
    expect(root.resolve('%SystemDrive%\\inetpub\\wwwroot')).toBe(path.join(dir, 'inetpub/wwwroot'));
    expect(root.resolve('%SYSTEMDRIVE%\\inetpub\\wwwroot')).toBe(path.join(dir, 'inetpub/wwwroot'));
    expect(root.resolve('%windir%\\System32\\inetsrv\\config')).toBe(
      path.join(dir, 'Windows/System32/inetsrv/config'),
    );
    expect(root.resolve('%WinDir%\\system32')).toBe(path.join(dir, 'Windows/System32'));
    expect(root.resolve('%SystemRoot%\\Microsoft.NET')).toBe(path.join(dir, 'Windows/Microsoft.NET'));
    expect(root.resolve('%programdata%\\IISConsole\\users.json')).toBe(
      path.join(dir, 'ProgramData/IISConsole/users.json'),
    );
    expect(root.resolve('%ProgramFiles(x86)%\\IIS')).toBe(path.join(dir, 'Program Files (x86)/IIS'));
  });

  it('leaves unknown variables as written, and expands variables given to the constructor', () => {
    expect(root.resolve('%JEXUS_TEST_HOME%\\WebSite1')).toBe(path.join(dir, '%JEXUS_TEST_HOME%/WebSite1'));
    const withVariables = new SystemDriveRoot(dir, { variables: { jexus_test_home: 'C:\\tests' } });
    expect(withVariables.resolve('%JEXUS_TEST_HOME%\\WebSite1')).toBe(path.join(dir, 'tests/WebSite1'));
  });

  it('ignores . and empty segments and applies .. inside the root', () => {
    expect(root.resolve('C:\\inetpub\\.\\wwwroot\\\\web.config')).toBe(
      path.join(dir, 'inetpub/wwwroot/web.config'),
    );
    expect(root.resolve('C:\\inetpub\\Sites\\..\\wwwroot')).toBe(path.join(dir, 'inetpub/wwwroot'));
  });

  it('strips trailing dots and spaces from segments, as Win32 does', () => {
    expect(root.resolve('C:\\inetpub\\wwwroot\\web.config.')).toBe(
      path.join(dir, 'inetpub/wwwroot/web.config'),
    );
    expect(root.resolve('C:\\inetpub \\wwwroot')).toBe(path.join(dir, 'inetpub/wwwroot'));
  });

  it('accepts a host path inside the root, so resolving twice changes nothing', () => {
    const once = root.resolve('%SystemDrive%\\INETPUB\\sites\\shop\\web.config');
    expect(once).toBe(path.join(dir, 'inetpub/Sites/Shop/Web.config'));
    expect(root.resolve(once)).toBe(once);
    expect(root.resolve(dir)).toBe(dir);
    expect(root.resolve(`${dir}\\inetpub\\WWWROOT`)).toBe(path.join(dir, 'inetpub/wwwroot'));
    expect(root.resolve(path.join(dir, 'inetpub', 'x', '..', 'wwwroot'))).toBe(
      path.join(dir, 'inetpub/wwwroot'),
    );
  });

  it('treats a root given as a relative path like its absolute form', () => {
    const relativeRoot = new SystemDriveRoot(path.relative(process.cwd(), dir));
    expect(relativeRoot.dir).toBe(dir);
    expect(relativeRoot.resolve('C:\\inetpub')).toBe(path.join(dir, 'inetpub'));
  });
});

describe('SystemDriveRoot.resolve: case-insensitive lookup', () => {
  it('finds existing segments whatever their case, keeping the spelling on disk', () => {
    expect(root.resolve('windows/system32/INETSRV/config')).toBe(
      path.join(dir, 'Windows/System32/inetsrv/config'),
    );
    expect(root.resolve('WINDOWS\\SYSTEM32\\INETSRV\\CONFIG\\APPLICATIONHOST.CONFIG')).toBe(
      path.join(dir, 'Windows/System32/inetsrv/config/applicationHost.config'),
    );
    expect(root.resolve('%SystemDrive%\\inetpub\\sites\\shop\\web.config')).toBe(
      path.join(dir, 'inetpub/Sites/Shop/Web.config'),
    );
  });

  it('keeps the given spelling from the first missing segment on (files to create)', () => {
    expect(root.resolve('C:\\INETPUB\\sites\\shop\\App\\web.config')).toBe(
      path.join(dir, 'inetpub/Sites/Shop/App/web.config'),
    );
    expect(root.resolve('C:\\inetpub\\wwwroot\\New Folder\\Sub\\web.config')).toBe(
      path.join(dir, 'inetpub/wwwroot/New Folder/Sub/web.config'),
    );
    expect(root.resolve('ProgramData/IISConsole')).toBe(path.join(dir, 'ProgramData/IISConsole'));
  });

  it('prefers an exact match, then the first case-insensitive match in code-unit order', () => {
    touch('inetpub/both/Web.config');
    touch('inetpub/both/web.config');
    expect(root.resolve('C:\\inetpub\\both\\web.config')).toBe(path.join(dir, 'inetpub/both/web.config'));
    expect(root.resolve('C:\\inetpub\\both\\Web.config')).toBe(path.join(dir, 'inetpub/both/Web.config'));
    expect(root.resolve('C:\\inetpub\\both\\WEB.CONFIG')).toBe(path.join(dir, 'inetpub/both/Web.config'));
  });

  it('sees files created after the previous call (no listing survives a call)', () => {
    expect(root.resolve('C:\\inetpub\\wwwroot\\APP\\web.config')).toBe(
      path.join(dir, 'inetpub/wwwroot/APP/web.config'),
    );
    touch('inetpub/wwwroot/app/Web.Config');
    expect(root.resolve('C:\\inetpub\\wwwroot\\APP\\web.config')).toBe(
      path.join(dir, 'inetpub/wwwroot/app/Web.Config'),
    );
    fs.rmSync(path.join(dir, 'inetpub/wwwroot/app'), { recursive: true });
    touch('inetpub/wwwroot/App/WEB.config');
    expect(root.resolve('C:\\inetpub\\wwwroot\\app\\web.config')).toBe(
      path.join(dir, 'inetpub/wwwroot/App/WEB.config'),
    );
  });

  it('resolves below a file as missing, not as an error', () => {
    expect(root.resolve('C:\\inetpub\\wwwroot\\web.config\\x')).toBe(
      path.join(dir, 'inetpub/wwwroot/web.config/x'),
    );
  });

  it('works on a root that does not exist yet', () => {
    const missing = new SystemDriveRoot(path.join(work, 'later'));
    expect(missing.resolve('%windir%\\System32')).toBe(path.join(work, 'later/Windows/System32'));
    expect(missing.applicationHostConfig).toBe(
      path.join(work, 'later', SYSTEM_DRIVE_PATHS.applicationHostConfig),
    );
  });

  it('resolveAll resolves many paths in one call', () => {
    touch('inetpub/Sites/a/Web.config');
    expect(root.resolveAll(['C:\\INETPUB\\SITES\\A\\web.config', 'C:\\INETPUB\\SITES\\SHOP'])).toEqual([
      path.join(dir, 'inetpub/Sites/a/Web.config'),
      path.join(dir, 'inetpub/Sites/Shop'),
    ]);
  });
});

describe('SystemDriveRoot.resolve: relative paths and baseDir', () => {
  it('resolves a relative path against baseDir (configSource beside a web.config)', () => {
    const siteDir = root.resolve('%SystemDrive%\\inetpub\\sites\\shop');
    expect(root.resolve('session.config', { baseDir: siteDir })).toBe(
      path.join(dir, 'inetpub/Sites/Shop/session.config'),
    );
    expect(root.resolve('..\\..\\wwwroot\\WEB.CONFIG', { baseDir: siteDir })).toBe(
      path.join(dir, 'inetpub/wwwroot/web.config'),
    );
    expect(root.resolve('config\\session.config', { baseDir: 'C:\\inetpub\\sites\\shop' })).toBe(
      path.join(dir, 'inetpub/Sites/Shop/config/session.config'),
    );
    expect(root.resolve('session.config', { baseDir: 'inetpub/wwwroot' })).toBe(
      path.join(dir, 'inetpub/wwwroot/session.config'),
    );
  });

  it('resolves a relative path without baseDir against the root', () => {
    expect(root.resolve('Windows\\System32')).toBe(path.join(dir, 'Windows/System32'));
    expect(root.resolve('')).toBe(dir);
    expect(root.resolve('.')).toBe(dir);
  });

  it('ignores baseDir for absolute paths', () => {
    expect(root.resolve('C:\\Windows', { baseDir: path.join(dir, 'inetpub') })).toBe(
      path.join(dir, 'Windows'),
    );
  });
});

describe('SystemDriveRoot.resolve: escapes are refused', () => {
  it('refuses .. above the root, from the root and from a baseDir', () => {
    const siteDir = path.join(dir, 'inetpub/Sites/Shop');
    expectEscape(() => root.resolve('..'));
    expectEscape(() => root.resolve('C:\\..\\etc\\passwd'));
    expectEscape(() => root.resolve('%SystemDrive%\\inetpub\\..\\..\\etc\\passwd'));
    expectEscape(() => root.resolve('..\\..\\..\\..\\etc\\passwd', { baseDir: siteDir }));
    expectEscape(() => root.resolve('../../../../../../../../../../etc/passwd', { baseDir: siteDir }));
    expectEscape(() => root.resolve('x\\..\\..\\..\\..\\..\\y', { baseDir: siteDir }));
    expectEscape(() => root.resolve('session.config', { baseDir: 'C:\\..\\..' }));
    expectEscape(() => root.resolve('session.config', { baseDir: '/etc' }));
  });

  it('refuses host paths outside the root, also when they only start like it', () => {
    expectEscape(() => root.resolve('/etc/passwd'));
    expectEscape(() => root.resolve('\\etc\\passwd'));
    expectEscape(() => root.resolve(work));
    expectEscape(() => root.resolve(`${dir}-other/web.config`));
    expectEscape(() => root.resolve(path.join(dir, '..', 'outside')));
  });

  it('refuses network and device paths', () => {
    expectEscape(() => root.resolve('\\\\server\\share\\web.config'));
    expectEscape(() => root.resolve('//server/share/web.config'));
    expectEscape(() => root.resolve('\\\\?\\UNC\\server\\share'));
    expectEscape(() => root.resolve('\\\\.\\pipe\\aspnet_state'));
  });

  it('refuses NUL bytes and names Windows cannot hold', () => {
    expectEscape(() => root.resolve('C:\\inetpub\\web.config\0.txt'));
    expectEscape(() => root.resolve('web.config\0', { baseDir: path.join(dir, 'inetpub') }));
    expectEscape(() => root.resolve('session.config', { baseDir: `${dir}\0` }));
    expectEscape(() => root.resolve('C:\\inetpub\\wwwroot\\web.config::$DATA'));
    expectEscape(() => root.resolve('C:\\inetpub\\wwwroot\\...\\x'));
    expectEscape(() => root.resolve('C:\\inetpub\\.. \\.. \\x'));
    expectEscape(() => root.resolve('C:\\inetpub\\a*b'));
    const nul = expectEscape(() => root.resolve('a\0b'));
    expect(nul.message).not.toContain('\0');
  });

  it('refuses NUL bytes that come from a variable', () => {
    const withVariables = new SystemDriveRoot(dir, { variables: { EVIL: 'C:\\a\0b' } });
    expectEscape(() => withVariables.resolve('%EVIL%\\x'));
  });

  it('refuses a symbolic link to a folder outside the root, on any later segment', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sdr-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.config'), 'secret');
      fs.symlinkSync(outside, path.join(dir, 'inetpub/tmp'));
      expectEscape(() => root.resolve('C:\\inetpub\\tmp'));
      expectEscape(() => root.resolve('C:\\inetpub\\tmp\\secret.config'));
      expectEscape(() => root.resolve('C:\\INETPUB\\TMP\\SECRET.CONFIG'));
      expectEscape(() => root.resolve('C:\\inetpub\\tmp\\new\\web.config'));
      expectEscape(() => root.resolve(path.join(dir, 'inetpub/tmp/secret.config')));
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a symbolic link to /tmp and a link to a file outside', () => {
    fs.symlinkSync(os.tmpdir(), path.join(dir, 'inetpub/wwwroot/temp'));
    expectEscape(() => root.resolve('%SystemDrive%\\inetpub\\wwwroot\\temp\\web.config'));
    const outsideFile = path.join(work, 'outside.config');
    fs.writeFileSync(outsideFile, '<configuration />');
    fs.symlinkSync(outsideFile, path.join(dir, 'inetpub/wwwroot/session.config'));
    expectEscape(() => root.resolve('session.config', { baseDir: path.join(dir, 'inetpub/wwwroot') }));
  });

  it('refuses a dangling symbolic link (a write through it could create a file anywhere)', () => {
    fs.symlinkSync(
      path.join(work, 'not-there', 'web.config'),
      path.join(dir, 'inetpub/wwwroot/dangling.config'),
    );
    expectEscape(() => root.resolve('C:\\inetpub\\wwwroot\\dangling.config'));
  });

  it('follows a symbolic link whose target stays inside the root', () => {
    fs.symlinkSync(path.join(dir, 'inetpub/Sites/Shop'), path.join(dir, 'inetpub/shop-link'));
    fs.symlinkSync('../wwwroot', path.join(dir, 'inetpub/Sites/www'));
    expect(root.resolve('C:\\inetpub\\SHOP-LINK\\web.config')).toBe(
      path.join(dir, 'inetpub/shop-link/Web.config'),
    );
    expect(root.resolve('C:\\inetpub\\sites\\www\\web.config')).toBe(
      path.join(dir, 'inetpub/Sites/www/web.config'),
    );
  });

  it('works when the root itself is reached through a symbolic link', () => {
    const link = path.join(work, 'root-link');
    fs.symlinkSync(dir, link);
    const linked = new SystemDriveRoot(link);
    fs.symlinkSync(path.join(dir, 'inetpub/wwwroot'), path.join(dir, 'inetpub/www2'));
    expect(linked.resolve('C:\\inetpub\\WWW2\\web.config')).toBe(path.join(link, 'inetpub/www2/web.config'));
    expect(linked.resolve(path.join(dir, 'inetpub'))).toBe(path.join(link, 'inetpub'));
    expect(linked.relative(path.join(dir, 'inetpub/wwwroot'))).toBe('inetpub/wwwroot');
  });

  it('says in the message which path was refused and why', () => {
    const error = expectEscape(() => root.resolve('..\\..\\x', { baseDir: path.join(dir, 'inetpub') }));
    expect(error.message).toBe('The path "..\\..\\x" leaves the system drive root.');
    expect(expectEscape(() => root.resolve('/etc/passwd')).message).toContain(
      'outside the system drive root',
    );
  });
});

describe('SystemDriveRoot: display forms and well-known locations', () => {
  it('toWindowsPath gives C:\\ paths', () => {
    expect(root.toWindowsPath(root.applicationHostConfig)).toBe(
      'C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config',
    );
    expect(root.toWindowsPath(dir)).toBe('C:\\');
    expectEscape(() => root.toWindowsPath('/etc/passwd'));
  });

  it('relative gives forward-slash paths below the root', () => {
    expect(root.relative(root.rootWebConfig)).toBe(
      'Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config',
    );
    expect(root.relative(dir)).toBe('');
    expectEscape(() => root.relative(work));
    expectEscape(() => root.relative('inetpub'));
    expect(root.contains(path.join(dir, 'x'))).toBe(true);
    expect(root.contains(work)).toBe(false);
  });

  it('knows the well-known locations of docs/design.md, found case-insensitively', () => {
    fs.renameSync(path.join(dir, 'Windows/System32'), path.join(dir, 'Windows/system32'));
    expect(root.applicationHostConfig).toBe(
      path.join(dir, 'Windows/system32/inetsrv/config/applicationHost.config'),
    );
    expect(root.schemaDir).toBe(path.join(dir, 'Windows/system32/inetsrv/config/schema'));
    expect(root.machineConfig).toBe(
      path.join(dir, 'Windows/Microsoft.NET/Framework64/v4.0.30319/Config/machine.config'),
    );
    expect(root.rootWebConfig).toBe(
      path.join(dir, 'Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config'),
    );
    expect(root.historyDir).toBe(path.join(dir, 'inetpub/history'));
    expect(root.consoleStateDir).toBe(path.join(dir, 'ProgramData/IISConsole'));
  });
});
