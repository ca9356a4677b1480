// Protocol conformance against docs/state-protocol.md: the §6 byte streams byte for byte, and the
// semantics of §5 (locking, cookies, uninitialized items, expiry, HEAD, DELETE, pipelining).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StateServer } from '../src/StateServer.js';
import { exchange, RawConnection, splitResponses } from './rawSocket.js';
import { redisServerPath, startTestRedis, uniquePrefix, type RunningRedis } from './redisFixture.js';
import { TestClock } from './TestClock.js';

const U =
  '%2fLM%2fW3SVC%2f1%2fROOT%2fShop(bYtVMaohfZFUiXYkEsOyO6OYDIrLpeN%2fXWE%2f4khrD9U%3d)%2fptmlzm45wtmzvs55hm3f3xbz';
const EMPTY_SESSION = Buffer.from([0x14, 0, 0, 0, 0, 0, 0xff]);
const BOB_SESSION = Buffer.from(
  '14 00 00 00 01 00 01 00 00 00 ff ff ff ff 04 75 73 65 72 05 00 00 00 01 03 62 6f 62 ff'
    .split(' ')
    .map((h) => parseInt(h, 16)),
);

const OK_EMPTY =
  'HTTP/1.1 200 OK\r\nX-AspNet-Version: 4.0.30319\r\nCache-Control: private\r\nContent-Length: 0\r\n\r\n';
const NOT_FOUND =
  'HTTP/1.1 404 Not Found\r\nX-AspNet-Version: 4.0.30319\r\nCache-Control: private\r\nContent-Length: 0\r\n\r\n';

/** docs/state-protocol.md §4.4, written out independently of the server's helper. */
function expectedLockDate(ms: number): string {
  const offset = new Date(ms).getTimezoneOffset();
  return (BigInt(ms - offset * 60000) * 10000n + 621355968000000000n).toString();
}

function request(line: string, headers: string[], body?: Buffer): Buffer {
  const head = `${line}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
  return body === undefined
    ? Buffer.from(head, 'latin1')
    : Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

const HOST = 'Host: 127.0.0.1:42424';
const acquire = (target = U) => request(`GET ${target} HTTP/1.1`, [HOST, 'Exclusive: acquire']);
const release = (cookie: number | string, target = U) =>
  request(`GET ${target} HTTP/1.1`, [HOST, 'Exclusive: release', `LockCookie: ${cookie}`]);
const plainGet = (target = U) => request(`GET ${target} HTTP/1.1`, [HOST]);
const head = (target = U) => request(`HEAD ${target} HTTP/1.1`, [HOST]);
const put = (body: Buffer, headers: string[], target = U) =>
  request(`PUT ${target} HTTP/1.1`, [HOST, ...headers, `Content-Length: ${body.length}`], body);
const del = (headers: string[], target = U) => request(`DELETE ${target} HTTP/1.1`, [HOST, ...headers]);

let clock: TestClock;
let server: StateServer;
let port: number;
let connection: RawConnection;
let redis: RunningRedis | undefined;

// The same suite against both stores (docs/state-store.md): sessions in this process, and sessions
// in a real redis-server, each test under a key prefix of its own.
describe.each([
  { store: 'memory', skip: false },
  { store: 'redis', skip: redisServerPath === undefined },
])('$store store', ({ store, skip }) => {
  beforeAll(async () => {
    if (store === 'redis' && !skip) redis = await startTestRedis();
  });

  afterAll(async () => {
    await redis?.stop();
    redis = undefined;
  });

  beforeEach(async (context) => {
    if (skip) return context.skip();
    clock = new TestClock();
    server = new StateServer({
      port: 0,
      now: clock.now,
      ...(redis === undefined ? {} : { store: redis.url, keyPrefix: uniquePrefix() }),
    });
    port = (await server.listen()).port;
    connection = await RawConnection.open(port);
  });

  afterEach(async () => {
    if (skip) return;
    connection.close();
    await server.close();
  });

  describe('docs/state-protocol.md §6 example byte streams', () => {
    it('1) acquire of an unknown session → 404', async () => {
      expect(await connection.roundTrip(acquire())).toBe(NOT_FOUND);
    });

    it('2)–5) placeholder, first acquire with ActionFlags, 423 for a concurrent request, store and release', async () => {
      // 2) the uninitialized placeholder
      expect(
        await connection.roundTrip(put(EMPTY_SESSION, ['LockCookie: 0', 'Timeout: 20', 'ExtraFlags: 1'])),
      ).toBe(OK_EMPTY);

      // 3) acquire: data, ActionFlags 1, LockCookie 2
      const lockedAt = clock.ms;
      connection.send(acquire());
      const third = await connection.response();
      expect(third).toEqual(
        Buffer.concat([
          Buffer.from(
            'HTTP/1.1 200 OK\r\nX-AspNet-Version: 4.0.30319\r\nActionFlags: 1\r\nLockCookie: 2\r\nTimeout: 20\r\n' +
              'Cache-Control: private\r\nContent-Length: 7\r\n\r\n',
            'latin1',
          ),
          EMPTY_SESSION,
        ]),
      );

      // 4) a concurrent request for the same session, 1.5 s later, on another connection
      clock.advance(1500);
      const other = await RawConnection.open(port);
      expect(await other.roundTrip(acquire())).toBe(
        'HTTP/1.1 423 Locked\r\nX-AspNet-Version: 4.0.30319\r\n' +
          `LockDate: ${expectedLockDate(lockedAt)}\r\nLockAge: 1\r\nLockCookie: 2\r\n` +
          'Cache-Control: private\r\nContent-Length: 0\r\n\r\n',
      );
      other.close();

      // 5) the owner stores `user` = `bob` and releases
      expect(
        await connection.roundTrip(put(BOB_SESSION, ['LockCookie: 2', 'Timeout: 20', 'ExtraFlags: 0'])),
      ).toBe(OK_EMPTY);
      connection.send(plainGet());
      expect(await connection.response()).toEqual(
        Buffer.concat([
          Buffer.from(
            'HTTP/1.1 200 OK\r\nX-AspNet-Version: 4.0.30319\r\nTimeout: 20\r\n' +
              'Cache-Control: private\r\nContent-Length: 29\r\n\r\n',
            'latin1',
          ),
          BOB_SESSION,
        ]),
      );
    });

    it('6) a later acquire gets LockCookie 3 without ActionFlags; the release is a bare 200', async () => {
      await connection.roundTrip(put(EMPTY_SESSION, ['LockCookie: 0', 'Timeout: 20', 'ExtraFlags: 1']));
      await connection.roundTrip(acquire());
      await connection.roundTrip(put(BOB_SESSION, ['LockCookie: 2', 'Timeout: 20', 'ExtraFlags: 0']));
      connection.send(acquire());
      expect((await connection.response()).toString('latin1')).toBe(
        'HTTP/1.1 200 OK\r\nX-AspNet-Version: 4.0.30319\r\nLockCookie: 3\r\nTimeout: 20\r\n' +
          'Cache-Control: private\r\nContent-Length: 29\r\n\r\n' +
          BOB_SESSION.toString('latin1'),
      );
      expect(await connection.roundTrip(release(3))).toBe(OK_EMPTY);
      // released: a plain GET reads it
      expect(await connection.roundTrip(plainGet())).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    });

    it('7) HEAD → 200 for a live session, 404 for an unknown one', async () => {
      expect(await connection.roundTrip(head(), true)).toBe(NOT_FOUND);
      await connection.roundTrip(put(BOB_SESSION, ['LockCookie: 0', 'Timeout: 20']));
      expect(await connection.roundTrip(head(), true)).toBe(OK_EMPTY);
    });

    it('8) DELETE while holding lock 4 → 200, then 404; 423 if someone else holds the lock', async () => {
      await connection.roundTrip(put(BOB_SESSION, ['LockCookie: 0', 'Timeout: 20']));
      for (let i = 0; i < 2; i++) {
        await connection.roundTrip(acquire());
        await connection.roundTrip(release(2 + i));
      }
      expect(await connection.roundTrip(acquire())).toContain('LockCookie: 4\r\n');
      const locked = await connection.roundTrip(del(['LockCookie: 3']));
      expect(locked).toMatch(
        /^HTTP\/1\.1 423 Locked\r\nX-AspNet-Version: 4\.0\.30319\r\nLockDate: \d+\r\nLockAge: 0\r\nLockCookie: 4\r\nCache-Control: private\r\nContent-Length: 0\r\n\r\n$/,
      );
      expect(await connection.roundTrip(del(['LockCookie: 4']))).toBe(OK_EMPTY);
      expect(await connection.roundTrip(del(['LockCookie: 4']))).toBe(NOT_FOUND);
      expect(server.counters()).toMatchObject({ sessionsActive: 0, sessionsTotal: 1, sessionsAbandoned: 1 });
    });

    it('9) Timeout: -5 → 400 with the HTML naming Http_Timeout, then the connection closes', async () => {
      const html =
        '<html><head><title>Bad Request</title></head>\r\n' +
        '<body><h1>Http/1.1 400 Bad Request</h1>Invalid header <b>Http_Timeout</b></body></html>';
      expect(await connection.roundTrip(put(BOB_SESSION, ['LockCookie: 0', 'Timeout: -5']))).toBe(
        'HTTP/1.1 400 Bad Request\r\nX-AspNet-Version: 4.0.30319\r\nCache-Control: private\r\n' +
          `Content-Length: ${html.length}\r\n\r\n${html}`,
      );
      await connection.closedByServer();
      expect(server.counters().sessionsActive).toBe(0);
    });
  });

  describe('request forms', () => {
    it('accepts the MS-ASP spellings Lock-Cookie and Exclusive: Acquire, header names in any case', async () => {
      await connection.roundTrip(put(BOB_SESSION, ['lockcookie: 0', 'TIMEOUT: 20']));
      expect(
        await connection.roundTrip(request(`GET ${U} HTTP/1.1`, [HOST, 'Exclusive: Acquire'])),
      ).toContain('LockCookie: 2\r\n');
      expect(
        await connection.roundTrip(
          request(`GET ${U} HTTP/1.1`, [HOST, 'EXCLUSIVE: RELEASE', 'Lock-Cookie: 2']),
        ),
      ).toBe(OK_EMPTY);
    });

    it('treats %2f-encoded, literal-slash and //-prefixed targets as one key; + is a space', async () => {
      await connection.roundTrip(put(BOB_SESSION, [], '%2fw3svc%2froot%2fapp(x%3d)%2fa+b'));
      expect(await connection.roundTrip(head('/w3svc/root/app(x=)/a%20b'), true)).toBe(OK_EMPTY);
      expect(await connection.roundTrip(head('//w3svc/root/app(x%3d)/a+b'), true)).toBe(OK_EMPTY);
      // keys are case-sensitive
      expect(await connection.roundTrip(head('%2fW3SVC%2froot%2fapp(x%3d)%2fa+b'), true)).toBe(NOT_FOUND);
    });

    it('accepts any header order, a request without Host, and HTTP/1.0', async () => {
      const body = Buffer.from('abc');
      const raw = Buffer.concat([
        Buffer.from(
          `PUT ${U} HTTP/1.0\r\nContent-Length: 3\r\nExtraFlags: 0\r\nTimeout: 5\r\n\r\n`,
          'latin1',
        ),
        body,
      ]);
      expect(await connection.roundTrip(raw)).toBe(OK_EMPTY);
      expect(await connection.roundTrip(`GET ${U} HTTP/1.1\r\n\r\n`)).toBe(
        'HTTP/1.1 200 OK\r\nX-AspNet-Version: 4.0.30319\r\nTimeout: 5\r\nCache-Control: private\r\nContent-Length: 3\r\n\r\nabc',
      );
    });

    it('reads and discards a body announced on a GET, keeping the framing', async () => {
      await connection.roundTrip(put(BOB_SESSION, []));
      const junk = Buffer.from('0123456789');
      connection.send(request(`GET ${U} HTTP/1.1`, [HOST, 'Exclusive: acquire', 'Content-Length: 10'], junk));
      expect((await connection.response()).toString('latin1')).toContain('LockCookie: 2\r\n');
      expect(await connection.roundTrip(release(2))).toBe(OK_EMPTY);
    });

    it('answers an unknown verb with a bare 400 and closes', async () => {
      const bytes = await exchange(port, `POST ${U} HTTP/1.1\r\n${HOST}\r\n\r\n`);
      expect(bytes.toString('latin1')).toBe(
        'HTTP/1.1 400 Bad Request\r\nX-AspNet-Version: 4.0.30319\r\nCache-Control: private\r\nContent-Length: 0\r\n\r\n',
      );
    });

    it('refuses an Exclusive value other than acquire/release with 400 Http_Exclusive', async () => {
      await connection.roundTrip(put(BOB_SESSION, []));
      const answer = await connection.roundTrip(request(`GET ${U} HTTP/1.1`, [HOST, 'Exclusive: steal']));
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Invalid header <b>Http_Exclusive<\/b>/);
    });
  });

  describe('locking and lock cookies (§5.2)', () => {
    beforeEach(async () => {
      await connection.roundTrip(put(BOB_SESSION, ['LockCookie: 0', 'Timeout: 20']));
    });

    it('increments the cookie on every acquire, starting at 2', async () => {
      for (const expected of [2, 3, 4, 5]) {
        expect(await connection.roundTrip(acquire())).toContain(`LockCookie: ${expected}\r\n`);
        expect(await connection.roundTrip(release(expected))).toBe(OK_EMPTY);
      }
    });

    it('answers 423 to a second acquire (no re-entrancy) and to a plain GET while locked', async () => {
      await connection.roundTrip(acquire());
      expect(await connection.roundTrip(acquire())).toMatch(/^HTTP\/1\.1 423 Locked\r\n/);
      expect(await connection.roundTrip(plainGet())).toMatch(
        /^HTTP\/1\.1 423 Locked\r\n[\s\S]*LockCookie: 2\r\n/,
      );
    });

    it('reports the lock age from the clock', async () => {
      await connection.roundTrip(acquire());
      clock.advance(125_900);
      expect(await connection.roundTrip(plainGet())).toContain('LockAge: 125\r\n');
    });

    it('PUT with a wrong or missing cookie gets 423 and changes nothing; the right one stores and unlocks', async () => {
      await connection.roundTrip(acquire());
      const fresh = Buffer.from('new content');
      expect(await connection.roundTrip(put(fresh, ['LockCookie: 7', 'Timeout: 20']))).toMatch(
        /^HTTP\/1\.1 423/,
      );
      expect(await connection.roundTrip(put(fresh, ['Timeout: 20']))).toMatch(/^HTTP\/1\.1 423/);
      expect(await connection.roundTrip(put(fresh, ['LockCookie: 2', 'Timeout: 20']))).toBe(OK_EMPTY);
      const read = await connection.roundTrip(plainGet());
      expect(read).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(read.endsWith('new content')).toBe(true);
    });

    it('release: wrong cookie → 423, missing or negative cookie → 400, not locked → 200', async () => {
      await connection.roundTrip(acquire());
      expect(await connection.roundTrip(release(9))).toMatch(/^HTTP\/1\.1 423/);
      expect(await connection.roundTrip(release(2))).toBe(OK_EMPTY);
      expect(await connection.roundTrip(release(2))).toBe(OK_EMPTY);
      expect(await connection.roundTrip(release(-1))).toMatch(/^HTTP\/1\.1 400[\s\S]*Http_LockCookie/);
      const second = await RawConnection.open(port);
      expect(await second.roundTrip(request(`GET ${U} HTTP/1.1`, [HOST, 'Exclusive: release']))).toMatch(
        /^HTTP\/1\.1 400[\s\S]*Http_LockCookie/,
      );
      second.close();
    });

    it('a release with the cookie from a 423 breaks a stale lock', async () => {
      await connection.roundTrip(acquire());
      clock.advance(120_000);
      const other = await RawConnection.open(port);
      const answer = await other.roundTrip(acquire());
      expect(answer).toContain('LockAge: 120\r\n');
      const cookie = /LockCookie: (\d+)/.exec(answer)?.[1] ?? '';
      expect(await other.roundTrip(release(cookie))).toBe(OK_EMPTY);
      expect(await other.roundTrip(acquire())).toContain('LockCookie: 3\r\n');
      other.close();
    });

    it('DELETE: 423 without or with a wrong cookie, 400 for a bad cookie, 404 before any check', async () => {
      await connection.roundTrip(acquire());
      expect(await connection.roundTrip(del([]))).toMatch(/^HTTP\/1\.1 423/);
      expect(await connection.roundTrip(del(['LockCookie: 3']))).toMatch(/^HTTP\/1\.1 423/);
      const other = await RawConnection.open(port);
      expect(await other.roundTrip(del(['LockCookie: x'], '%2fnone'))).toBe(NOT_FOUND);
      expect(await other.roundTrip(del(['LockCookie: x']))).toMatch(/^HTTP\/1\.1 400[\s\S]*Http_LockCookie/);
      other.close();
      expect(await connection.roundTrip(del(['LockCookie: 2']))).toBe(OK_EMPTY);
    });

    it('DELETE of an unlocked session needs no cookie', async () => {
      expect(await connection.roundTrip(del([]))).toBe(OK_EMPTY);
      expect(await connection.roundTrip(plainGet())).toBe(NOT_FOUND);
    });
  });

  describe('uninitialized items (ExtraFlags)', () => {
    it('gives ActionFlags: 1 to the first reader only, plain GET included', async () => {
      await connection.roundTrip(put(EMPTY_SESSION, ['LockCookie: 0', 'Timeout: 20', 'ExtraFlags: 1']));
      expect(await connection.roundTrip(plainGet())).toContain('\r\nActionFlags: 1\r\nTimeout: 20\r\n');
      expect(await connection.roundTrip(plainGet())).not.toContain('ActionFlags');
      expect(await connection.roundTrip(acquire())).not.toContain('ActionFlags');
    });

    it('never overwrites an existing session with a placeholder', async () => {
      await connection.roundTrip(put(BOB_SESSION, ['LockCookie: 0', 'Timeout: 20']));
      await connection.roundTrip(acquire());
      // even while locked, the placeholder PUT is a silent 200
      expect(await connection.roundTrip(put(EMPTY_SESSION, ['LockCookie: 0', 'ExtraFlags: 1']))).toBe(
        OK_EMPTY,
      );
      expect(await connection.roundTrip(release(2))).toBe(OK_EMPTY);
      const read = await connection.roundTrip(plainGet());
      expect(read.endsWith(BOB_SESSION.toString('latin1'))).toBe(true);
      expect(read).not.toContain('ActionFlags');
    });

    it('refuses a non-integer ExtraFlags with 400 Http_ExtraFlags', async () => {
      expect(await connection.roundTrip(put(EMPTY_SESSION, ['ExtraFlags: one']))).toMatch(
        /^HTTP\/1\.1 400[\s\S]*Http_ExtraFlags/,
      );
    });
  });

  describe('time-outs and expiry (controllable clock)', () => {
    it('slides the expiry on every request that finds the item, and expires it after the time-out', async () => {
      await connection.roundTrip(put(BOB_SESSION, ['Timeout: 1']));
      clock.advance(59_000);
      expect(await connection.roundTrip(plainGet())).toMatch(/^HTTP\/1\.1 200/);
      clock.advance(59_000);
      expect(await connection.roundTrip(plainGet())).toMatch(/^HTTP\/1\.1 200[\s\S]*Timeout: 1\r\n/);
      clock.advance(60_001);
      expect(await connection.roundTrip(plainGet())).toBe(NOT_FOUND);
      expect(server.counters()).toMatchObject({ sessionsActive: 0, sessionsTimedOut: 1, bytesInMemory: 0 });
    });

    it('HEAD resets the time-out without reading', async () => {
      await connection.roundTrip(put(BOB_SESSION, ['Timeout: 1']));
      clock.advance(50_000);
      expect(await connection.roundTrip(head(), true)).toBe(OK_EMPTY);
      clock.advance(50_000);
      expect(await connection.roundTrip(head(), true)).toBe(OK_EMPTY);
      clock.advance(50_000);
      expect(await connection.roundTrip(plainGet())).toMatch(/^HTTP\/1\.1 200/);
      clock.advance(61_000);
      expect(await connection.roundTrip(head(), true)).toBe(NOT_FOUND);
    });

    it('a lock does not stop expiry, and a 423 still slides the window', async () => {
      await connection.roundTrip(put(BOB_SESSION, ['Timeout: 1']));
      await connection.roundTrip(acquire());
      clock.advance(45_000);
      expect(await connection.roundTrip(acquire())).toMatch(/^HTTP\/1\.1 423/);
      clock.advance(45_000);
      expect(await connection.roundTrip(acquire())).toMatch(/^HTTP\/1\.1 423/);
      clock.advance(61_000);
      expect(await connection.roundTrip(acquire())).toBe(NOT_FOUND);
    });

    it('PUT with a new time-out applies it and keeps the cookie counter', async () => {
      await connection.roundTrip(put(BOB_SESSION, ['Timeout: 1']));
      await connection.roundTrip(acquire());
      expect(await connection.roundTrip(put(BOB_SESSION, ['LockCookie: 2', 'Timeout: 30']))).toBe(OK_EMPTY);
      clock.advance(29 * 60_000);
      expect(await connection.roundTrip(acquire())).toMatch(/LockCookie: 3\r\nTimeout: 30\r\n/);
    });

    it('the periodic sweep removes expired items and counts them as timed out', async () => {
      await connection.roundTrip(put(BOB_SESSION, ['Timeout: 1'], '%2fa'));
      await connection.roundTrip(put(BOB_SESSION, ['Timeout: 2'], '%2fb'));
      expect(server.counters()).toMatchObject({ sessionsActive: 2, bytesInMemory: 58 });
      clock.advance(90_000);
      expect(await server.sweep()).toBe(1);
      expect(server.counters()).toMatchObject({ sessionsActive: 1, sessionsTimedOut: 1, bytesInMemory: 29 });
    });

    it('Timeout: 0 never expires (a zero sliding expiration); above 525600 is refused', async () => {
      await connection.roundTrip(put(BOB_SESSION, ['Timeout: 0']));
      clock.advance(10 * 365 * 24 * 3600_000);
      expect(await connection.roundTrip(plainGet())).toMatch(/^HTTP\/1\.1 200[\s\S]*Timeout: 0\r\n/);
      expect(await connection.roundTrip(put(BOB_SESSION, ['Timeout: 525600'], '%2fmax'))).toBe(OK_EMPTY);
      expect(await connection.roundTrip(put(BOB_SESSION, ['Timeout: 525601'], '%2fover'))).toMatch(
        /^HTTP\/1\.1 400[\s\S]*Http_Timeout/,
      );
    });
  });

  describe('pipelining', () => {
    it('answers several requests sent in one write, in order', async () => {
      const stream = Buffer.concat([
        put(EMPTY_SESSION, ['LockCookie: 0', 'Timeout: 20', 'ExtraFlags: 1']),
        acquire(),
        acquire(),
        put(BOB_SESSION, ['LockCookie: 2', 'Timeout: 20', 'ExtraFlags: 0']),
        head(),
        plainGet(),
        del(['LockCookie: 0']),
        plainGet(),
      ]);
      const answers = splitResponses(await exchange(port, stream));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 423, 200, 200, 200, 200, 404]);
      expect(answers[1]?.raw).toContain('ActionFlags: 1\r\nLockCookie: 2\r\n');
      expect(answers[5]?.raw.endsWith(BOB_SESSION.toString('latin1'))).toBe(true);
    });

    it('handles requests split at every byte boundary', async () => {
      const stream = Buffer.concat([put(BOB_SESSION, ['Timeout: 20']), acquire(), release(2), plainGet()]);
      for (let i = 0; i < stream.length; i++) connection.send(stream.subarray(i, i + 1));
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await connection.response()).toString('latin1').slice(9, 12));
      expect(statuses).toEqual(['200', '200', '200', '200']);
    });

    it('stops at a 400: later requests in the same write are not answered', async () => {
      const stream = Buffer.concat([
        put(BOB_SESSION, ['Timeout: 20']),
        put(BOB_SESSION, ['Timeout: x']),
        plainGet(),
      ]);
      const answers = splitResponses(await exchange(port, stream));
      expect(answers.map((a) => a.status)).toEqual([200, 400]);
    });

    it('answers hundreds of pipelined requests and keeps counting', async () => {
      const many = Buffer.concat([put(BOB_SESSION, []), ...Array.from({ length: 500 }, () => plainGet())]);
      const answers = splitResponses(await exchange(port, many));
      expect(answers).toHaveLength(501);
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(server.counters().requests).toBe(501);
    });
  });
});
