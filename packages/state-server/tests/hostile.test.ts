// Hostile and broken clients: oversized heads and bodies, short bodies, slow and silent clients,
// clients that never read, connection floods. The server answers 400 or closes, never crashes,
// and keeps serving.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StateServer, type StateServerOptions } from '../src/StateServer.js';
import { exchange, RawConnection, splitResponses } from './rawSocket.js';

const BAD_REQUEST =
  'HTTP/1.1 400 Bad Request\r\nX-AspNet-Version: 4.0.30319\r\nCache-Control: private\r\nContent-Length: 0\r\n\r\n';
const HEAD_NOT_FOUND = 'HEAD %2fprobe HTTP/1.1\r\nHost: x\r\n\r\n';

let server: StateServer | undefined;

async function start(options: StateServerOptions = {}): Promise<number> {
  server = new StateServer({ port: 0, ...options });
  return (await server.listen()).port;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The server still answers a good request on a fresh connection. */
async function stillServes(port: number): Promise<void> {
  const answer = await exchange(port, HEAD_NOT_FOUND);
  expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

describe('oversized and malformed input', () => {
  it('accepts a head of exactly maxHeaderBytes and refuses one byte more', async () => {
    const port = await start({ maxHeaderBytes: 1024 });
    const make = (size: number) => {
      const base = 'HEAD %2fprobe HTTP/1.1\r\nX-Pad: \r\n\r\n';
      return base.replace('X-Pad: ', `X-Pad: ${'a'.repeat(size - base.length)}`);
    };
    expect(make(1024)).toHaveLength(1024);
    expect((await exchange(port, make(1024))).toString('latin1')).toMatch(/^HTTP\/1\.1 404 /);
    expect((await exchange(port, make(1025))).toString('latin1')).toBe(BAD_REQUEST);
  });

  it('cuts off an endless header stream with 400 once it passes the limit', async () => {
    const port = await start();
    const connection = await RawConnection.open(port);
    connection.send('GET %2fx HTTP/1.1\r\n');
    for (let i = 0; i < 200 && !connection.closed; i++) {
      connection.send(`X-Header-${i}: ${'v'.repeat(100)}\r\n`);
      if (i % 20 === 0) await sleep(1);
    }
    const rest = await connection.closedByServer();
    expect(rest.toString('latin1')).toBe(BAD_REQUEST);
    expect(server?.counters().badRequests).toBe(1);
    await stillServes(port);
  });

  it('refuses a body larger than maxBodySize from its Content-Length, without reading it', async () => {
    const port = await start({ maxBodySize: 4096 });
    const answer = await exchange(port, 'PUT %2fbig HTTP/1.1\r\nContent-Length: 4097\r\n\r\n');
    expect(answer.toString('latin1')).toBe(BAD_REQUEST);
    const ok = Buffer.concat([
      Buffer.from('PUT %2fbig HTTP/1.1\r\nContent-Length: 4096\r\n\r\n'),
      Buffer.alloc(4096, 7),
    ]);
    expect((await exchange(port, ok)).toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(server?.counters().bytesInMemory).toBe(4096);
  });

  it.each([
    ['a Content-Length that is not a number', 'PUT %2fa HTTP/1.1\r\nContent-Length: 12a\r\n\r\n'],
    ['a negative Content-Length', 'PUT %2fa HTTP/1.1\r\nContent-Length: -1\r\n\r\n'],
    ['an absurd Content-Length', 'PUT %2fa HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n'],
    ['two Content-Length headers', 'PUT %2fa HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx'],
    ['Transfer-Encoding', 'PUT %2fa HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['a header without a colon', 'GET %2fa HTTP/1.1\r\nHost 1\r\n\r\n'],
    ['a folded header line', 'GET %2fa HTTP/1.1\r\nHost: a\r\n b\r\n\r\n'],
    ['a NUL in a header value', 'GET %2fa HTTP/1.1\r\nHost: a\u0000b\r\n\r\n'],
    ['a bare LF line end', 'GET %2fa HTTP/1.1\nHost: a\r\n\r\n'],
    ['a bare CR in a header value', 'GET %2fa HTTP/1.1\r\nHost: a\rb\r\n\r\n'],
    ['a bare CR after the version', 'GET %2fa HTTP/1.1\rHost: a\r\n\r\n'],
    ['a header name with a space', 'GET %2fa HTTP/1.1\r\nLock Cookie: 1\r\n\r\n'],
    ['a space before the colon', 'GET %2fa HTTP/1.1\r\nLockCookie : 1\r\n\r\n'],
    ['a space in the target', 'GET %2fa b HTTP/1.1\r\n\r\n'],
    ['a missing target', 'GET  HTTP/1.1\r\n\r\n'],
    ['HTTP/2.0', 'GET %2fa HTTP/2.0\r\n\r\n'],
    ['no version', 'GET %2fa\r\n\r\n'],
    ['a lowercase verb', 'get %2fa HTTP/1.1\r\n\r\n'],
    ['a TLS client hello', '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n'],
  ])('answers %s with 400 and closes', async (_name, bytes) => {
    const port = await start();
    expect((await exchange(port, bytes)).toString('latin1')).toBe(BAD_REQUEST);
    await stillServes(port);
  });

  it('answers a body shorter than announced with 400 when the client stops sending', async () => {
    const port = await start();
    const answer = await exchange(port, 'PUT %2fshort HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly this');
    expect(answer.toString('latin1')).toBe(BAD_REQUEST);
    expect(server?.counters().sessionsActive).toBe(0);
  });

  it('answers the complete requests before a truncated head at the end of the input', async () => {
    const port = await start();
    const answer = await exchange(port, `${HEAD_NOT_FOUND}${HEAD_NOT_FOUND}GET %2fa HTT`);
    expect(splitResponses(answer).map((a) => a.status)).toEqual([404, 404, 400]);
  });
});

describe('slow, silent and greedy clients', () => {
  it('closes a client that dribbles its head for longer than socketTimeout, without answering', async () => {
    const port = await start({ socketTimeout: 1 });
    const connection = await RawConnection.open(port);
    const started = Date.now();
    const text = 'GET %2fslow HTTP/1.1\r\nHost: slow\r\nX-Long: ' + 'x'.repeat(200);
    for (let i = 0; i < text.length && !connection.closed; i++) {
      connection.send(text[i] ?? '');
      await sleep(20);
    }
    const rest = await connection.closedByServer(3000);
    const elapsed = Date.now() - started;
    expect(rest).toHaveLength(0);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2500);
    expect(server?.counters()).toMatchObject({ connectionsTimedOut: 1, connections: 0 });
  });

  it('closes a client that announces a body and never sends it, after socketTimeout', async () => {
    const port = await start({ socketTimeout: 1 });
    const connection = await RawConnection.open(port);
    connection.send('PUT %2fx HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc');
    const rest = await connection.closedByServer(3000);
    expect(rest).toHaveLength(0);
  });

  it('serves a slow client that completes its request within socketTimeout', async () => {
    const port = await start({ socketTimeout: 2 });
    const connection = await RawConnection.open(port);
    for (const part of ['HEAD %2fp', 'robe HTTP/1.1\r\n', 'Host: x\r\n', '\r\n']) {
      connection.send(part);
      await sleep(100);
    }
    expect((await connection.response(true)).toString('latin1')).toMatch(/^HTTP\/1\.1 404 /);
    connection.close();
  });

  it('does not count the pause between requests against socketTimeout (clients pool connections)', async () => {
    const port = await start({ socketTimeout: 1 });
    const connection = await RawConnection.open(port);
    expect(await connection.roundTrip(HEAD_NOT_FOUND, true)).toMatch(/^HTTP\/1\.1 404 /);
    await sleep(1600);
    expect(connection.closed).toBe(false);
    expect(await connection.roundTrip(HEAD_NOT_FOUND, true)).toMatch(/^HTTP\/1\.1 404 /);
    connection.close();
  });

  it('closes connections idle for longer than idleTimeout, including ones that never sent a byte', async () => {
    const port = await start({ idleTimeout: 1 });
    const silent = await RawConnection.open(port);
    const used = await RawConnection.open(port);
    expect(await used.roundTrip(HEAD_NOT_FOUND, true)).toMatch(/^HTTP\/1\.1 404 /);
    await silent.closedByServer(3000);
    await used.closedByServer(3000);
    expect(server?.counters().connectionsTimedOut).toBe(2);
  });

  it('stops reading from a client that does not read its answers, and finishes when it does', async () => {
    const port = await start({ socketTimeout: 10 });
    const body = Buffer.alloc(256 * 1024, 1);
    const put = Buffer.concat([
      Buffer.from(`PUT %2fbig HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n`),
      body,
    ]);
    const get = Buffer.from('GET %2fbig HTTP/1.1\r\n\r\n');
    const count = 200; // 50 MiB of answers
    const socket: Socket = connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.pause();
    socket.write(Buffer.concat([put, ...Array.from({ length: count }, () => get)]));
    await sleep(300);
    // The server holds back instead of queueing 50 MiB for a client that is not reading.
    expect(server?.counters().requests).toBeLessThan(count);
    let received = 0;
    const expected =
      `HTTP/1.1 200 OK\r\nX-AspNet-Version: 4.0.30319\r\nCache-Control: private\r\nContent-Length: 0\r\n\r\n`
        .length +
      count *
        (`HTTP/1.1 200 OK\r\nX-AspNet-Version: 4.0.30319\r\nTimeout: 20\r\nCache-Control: private\r\nContent-Length: ${body.length}\r\n\r\n`
          .length +
          body.length);
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= expected) resolve();
      });
      socket.on('close', () => reject(new Error(`closed after ${received} of ${expected} bytes`)));
      socket.resume();
    });
    expect(received).toBe(expected);
    expect(server?.counters().requests).toBe(count + 1);
    socket.destroy();
  });

  it('drops a client that never reads its answers after socketTimeout', async () => {
    const port = await start({ socketTimeout: 1 });
    const body = Buffer.alloc(1024 * 1024, 1);
    const put = Buffer.concat([
      Buffer.from(`PUT %2fbig HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n`),
      body,
    ]);
    const gets = Buffer.concat(Array.from({ length: 100 }, () => Buffer.from('GET %2fbig HTTP/1.1\r\n\r\n')));
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.pause();
    socket.write(Buffer.concat([put, gets]));
    await waitFor(() => server?.counters().connections === 0, 4000);
    expect(server?.counters()).toMatchObject({ connections: 0, connectionsTimedOut: 1 });
    socket.destroy();
  });
});

describe('many connections', () => {
  it('serves 2,000 concurrent connections and is fine afterwards', async () => {
    const port = await start();
    const started = Date.now();
    const sockets: RawConnection[] = [];
    for (let i = 0; i < 2000; i += 200) {
      sockets.push(...(await Promise.all(Array.from({ length: 200 }, () => RawConnection.open(port)))));
    }
    // The client side sees `connect` before the server has run its accept handler.
    await waitFor(() => server?.counters().connections === 2000);
    const answers = await Promise.all(sockets.map((s) => s.roundTrip(HEAD_NOT_FOUND, true)));
    expect(answers.every((a) => a.startsWith('HTTP/1.1 404 '))).toBe(true);
    for (const s of sockets) s.close();
    await waitFor(() => server?.counters().connections === 0);
    expect(Date.now() - started).toBeLessThan(20_000);
    await stillServes(port);
  });

  it('closes connections over maxConnections at once and serves the others', async () => {
    const port = await start({ maxConnections: 20 });
    const sockets = await Promise.all(Array.from({ length: 20 }, () => RawConnection.open(port)));
    const extra = await Promise.all(Array.from({ length: 30 }, () => RawConnection.open(port)));
    await Promise.all(extra.map((s) => s.closedByServer(3000)));
    expect(server?.counters().connectionsRefused).toBe(30);
    const answers = await Promise.all(sockets.map((s) => s.roundTrip(HEAD_NOT_FOUND, true)));
    expect(answers.every((a) => a.startsWith('HTTP/1.1 404 '))).toBe(true);
    for (const s of sockets) s.close();
  });
});
