// The optional --status-file of the aspnet-state bin: what it writes, how, and that it never hurts
// the service (in process here; bin.test.ts runs it as a process).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseStateServerArgs, STATE_SERVER_USAGE } from '../src/parseStateServerArgs.js';
import { StateClient } from '../src/StateClient.js';
import { StateServer } from '../src/StateServer.js';
import { parseStateServerStatus, startStatusFile, type StatusFileWriter } from '../src/statusFile.js';

const dir = mkdtempSync(join(tmpdir(), 'state-server-status-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const servers: StateServer[] = [];
const writers: StatusFileWriter[] = [];
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.close();
  for (const server of servers.splice(0)) await server.close();
});

async function listening(): Promise<StateServer> {
  const server = new StateServer({ port: 0, host: '127.0.0.1', socketTimeout: 7 });
  servers.push(server);
  await server.listen();
  return server;
}

describe('--status-file', () => {
  it('is optional and named in the usage', () => {
    expect(parseStateServerArgs([]).statusFile).toBeUndefined();
    expect(parseStateServerArgs(['--status-file', '/x/status.json']).statusFile).toBe('/x/status.json');
    expect(() => parseStateServerArgs(['--status-file', ' '])).toThrow(/--status-file must name a file/);
    expect(STATE_SERVER_USAGE).toContain('--status-file FILE');
  });

  it('publishes pid, addresses, settings and counters, refreshed, and is removed at close', async () => {
    const server = await listening();
    const file = join(dir, 'status.json');
    const writer = startStatusFile(server, file, { intervalMs: 50 });
    writers.push(writer);
    await writer.write();
    const first = parseStateServerStatus(readFileSync(file, 'utf8'));
    const { port } = server.address();
    expect(first).toMatchObject({
      version: 1,
      pid: process.pid,
      listening: [`127.0.0.1:${port}`],
      settings: { port: 0, allowRemoteConnection: false, socketTimeout: 7, maxBodySize: 20971520 },
      counters: { sessionsActive: 0, sessionsTotal: 0, connections: 0 },
    });

    const client = await StateClient.connect('127.0.0.1', port);
    expect((await client.put('/app/s', Buffer.from('x'))).status).toBe(200);
    await expect
      .poll(() => parseStateServerStatus(readFileSync(file, 'utf8'))?.counters, { timeout: 2000 })
      .toMatchObject({ sessionsActive: 1, sessionsTotal: 1, bytesInMemory: 1, connections: 1 });
    await client.close();

    await writer.close();
    expect(existsSync(file)).toBe(false);
    // No temporary file is left behind.
    expect(readdirSync(dir).filter((name) => name.includes('status.json'))).toEqual([]);
  });

  it('reports a failing write once and keeps the server serving', async () => {
    const server = await listening();
    const errors: Error[] = [];
    const writer = startStatusFile(server, join(dir, 'no-such-dir', 'status.json'), {
      intervalMs: 20,
      onError: (error) => errors.push(error),
    });
    writers.push(writer);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/ENOENT/);
    const client = await StateClient.connect('127.0.0.1', server.address().port);
    expect((await client.resetTimeout('/x')).status).toBe(404);
    await client.close();
  });

  it('is never trusted when torn or foreign', () => {
    expect(parseStateServerStatus('{"version":1,"pid":')).toBeUndefined();
    expect(parseStateServerStatus('[]')).toBeUndefined();
    expect(parseStateServerStatus('{"version":2,"pid":1}')).toBeUndefined();
    expect(
      parseStateServerStatus(
        JSON.stringify({
          version: 1,
          pid: 1.5,
          listening: [],
          startedAt: '',
          updatedAt: '',
          settings: {},
          counters: {},
        }),
      ),
    ).toBeUndefined();
  });
});
