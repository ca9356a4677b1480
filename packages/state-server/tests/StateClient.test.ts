// The client library against the real server over loopback, and "Test connection" against the
// real server and against loopback listeners that are not state servers.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATE_CONNECTION_STRING_MESSAGE } from '@iis-console/config-common';
import { StateClient } from '../src/StateClient.js';
import { StateServer } from '../src/StateServer.js';
import { stateResourceName } from '../src/stateResourceName.js';
import { testConnection } from '../src/testConnection.js';
import { exchange } from './rawSocket.js';
import { TestClock } from './TestClock.js';

const SESSION = stateResourceName('/LM/W3SVC/1/ROOT/Shop', 'ptmlzm45wtmzvs55hm3f3xbz');

let clock: TestClock;
let server: StateServer;
let port: number;
let client: StateClient;

beforeEach(async () => {
  clock = new TestClock();
  server = new StateServer({ port: 0, now: clock.now });
  port = (await server.listen()).port;
  client = await StateClient.connect('127.0.0.1', port);
});

afterEach(async () => {
  await client.close();
  await server.close();
});

describe('StateClient', () => {
  it('runs the ASP.NET request cycle: placeholder, acquire, store with the cookie, read', async () => {
    expect((await client.getExclusive(SESSION)).status).toBe(404);
    expect(
      (await client.put(SESSION, Buffer.from([0x14, 0, 0, 0, 0, 0, 0xff]), { extraFlags: 1 })).status,
    ).toBe(200);

    const acquired = await client.getExclusive(SESSION);
    expect(acquired).toMatchObject({
      status: 200,
      lockCookie: 2,
      timeout: 20,
      actionFlags: 1,
      aspNetVersion: '4.0.30319',
    });

    const other = await StateClient.connect('127.0.0.1', port);
    clock.advance(3000);
    const locked = await other.getExclusive(SESSION);
    expect(locked).toMatchObject({ status: 423, lockCookie: 2, lockAge: 3 });
    expect(typeof locked.lockDate).toBe('bigint');
    await other.close();

    expect((await client.put(SESSION, Buffer.from('state'), { lockCookie: 2, timeout: 30 })).status).toBe(
      200,
    );
    const read = await client.get(SESSION);
    expect(read).toMatchObject({ status: 200, timeout: 30, lockCookie: undefined, actionFlags: undefined });
    expect(read.body.toString()).toBe('state');
  });

  it('releases, resets the time-out with HEAD, and removes', async () => {
    await client.put(SESSION, Buffer.from('x'), { timeout: 1 });
    const { lockCookie } = await client.getExclusive(SESSION);
    expect((await client.releaseExclusive(SESSION, lockCookie ?? -1)).status).toBe(200);
    clock.advance(50_000);
    expect((await client.resetTimeout(SESSION)).status).toBe(200);
    clock.advance(50_000);
    expect((await client.get(SESSION)).status).toBe(200);
    expect((await client.remove(SESSION)).status).toBe(200);
    expect((await client.resetTimeout(SESSION)).status).toBe(404);
    expect(server.counters()).toMatchObject({ sessionsTotal: 1, sessionsAbandoned: 1, sessionsActive: 0 });
  });

  it('URL-encodes resource names the way ASP.NET does, so raw %2f targets reach the same item', async () => {
    await client.put('/app(h/a=)/id with space', Buffer.from('v'));
    expect((await client.resetTimeout('/app(h/a=)/id with space')).status).toBe(200);
    // the same key spelt with literal slashes on a raw socket
    const raw = await exchange(port, 'HEAD /app(h/a%3d)/id+with+space HTTP/1.1\r\n\r\n');
    expect(raw.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(server.counters().sessionsActive).toBe(1);
  });

  it('pipelines requests issued together and matches answers in order', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `/app(h)/s${i}`);
    await Promise.all(keys.map((k, i) => client.put(k, Buffer.from(String(i)))));
    const reads = await Promise.all(keys.map((k) => client.get(k)));
    expect(reads.map((r) => r.body.toString())).toEqual(keys.map((_, i) => String(i)));
  });

  it('rejects waiting requests when the server goes away', async () => {
    const pending = client.get(SESSION);
    await expect(pending).resolves.toMatchObject({ status: 404 });
    await server.close();
    await expect(client.get(SESSION)).rejects.toThrow(/closed|failed/);
  });
});

describe('testConnection', () => {
  const others: Server[] = [];
  const accepted: Socket[] = [];

  afterEach(async () => {
    for (const socket of accepted.splice(0)) socket.destroy();
    await Promise.all(others.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function listenRaw(onConnection: (socket: Socket) => void, host = '127.0.0.1'): Promise<number> {
    const raw = createServer((socket) => {
      accepted.push(socket);
      onConnection(socket);
    });
    others.push(raw);
    await new Promise<void>((resolve, reject) => {
      raw.once('error', reject);
      raw.listen(0, host, resolve);
    });
    const address = raw.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    return address.port;
  }

  it('reports the version and round-trip time of a state server, and creates no state', async () => {
    const result = await testConnection(`tcpip=127.0.0.1:${port}`, 2000);
    expect(result).toMatchObject({ ok: true, version: '4.0.30319', status: 404, address: '127.0.0.1', port });
    if (result.ok) {
      expect(result.roundTripMs).toBeGreaterThan(0);
      expect(result.roundTripMs).toBeLessThan(2000);
    }
    expect(server.counters().sessionsTotal).toBe(0);
  });

  it('maps loopback (ASP.NET’s default server name) to 127.0.0.1 and takes host/port objects', async () => {
    expect(await testConnection(`tcpip=loopback:${port}`)).toMatchObject({ ok: true, host: 'loopback' });
    expect(await testConnection({ host: '127.0.0.1', port })).toMatchObject({ ok: true });
  });

  it('says refused when nothing listens on the port', async () => {
    const closedPort = await listenRaw(() => undefined);
    await new Promise((resolve) => others.pop()?.close(resolve));
    expect(await testConnection(`tcpip=127.0.0.1:${closedPort}`)).toMatchObject({
      ok: false,
      failure: 'refused',
    });
  });

  it('says refused when the server drops the connection without a word', async () => {
    const dropping = await listenRaw((socket) => socket.destroy());
    expect(await testConnection(`tcpip=127.0.0.1:${dropping}`)).toMatchObject({
      ok: false,
      failure: 'refused',
    });
  });

  it('says timed-out when the server never answers', async () => {
    const silent = await listenRaw(() => undefined);
    const started = Date.now();
    expect(await testConnection(`tcpip=127.0.0.1:${silent}`, 300)).toMatchObject({
      ok: false,
      failure: 'timed-out',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['garbage', 'SSH-2.0-OpenSSH_9.2\r\n'],
    ['an HTTP server without X-AspNet-Version', 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'],
    ['a version 1 state server', '404 Not Found\r\nX-AspNet-Version: 1.1.4322\r\nContent-Length: 0\r\n\r\n'],
    ['an unexpected status', 'HTTP/1.1 500 Oops\r\nX-AspNet-Version: 4.0.30319\r\nContent-Length: 0\r\n\r\n'],
  ])('says not-a-state-server for %s', async (_name, answer) => {
    const fake = await listenRaw((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.end(answer));
    });
    expect(await testConnection(`tcpip=127.0.0.1:${fake}`, 2000)).toMatchObject({
      ok: false,
      failure: 'not-a-state-server',
    });
  });

  it('accepts the bare `404 Not Found` status line of the p2p state server', async () => {
    const p2p = await listenRaw((socket) => {
      socket.once('data', () =>
        socket.write('404 Not Found\r\nX-AspNet-Version: 2.0.50727\r\nContent-Length: 0\r\n\r\n'),
      );
    });
    expect(await testConnection(`tcpip=127.0.0.1:${p2p}`)).toMatchObject({ ok: true, version: '2.0.50727' });
  });

  it('says name-not-resolved when the resolver knows no such name', async () => {
    // The resolver is injected so that the test sends no DNS query off the machine.
    const lookup = (
      name: string,
      callback: (e: NodeJS.ErrnoException | null, a: string, f: number) => void,
    ) => {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${name}`);
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
    };
    expect(await testConnection('tcpip=stateserver.example:42424', 1000, { lookup })).toMatchObject({
      ok: false,
      failure: 'name-not-resolved',
      host: 'stateserver.example',
    });
  });

  it('dials the address the resolver returns', async () => {
    const lookup = (
      _name: string,
      callback: (e: NodeJS.ErrnoException | null, a: string, f: number) => void,
    ) => callback(null, '127.0.0.1', 4);
    expect(await testConnection(`tcpip=stateserver.local:${port}`, 2000, { lookup })).toMatchObject({
      ok: true,
      address: '127.0.0.1',
    });
  });

  it.each([
    '',
    'tcpip=127.0.0.1',
    'tcpip=host:70000',
    'tcpip=[::1:42424',
    'tcpip=a:b:c',
    // What ASP.NET refuses, Test connection refuses too (one rule with the validator):
    '127.0.0.1:42424',
    'TCPIP=127.0.0.1:42424',
    'tcpip = 127.0.0.1:42424',
    ' tcpip=127.0.0.1:42424',
    'tcpip=::1:42424',
  ])('says invalid-connection-string, in the validator’s words, for %j', async (text) => {
    expect(await testConnection(text)).toEqual({
      ok: false,
      failure: 'invalid-connection-string',
      message: STATE_CONNECTION_STRING_MESSAGE,
    });
  });

  it('says invalid-connection-string for port 0, which ASP.NET accepts but nothing can be dialled on', async () => {
    expect(await testConnection('tcpip=host:0')).toMatchObject({
      ok: false,
      failure: 'invalid-connection-string',
      message: expect.stringMatching(/^port 0 cannot be dialled/),
    });
  });

  it('dials an IPv6 address given in brackets', async (context) => {
    const v6 = await listenRaw((socket) => {
      socket.once('data', () =>
        socket.write('404 Not Found\r\nX-AspNet-Version: 4.0.30319\r\nContent-Length: 0\r\n\r\n'),
      );
    }, '::1').catch(() => undefined);
    if (v6 === undefined) return context.skip('no IPv6 loopback on this machine');
    expect(await testConnection(`tcpip=[::1]:${v6}`, 2000)).toMatchObject({
      ok: true,
      host: '::1',
      address: '::1',
    });
  });
});
