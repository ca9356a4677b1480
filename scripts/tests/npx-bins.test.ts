// `npx appcmd …` and `npx aspnet-state …` from the repository root: npm links the workspaces' bins
// into node_modules/.bin (the root package depends on @iis-console/appcmd and
// @iis-console/state-server), and each bin's stdout is exactly the program's output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAppcmd } from '@iis-console/appcmd';
import { ensureDemoRoot } from '@iis-console/config';
import { STATE_SERVER_USAGE } from '@iis-console/state-server';

const repo = join(import.meta.dirname, '..', '..');
const windows = process.platform === 'win32';

/** Runs node_modules/.bin/<name> as npx does, with a clear message when npm did not link it. */
function runBin(name: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const file = join(repo, 'node_modules', '.bin', windows ? `${name}.cmd` : name);
  expect(existsSync(file), `${file} is missing: npm ci (or npm install) links it`).toBe(true);
  return spawnSync(file, args, { cwd: repo, encoding: 'utf8', env, shell: windows });
}
const scratch = mkdtempSync(join(tmpdir(), 'npx-bins-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the bins npm links at the repository root', { timeout: 120_000 }, () => {
  it('appcmd list site prints what appcmd prints, for the root in IISCONSOLE_ROOT', () => {
    const root = join(scratch, 'demo');
    ensureDemoRoot(root);
    let expected = '';
    expect(
      runAppcmd(['list', 'site'], { root, io: { stdout: (t) => (expected += t), stderr: () => {} } }),
    ).toBe(0);

    const r = runBin('appcmd', ['list', 'site'], { ...process.env, IISCONSOLE_ROOT: root });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
    expect(r.stdout).toContain('SITE "Default Web Site" (id:1,');
    expect(r.status).toBe(0);
  });

  it('aspnet-state --help prints the usage', () => {
    const r = runBin('aspnet-state', ['--help']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(STATE_SERVER_USAGE);
    expect(r.status).toBe(0);
  });
});
