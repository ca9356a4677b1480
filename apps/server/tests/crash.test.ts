// Crash safety: a real server process takes a stream of Applies and is killed with SIGKILL at random
// moments. Afterwards every config file parses and equals one of the versions that were applied (or the
// original), and every saved history version is one of the earlier versions.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigDocument, ConfigurationSystem } from '@iis-console/config';
import { repoRoot } from '../src/paths.js';
import {
  SITE1_ORIGINAL,
  SITE1_WEB,
  createFixtureF,
  removeRoot,
} from '../../../packages/config/tests/fixtures/fixtureF.js';

const node = process.execPath;
const mainJs = join(repoRoot, 'apps/server/dist/main.js');
const PASSWORD = 'crash-test-password-1';
let root: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  spawnSync(node, [join(repoRoot, 'node_modules/typescript7/bin/tsc'), '-b', 'apps/server'], {
    cwd: repoRoot,
  });
  root = createFixtureF();
}, 120_000);
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  removeRoot(root);
});

/** mulberry32, so a failing run can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(node, [mainJs, '--root', root, '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, IISCONSOLE_ADMIN_PASSWORD: PASSWORD, IISCONSOLE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${text}`)), 20_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = /IIS Console is running at (\S+)/.exec(text);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${text}`)));
  });
}

async function session(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(new URL('/api/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

/** The timeout value of a site web.config text, or undefined when not set. */
function timeoutOf(text: string): string | undefined {
  return /<sessionState[^>]*\btimeout="(\d+)"/.exec(text)?.[1];
}

describe('SIGKILL during a stream of Applies', () => {
  it('leaves every file parseable and equal to an applied version; history holds earlier versions', async () => {
    const random = prng(4242);
    const attempted = new Set<string>();
    let next = 1;
    for (let round = 0; round < 5; round++) {
      const { child, url } = await startServer();
      const auth = await session(url);
      const target = new URL('/api/config/session-state?path=WebSite1', url).href;
      const killAfter = 150 + Math.floor(random() * 600);
      const deadline = Date.now() + killAfter;
      const killed = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      setTimeout(() => child.kill('SIGKILL'), killAfter);
      // Two concurrent writers until the process dies.
      const writer = async () => {
        while (Date.now() < deadline + 2000) {
          try {
            const view = await fetch(target, { headers: { cookie: auth.cookie } });
            const etag = view.headers.get('etag') ?? '';
            const value = String(next++);
            attempted.add(value);
            await fetch(target, {
              method: 'PATCH',
              headers: {
                cookie: auth.cookie,
                'x-csrf-token': auth.csrf,
                'if-match': etag,
                'content-type': 'application/json',
              },
              body: JSON.stringify({ timeout: value }),
            });
          } catch {
            return; // the server is gone
          }
        }
      };
      await Promise.all([writer(), writer()]);
      await killed;

      // The file parses and holds one of the applied values (or is the original).
      const text = readFileSync(join(root, SITE1_WEB), 'utf8');
      expect(() => ConfigDocument.parse(text, SITE1_WEB)).not.toThrow();
      const value = timeoutOf(text);
      if (value === undefined) expect(text).toBe(SITE1_ORIGINAL);
      else expect(attempted.has(value)).toBe(true);
      // No temp file took the place of the config file.
      expect(existsSync(join(root, SITE1_WEB))).toBe(true);
    }
    // History: every saved version parses and is the original or an applied version.
    const system = new ConfigurationSystem(root);
    const history = system.committer.listHistory();
    expect(history.length).toBeGreaterThan(0);
    for (const h of history) {
      const saved = system.committer.readHistoryFile(h.id, SITE1_WEB);
      const savedText = Buffer.from(saved!).toString('utf8');
      expect(() => ConfigDocument.parse(savedText, h.id)).not.toThrow();
      const v = timeoutOf(savedText);
      if (v === undefined) expect(savedText).toBe(SITE1_ORIGINAL);
      else expect(attempted.has(v)).toBe(true);
    }
    // The newest history entry holds the version before the current file (when the last write completed).
    const dirs = readdirSync(join(root, 'inetpub/history')).filter((d) => d.startsWith('CFGHISTORY_'));
    expect(dirs.length).toBeLessThanOrEqual(11);
  }, 120_000);
});
