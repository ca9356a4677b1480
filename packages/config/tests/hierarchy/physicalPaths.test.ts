// Physical paths of many sites under one folder: the folder is listed once instead of an lstat per
// site (ConfigurationSystem.resolvePhysicalPath). What the listing says must never let a link out
// of the root, and a site folder created after the listing must still be found.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationSystem, SessionStateOverview } from '../../src/index.js';

const MACHINE_CONFIG = 'Windows/Microsoft.NET/Framework64/v4.0.30319/Config/machine.config';
const DEMO_ROOT = fileURLToPath(new URL('../../demo-root/', import.meta.url));
const SITES = 40;

let base: string;
let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const webConfig = (mode: string) =>
  `<configuration><system.web><sessionState mode="${mode}" /></system.web></configuration>`;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'iisconsole-paths-'));
  root = join(base, 'root');
  write(MACHINE_CONFIG, readFileSync(join(DEMO_ROOT, MACHINE_CONFIG), 'utf8'));
  const sites = Array.from(
    { length: SITES },
    (_, i) =>
      `<site name="Site${i + 1}" id="${i + 1}"><application path="/"><virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\sites\\site${i + 1}" /></application></site>`,
  ).join('\n');
  write(
    'Windows/System32/inetsrv/config/applicationHost.config',
    `<configuration><system.applicationHost><sites>\n${sites}\n</sites></system.applicationHost></configuration>`,
  );
  // Every site but the last two has its folder; site 39's folder is a link to a folder outside the root.
  for (let i = 1; i <= SITES - 2; i++) write(`inetpub/sites/site${i}/web.config`, webConfig('Off'));
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'web.config'), webConfig('SQLServer'));
  symlinkSync(join(base, 'outside'), join(root, 'inetpub/sites/site39'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('physical paths of many sites under one folder', () => {
  it('reads every site folder, never through a link out of the root, and finds a folder created later', () => {
    const system = new ConfigurationSystem(root);
    const overview = new SessionStateOverview(system);
    const byPath = () => new Map(overview.entries().map((e) => [e.path, e]));
    let entries = byPath();
    expect(entries.get('Site1')?.mode).toBe('Off');
    expect(entries.get('Site38')?.mode).toBe('Off');
    // The link is refused: the outside web.config is never read, and the row says why.
    expect(entries.get('Site39')?.mode).not.toBe('SQLServer');
    expect(entries.get('Site39')?.error).toMatch(/outside the system drive root/);
    expect(entries.get('Site40')?.mode).toBe('InProc');
    expect(system.resolvePhysicalPath('%SystemDrive%\\inetpub\\sites\\site1')).toBe(
      join(root, 'inetpub/sites/site1'),
    );
    expect(() => system.resolvePhysicalPath('%SystemDrive%\\inetpub\\sites\\site39')).toThrow(
      /outside the system drive root/,
    );

    write('inetpub/sites/site40/web.config', webConfig('StateServer'));
    entries = byPath();
    expect(entries.get('Site40')?.mode).toBe('StateServer');
    expect(entries.get('Site39')?.error).toMatch(/outside the system drive root/);
  });
});
