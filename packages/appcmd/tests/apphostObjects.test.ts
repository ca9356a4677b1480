// appcmd's APPPOOL and SITE objects on the shared application pool and site rules
// (packages/config/src/apphost): IIS's equivalents of the console's Application Pools and Sites writes.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAppcmd } from '../src/index.js';
import {
  APPHOST,
  APPHOST_TEXT,
  changedRegion,
  createApphostRoot,
  read,
} from '../../config/tests/apphost/fixtureApphost.js';

let root: string;
beforeEach(() => {
  root = createApphostRoot();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function appcmd(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runAppcmd(argv, { root, io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('appcmd apppool', () => {
  it('set apppool /processModel.idleTimeout: changes only that attribute', () => {
    expect(appcmd('set', 'apppool', 'Garden', '/processModel.idleTimeout:00:30:00')).toEqual({
      code: 0,
      stdout: 'APPPOOL object "Garden" changed\n',
      stderr: '',
    });
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST))).toEqual({
      removed: ['                <processModel maxProcesses="4" idleTimeout="00:00:00" />'],
      added: ['                <processModel maxProcesses="4" idleTimeout="00:30:00" />'],
    });
  });

  it('set apppool /recycling.periodicRestart.time: and a schedule entry', () => {
    expect(appcmd('set', 'apppool', 'DefaultAppPool', '/recycling.periodicRestart.time:00:00:00').code).toBe(
      0,
    );
    expect(
      appcmd('set', 'apppool', 'Quiet', "/+recycling.periodicRestart.schedule.[value='03:00:00']").code,
    ).toBe(0);
    const text = read(root, APPHOST);
    expect(text).toContain(
      '<add name="DefaultAppPool" managedRuntimeVersion="v4.0">\n                <recycling>\n                    <periodicRestart time="00:00:00" />',
    );
    expect(text).toContain('<add value="03:00:00" />');
  });

  it('add apppool refuses a name IIS refuses (exit 13) and a taken one (exit 183)', () => {
    expect(appcmd('add', 'apppool', '/name:bad:name')).toEqual({
      code: 13,
      stdout: '',
      stderr: "ERROR ( message:The 'name' attribute is invalid.  Invalid application pool name )\n",
    });
    expect(appcmd('add', 'apppool', '/name:quiet').code).toBe(183);
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
  });

  it('delete apppool removes a pool applications still use, as IIS’s appcmd does', () => {
    expect(appcmd('delete', 'apppool', 'Quiet').stdout).toBe('APPPOOL object "Quiet" deleted\n');
    expect(read(root, APPHOST)).not.toContain('name="Quiet"');
  });
});

describe('appcmd site', () => {
  it('add site with a taken name names the site only (not its root application again)', () => {
    expect(appcmd('add', 'site', '/name:blog', '/physicalPath:C:\\b', '/bindings:http/*:81:')).toEqual({
      code: 183,
      stdout: '',
      stderr:
        "ERROR ( message:Cannot add duplicate collection entry of type 'site' with unique key attribute 'name' set to 'blog' )\n",
    });
    expect(appcmd('add', 'site', '/name:a?b').code).toBe(13);
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
  });

  it('set site /+bindings.[…] adds a binding; /-bindings.[…] removes it back to the same bytes', () => {
    expect(
      appcmd('set', 'site', 'Blog', "/+bindings.[protocol='https',bindingInformation='*:443:blog']").stdout,
    ).toBe('SITE object "Blog" changed\n');
    expect(changedRegion(APPHOST_TEXT, read(root, APPHOST))).toEqual({
      removed: [],
      added: ['                    <binding protocol="https" bindingInformation="*:443:blog" />'],
    });
    appcmd('set', 'site', 'Blog', "/-bindings.[protocol='https',bindingInformation='*:443:blog']");
    expect(read(root, APPHOST)).toBe(APPHOST_TEXT);
  });
});
