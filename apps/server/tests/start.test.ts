import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseRoot } from '../src/cli/root.js';
import { repoRoot } from '../src/paths.js';
import { parseStartOptions, startServer, UsageError, type StartOptions } from '../src/start.js';
import type { StartupHook } from '../src/run-startup-hooks.js';
import { UserStore } from '../src/users/user-store.js';
import { makeRoot, removeRoot } from './helpers.js';

const node = process.execPath;
const mainJs = join(repoRoot, 'apps/server/dist/main.js');
const usersCliJs = join(repoRoot, 'apps/server/dist/users-cli.js');
const roots: string[] = [];
const children: ChildProcess[] = [];

beforeAll(() => {
  const build = spawnSync(node, [join(repoRoot, 'node_modules/typescript7/bin/tsc'), '-b', 'apps/server'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  // Type errors elsewhere do not stop the emit; a missing main.js does.
  if (build.status !== 0) console.warn(`tsc -b apps/server reported:\n${build.stdout}${build.stderr}`);
}, 120_000);

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  for (const root of roots.splice(0)) await removeRoot(root);
});

async function tempRoot(): Promise<string> {
  const root = await makeRoot();
  roots.push(root);
  return root;
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

/** Spawns the built `main.js` and waits for "IIS Console is running at <url>". */
function spawnMain(args: string[], env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(node, [mainJs, ...args], {
    cwd: repoRoot,
    env: { ...process.env, IISCONSOLE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${text}`)), 20_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /IIS Console is running at (\S+)/.exec(text);
      if (match?.[1] && text.includes('\n', text.indexOf(match[1]))) {
        clearTimeout(timer);
        // Let the remaining lines arrive.
        setTimeout(() => resolve({ child, url: match[1] as string, output: () => text, exit }), 100);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${text}`));
    });
  });
}

async function signIn(url: string, username: string, password: string): Promise<Response> {
  return fetch(new URL('/api/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

describe('npm start (the built main.js over a real port)', () => {
  it('serves health, signs in with IISCONSOLE_ADMIN_PASSWORD and stops cleanly on SIGTERM', async () => {
    const root = await tempRoot();
    const server = await spawnMain(['--root', root, '--port', '0'], {
      IISCONSOLE_ADMIN_PASSWORD: 'start-test-pw',
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.output()).toContain('Sign in as "admin" with the password in IISCONSOLE_ADMIN_PASSWORD');
    expect(server.output()).not.toContain('start-test-pw');
    expect(server.output()).not.toContain('Warning');

    const health = await fetch(new URL('/api/health', server.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('content-security-policy')).toContain("default-src 'self'");

    const login = await signIn(server.url, 'admin', 'start-test-pw');
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = await fetch(new URL('/api/auth/me', server.url), { headers: { cookie } });
    expect(await me.json()).toMatchObject({ username: 'admin', role: 'administrator' });

    const page = await fetch(new URL('/', server.url), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });

  it('creates admin with a random password on a first start and shows it once', async () => {
    const root = await tempRoot();
    const env = { IISCONSOLE_ADMIN_PASSWORD: '' };
    const first = await spawnMain(['--port', '0'], { ...env, IISCONSOLE_ROOT: root });
    const password = /with the password: (\S+)/.exec(first.output())?.[1];
    expect(password).toBeDefined();
    expect((await signIn(first.url, 'admin', password as string)).status).toBe(200);
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);

    const second = await spawnMain(['--root', root, '--port', '0'], env);
    expect(second.output()).not.toContain('with the password:');
    expect(second.output()).toContain('Sign in with a user of this root');
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  });

  it('fails with a message on a bad option or a missing root', async () => {
    const bad = spawnSync(node, [mainJs, '--port', 'eighty'], { cwd: repoRoot, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Not a port number');
    const missing = spawnSync(node, [mainJs, '--root', '/nonexistent/iisconsole-root', '--port', '0'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('does not exist');
  });

  it('the built users CLI manages the users of a root', async () => {
    const root = await tempRoot();
    const add = spawnSync(node, [usersCliJs, 'add', 'bob', '--role', 'reader', '--root', root], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, IISCONSOLE_USER_PASSWORD: 'bob-password' },
    });
    expect(add.status, add.stderr).toBe(0);
    const list = spawnSync(node, [usersCliJs, 'list', '--root', root], { cwd: repoRoot, encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^bob\s+reader\s+/m);
    // The password from a pipe when the variable is not set.
    const passwd = spawnSync(node, [usersCliJs, 'passwd', 'bob', '--root', root], {
      cwd: repoRoot,
      encoding: 'utf8',
      input: 'piped-password\n',
      env: { ...process.env, IISCONSOLE_USER_PASSWORD: '' },
    });
    expect(passwd.status, passwd.stderr).toBe(0);
    expect(await UserStore.forRoot(root).verify('bob', 'piped-password')).not.toBeNull();
  });
});

describe('startServer', () => {
  const base: StartOptions = {
    root: undefined,
    port: 0,
    host: '127.0.0.1',
    cert: undefined,
    key: undefined,
    logLevel: 'silent',
    consoleDist: false,
  };

  it('runs the start-up hooks, survives a failing one and undoes them on close', async () => {
    const root = await tempRoot();
    const events: string[] = [];
    const hooks: StartupHook[] = [
      {
        name: 'service',
        run: ({ root: hookRoot }) => {
          events.push(`start ${hookRoot === root}`);
          return async () => {
            events.push('stop');
          };
        },
      },
      {
        name: 'broken',
        run: () => {
          throw new Error('cannot start');
        },
      },
    ];
    const out: string[] = [];
    const warn: string[] = [];
    const server = await startServer(
      { ...base, root },
      { IISCONSOLE_ADMIN_PASSWORD: 'hook-test-pw' },
      { out: (l) => out.push(l), warn: (l) => warn.push(l) },
      hooks,
    );
    try {
      expect(events).toEqual(['start true']);
      expect(warn.join('\n')).toContain('start-up step "broken" failed: cannot start');
      expect((await fetch(new URL('/api/health', server.url))).status).toBe(200);
    } finally {
      await server.close();
    }
    expect(events).toEqual(['start true', 'stop']);
  });

  it('warns when listening on an address other machines can reach', async () => {
    const root = await tempRoot();
    const warn: string[] = [];
    const server = await startServer(
      { ...base, root, host: '0.0.0.0' },
      { IISCONSOLE_ADMIN_PASSWORD: 'x-test-pw' },
      { out: () => undefined, warn: (l) => warn.push(l) },
      [],
    );
    await server.close();
    expect(warn.join('\n')).toMatch(/Warning: listening on 0\.0\.0\.0.*--cert and --key/);
  });
});

describe('start options', () => {
  it('come from the command line, then the environment, then the defaults', () => {
    expect(parseStartOptions([], {})).toMatchObject({ root: undefined, port: 8172, host: '127.0.0.1' });
    expect(
      parseStartOptions([], { IISCONSOLE_ROOT: '/r', IISCONSOLE_PORT: '9000', IISCONSOLE_HOST: '::1' }),
    ).toMatchObject({ port: 9000, host: '::1' });
    expect(
      parseStartOptions(['--port', '1234', '--host', '127.0.0.2', '--root', '/x'], {
        IISCONSOLE_PORT: '9000',
      }),
    ).toMatchObject({
      root: '/x',
      port: 1234,
      host: '127.0.0.2',
    });
    expect(parseStartOptions(['--cert', 'c.pem', '--key', 'k.pem'], {})).toMatchObject({
      cert: 'c.pem',
      key: 'k.pem',
    });
    expect(parseStartOptions(['--help'], {})).toBe('help');
    expect(() => parseStartOptions(['--port', '70000'], {})).toThrow(UsageError);
    expect(() => parseStartOptions(['--cert', 'c.pem'], {})).toThrow(/--key/);
    expect(() => parseStartOptions(['--frobnicate'], {})).toThrow(UsageError);
  });

  it('default to the demo root .demo in the repository', () => {
    expect(chooseRoot(undefined, {})).toEqual({ root: join(repoRoot, '.demo'), demo: true });
    expect(chooseRoot(undefined, { IISCONSOLE_ROOT: '/srv/root' })).toEqual({
      root: '/srv/root',
      demo: false,
    });
    expect(chooseRoot('/given', { IISCONSOLE_ROOT: '/srv/root' })).toEqual({ root: '/given', demo: false });
  });
});
