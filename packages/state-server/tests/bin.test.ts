// The `aspnet-state` executable as its own process: builds the package, spawns the bin on a free
// loopback port, talks to it, and stops it with signals.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StateClient } from '../src/StateClient.js';
import { parseStateServerStatus } from '../src/statusFile.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'packages/state-server/bin/aspnet-state.js');
const dir = mkdtempSync(join(tmpdir(), 'aspnet-state-bin-'));
const running: ChildProcess[] = [];

beforeAll(() => {
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript7/bin/tsc'), '-b', 'packages/state-server'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  expect(build.status, build.stdout + build.stderr).toBe(0);
});

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  line: string;
  port: number;
  stdout: () => string;
}

/** Spawns the bin and waits for its one "listening" line. */
function startBin(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${stderr}`)), 10_000);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    child.stdout?.on('data', () => {
      const match = /^aspnet_state listening on (\S+):(\d+)\n/.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      resolve({ child, line: match[0], port: Number(match[2]), stdout: () => stdout });
    });
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null) return Promise.resolve({ code: child.exitCode, signal: null });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('aspnet-state bin', () => {
  it('prints one line, serves the protocol, writes nothing per request and exits 0 on SIGTERM', async () => {
    const started = await startBin(['--port', '0', '--host', '127.0.0.1', '--socket-timeout', '5']);
    expect(started.line).toBe(`aspnet_state listening on 127.0.0.1:${started.port}\n`);
    const client = await StateClient.connect('127.0.0.1', started.port);
    expect((await client.put('/app(h)/s', Buffer.from('hello'))).status).toBe(200);
    const read = await client.getExclusive('/app(h)/s');
    expect(read).toMatchObject({ status: 200, lockCookie: 2, aspNetVersion: '4.0.30319' });
    expect(read.body.toString()).toBe('hello');
    await client.close();
    expect(started.stdout()).toBe(started.line);

    started.child.kill('SIGTERM');
    expect(await exitOf(started.child)).toEqual({ code: 0, signal: null });
  });

  it('exits 0 on SIGINT, even with a client still connected', async () => {
    const started = await startBin(['--port', '0']);
    const client = await StateClient.connect('127.0.0.1', started.port);
    expect((await client.resetTimeout('/x')).status).toBe(404);
    started.child.kill('SIGINT');
    expect(await exitOf(started.child)).toEqual({ code: 0, signal: null });
    await client.close();
  });

  it('takes its settings from --settings, the command line winning', async () => {
    const file = join(dir, 'aspnet_state.json');
    writeFileSync(file, JSON.stringify({ Port: 1, MaxBodySize: 2048, AllowRemoteConnection: 0 }));
    const started = await startBin(['--settings', file, '--port', '0']);
    const client = await StateClient.connect('127.0.0.1', started.port);
    expect((await client.put('/a', Buffer.alloc(2048))).status).toBe(200);
    await expect(client.put('/b', Buffer.alloc(2049))).resolves.toMatchObject({ status: 400 });
    await client.close();
    started.child.kill('SIGTERM');
    expect((await exitOf(started.child)).code).toBe(0);
  });

  it('publishes its status with --status-file every second and removes it on SIGTERM', async () => {
    const file = join(dir, 'aspnet_state.status.json');
    const started = await startBin(['--port', '0', '--status-file', file]);
    await expect.poll(() => existsSync(file), { timeout: 5000 }).toBe(true);
    const status = parseStateServerStatus(readFileSync(file, 'utf8'));
    expect(status).toMatchObject({ pid: started.child.pid, settings: { port: 0, socketTimeout: 30 } });
    expect(status?.listening).toContain(`127.0.0.1:${started.port}`);

    const client = await StateClient.connect('127.0.0.1', started.port);
    expect((await client.put('/app/s', Buffer.from('hello'))).status).toBe(200);
    await expect
      .poll(() => parseStateServerStatus(readFileSync(file, 'utf8'))?.counters.sessionsActive, {
        timeout: 3000,
      })
      .toBe(1);
    await client.close();
    // Nothing but the one line on stdout.
    expect(started.stdout()).toBe(started.line);

    started.child.kill('SIGTERM');
    expect(await exitOf(started.child)).toEqual({ code: 0, signal: null });
    expect(existsSync(file)).toBe(false);
  });

  it('exits 2 with a message and the usage on a bad option', async () => {
    const result = spawnSync(process.execPath, [bin, '--port', 'x'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^aspnet_state: --port must be a whole number\n\nUsage: aspnet-state/);
  });

  it('exits 1 and says why when the port is taken', async () => {
    const first = await startBin(['--port', '0', '--host', '127.0.0.1']);
    const result = spawnSync(process.execPath, [bin, '--port', String(first.port), '--host', '127.0.0.1'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    first.child.kill('SIGTERM');
    await exitOf(first.child);
  });
});
