import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateRoot } from '../../../../bench/generate-root.mjs';
import { SystemDriveRoot } from '../../src/root/SystemDriveRoot.js';

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'generate-root-'));
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('bench/generate-root.mjs', () => {
  it('writes a root with 20 sites whose files exist and are well-formed XML', () => {
    const result = generateRoot(work, { sites: 20 });
    expect(result).toEqual({ dir: work, sites: 20, applications: 2, files: 3 + 20 + 2 });

    const root = new SystemDriveRoot(work);
    const files = [root.applicationHostConfig, root.machineConfig, root.rootWebConfig];
    for (let i = 1; i <= 20; i++)
      files.push(root.resolve(`%SystemDrive%\\inetpub\\sites\\site${i}\\web.config`));
    files.push(root.resolve('C:\\inetpub\\sites\\site10\\app\\web.config'));
    files.push(root.resolve('C:\\inetpub\\sites\\site20\\app\\web.config'));
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect([file, XMLValidator.validate(text)]).toEqual([file, true]);
    }

    const apphost = fs.readFileSync(root.applicationHostConfig, 'utf8');
    expect(apphost.match(/<site name="Site\d+" id="\d+">/g)).toHaveLength(20);
    expect(apphost).toContain('physicalPath="%SystemDrive%\\inetpub\\sites\\site10\\app"');
    expect(fs.readFileSync(root.rootWebConfig, 'utf8')).toContain(
      '<sessionState mode="InProc" timeout="20" />',
    );
    expect(fs.readFileSync(root.machineConfig, 'utf8')).toContain('allowDefinition="MachineToApplication"');
    expect(fs.statSync(root.historyDir).isDirectory()).toBe(true);

    const modes = new Set<string>();
    for (let i = 1; i <= 20; i++) {
      const text = fs.readFileSync(root.resolve(`C:\\inetpub\\sites\\site${i}\\web.config`), 'utf8');
      modes.add(/mode="(\w+)"/.exec(text)?.[1] ?? '');
    }
    expect([...modes].sort()).toEqual(['InProc', 'Off', 'SQLServer', 'StateServer']);
    expect(fs.readFileSync(root.resolve('C:\\inetpub\\sites\\site9\\web.config'), 'utf8')).toContain(
      '<location path="." inheritInChildApplications="false">',
    );
  });
});
