import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDemoRoot, demoRootTemplateDir, ensureDemoRoot } from '../../src/root/ensureDemoRoot.js';
import { SystemDriveRoot } from '../../src/root/SystemDriveRoot.js';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const repoDir = path.resolve(packageDir, '../..');
const templateDir = path.join(packageDir, 'demo-root');

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory()
      ? listFiles(full, base)
      : [path.relative(base, full).split(path.sep).join('/')];
  });
}

function readXml(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-root-'));
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('ensureDemoRoot', () => {
  it('finds the template and the repository from the module', () => {
    expect(path.resolve(demoRootTemplateDir())).toBe(templateDir);
    expect(defaultDemoRoot()).toBe(path.join(repoDir, '.demo'));
  });

  it('copies the template byte for byte when the target is missing, leaving template-only files out', () => {
    const target = path.join(work, 'nested', '.demo');
    expect(ensureDemoRoot(target)).toBe(true);

    const copied = listFiles(target).sort();
    const expected = listFiles(templateDir)
      .filter((f) => f !== 'README.md' && f !== '.gitattributes' && !f.endsWith('.gitkeep'))
      .sort();
    expect(copied).toEqual(expected);
    for (const file of copied)
      expect(
        fs.readFileSync(path.join(target, file)).equals(fs.readFileSync(path.join(templateDir, file))),
      ).toBe(true);
    expect(fs.statSync(path.join(target, 'inetpub/history')).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(target, 'ProgramData'))).toBe(false);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['.demo']); // no staging folder left
  });

  it('leaves an existing root untouched', () => {
    const target = path.join(work, '.demo');
    expect(ensureDemoRoot(target)).toBe(true);
    const webConfig = path.join(target, 'inetpub/wwwroot/web.config');
    fs.writeFileSync(webConfig, '<configuration><!-- edited --></configuration>');
    fs.rmSync(path.join(target, 'inetpub/sites'), { recursive: true });
    expect(ensureDemoRoot(target)).toBe(false);
    expect(fs.readFileSync(webConfig, 'utf8')).toBe('<configuration><!-- edited --></configuration>');
    expect(fs.existsSync(path.join(target, 'inetpub/sites'))).toBe(false);
  });

  it('fills an existing empty folder', () => {
    const target = path.join(work, 'empty');
    fs.mkdirSync(target);
    expect(ensureDemoRoot(target)).toBe(true);
    expect(fs.existsSync(path.join(target, 'Windows/System32/inetsrv/config/applicationHost.config'))).toBe(
      true,
    );
  });

  it('copies another template when given one, and refuses a missing template', () => {
    const template = path.join(work, 'template');
    fs.mkdirSync(path.join(template, 'inetpub'), { recursive: true });
    fs.writeFileSync(path.join(template, 'inetpub', 'web.config'), '<configuration />\r\n');
    fs.writeFileSync(path.join(template, 'README.md'), 'not copied');
    expect(ensureDemoRoot(path.join(work, 'a'), template)).toBe(true);
    expect(listFiles(path.join(work, 'a'))).toEqual(['inetpub/web.config']);
    expect(() => ensureDemoRoot(path.join(work, 'b'), path.join(work, 'nope'))).toThrow(/does not exist/);
    expect(fs.existsSync(path.join(work, 'b'))).toBe(false);
  });
});

describe('the demo root template', () => {
  const root = new SystemDriveRoot(templateDir);

  it('holds only well-formed XML config files', () => {
    const configs = listFiles(templateDir).filter((f) => f.endsWith('.config'));
    expect(configs.length).toBeGreaterThanOrEqual(12);
    for (const file of configs)
      expect([file, XMLValidator.validate(readXml(path.join(templateDir, file)))]).toEqual([file, true]);
  });

  it('has an IIS applicationHost.config with CRLF, comments, sites, applications and the Session module', () => {
    const text = fs.readFileSync(root.applicationHostConfig, 'utf8');
    expect(text.split('\n').length - 1).toBe(text.split('\r\n').length - 1); // every line ends with CRLF
    expect(text).toContain('<!--');
    expect(text).toContain('<add name="DefaultAppPool" />');
    expect(text).toContain('<add name=".NET v4.5" managedRuntimeVersion="v4.0" />');
    expect(text).toContain(
      '<add name="Session" type="System.Web.SessionState.SessionStateModule" preCondition="managedHandler" />',
    );
    const sites = [...text.matchAll(/<site name="([^"]+)" id="(\d+)"/g)].map((m) => m[1]);
    expect(sites).toEqual(['Default Web Site', 'Contoso Shop', 'Intranet', 'Partner API', 'Legacy Reports']);
    const apps = [...text.matchAll(/<application path="([^"]+)"/g)].map((m) => m[1]).filter((p) => p !== '/');
    expect(apps).toEqual(['/checkout', '/checkout/payments', '/hr']);
    expect(text).toContain('<virtualDirectory path="/docs" physicalPath="%SystemDrive%\\inetpub\\docs" />');
  });

  it('points every physical path at an existing folder of the template', () => {
    const text = fs.readFileSync(root.applicationHostConfig, 'utf8');
    const siteSection = text.slice(text.indexOf('<sites>'), text.indexOf('<siteDefaults>'));
    const physicalPaths = [...siteSection.matchAll(/physicalPath="([^"]+)"/g)].map((m) => m[1]!);
    expect(physicalPaths).toHaveLength(9);
    for (const physicalPath of physicalPaths) {
      expect(physicalPath.startsWith('%SystemDrive%\\inetpub\\')).toBe(true);
      expect([physicalPath, fs.statSync(root.resolve(physicalPath)).isDirectory()]).toEqual([
        physicalPath,
        true,
      ]);
    }
    // Partner API's folder is spelled differently on disk, as Windows allows.
    expect(root.resolve('%SystemDrive%\\inetpub\\sites\\PartnerApi')).toBe(
      path.join(templateDir, 'inetpub/sites/partnerapi'),
    );
  });

  it('sets every session state mode, one lock and one configSource', () => {
    const read = (p: string) => readXml(root.resolve(p));
    expect(read('C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\machine.config')).toContain(
      'allowDefinition="MachineToApplication"',
    );
    expect(read('%windir%\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\web.config')).toContain(
      '<sessionState mode="InProc" timeout="20" lockAttributes="cookieName" />',
    );
    expect(read('%SystemDrive%\\inetpub\\sites\\shop\\web.config')).toContain(
      'mode="StateServer" stateConnectionString="tcpip=loopback:42424"',
    );
    const checkout = read('%SystemDrive%\\inetpub\\sites\\shop\\checkout\\web.config');
    expect(checkout).toContain('<add name="ShopSessionDb"');
    expect(checkout).toContain('mode="SQLServer" sqlConnectionString="ShopSessionDb"');
    expect(read('%SystemDrive%\\inetpub\\payments\\web.config')).toContain('<sessionState mode="Off" />');
    expect(read('%SystemDrive%\\inetpub\\intranet\\web.config')).toContain(
      '<sessionState configSource="session.config" />',
    );
    expect(read('%SystemDrive%\\inetpub\\intranet\\session.config')).toContain('<sessionState mode="InProc"');
    const partner = read('%SystemDrive%\\inetpub\\sites\\PartnerApi\\web.config');
    expect(partner).toContain('mode="Custom" customProvider="RedisSessionStateStore"');
    expect(partner).toContain(
      '<add name="RedisSessionStateStore" type="Microsoft.Web.Redis.RedisSessionStateProvider"',
    );
    expect(fs.existsSync(root.resolve('%SystemDrive%\\inetpub\\intranet\\hr\\web.config'))).toBe(false);
    // No file below the server sets the locked attribute.
    for (const file of listFiles(path.join(templateDir, 'inetpub')))
      expect([
        file,
        fs.readFileSync(path.join(templateDir, 'inetpub', file), 'utf8').includes('cookieName'),
      ]).toEqual([file, false]);
  });
});
