// Fuzzing the request parser, with a seeded PRNG so that a failure names its seed and reproduces:
// random bytes and mutated valid requests, first straight into the parser, then over TCP. The
// server must answer only well-formed 200/400/404/423 responses or close, and keep serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequestHead } from '../src/parseRequestHead.js';
import { StateServer } from '../src/StateServer.js';
import { exchange, splitResponses } from './rawSocket.js';
import { redisServerPath, startTestRedis, uniquePrefix, type RunningRedis } from './redisFixture.js';

/** mulberry32: small, fast, good enough to drive a fuzzer. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TARGETS = [
  '%2fLM%2fW3SVC%2f1%2fROOT(abc%3d)%2fs1',
  '/w3svc/root/x(y)%2fz',
  '%2fa%u0041%zz+b',
  '//dup',
  '%',
];
const HEADERS = [
  'Host: 127.0.0.1:42424',
  'Exclusive: acquire',
  'Exclusive: release',
  'Exclusive: ACQUIRE',
  'LockCookie: 2',
  'Lock-Cookie: 0',
  'LockCookie: -1',
  'LockCookie: 99999999999',
  'Timeout: 20',
  'Timeout: 0',
  'Timeout: 525601',
  'Timeout: +7',
  'ExtraFlags: 1',
  'ExtraFlags: -2147483648',
  'ExtraFlags: 1.5',
  'X-Other: value',
];
const VERBS = ['GET', 'PUT', 'DELETE', 'HEAD', 'POST', 'OPTIONS', 'G ET'];

function validRequest(random: () => number): Buffer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const verb = pick(VERBS);
  const headers = Array.from({ length: Math.floor(random() * 5) }, () => pick(HEADERS));
  const body = Buffer.alloc(Math.floor(random() * 64), 0x41 + Math.floor(random() * 26));
  if (body.length > 0 || random() < 0.3) headers.push(`Content-Length: ${body.length}`);
  return Buffer.concat([
    Buffer.from(
      `${verb} ${pick(TARGETS)} HTTP/1.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`,
      'latin1',
    ),
    body,
  ]);
}

const NASTY = [0x00, 0x0d, 0x0a, 0x20, 0x3a, 0x25, 0x2b, 0x7f, 0x80, 0xff, 0x09, 0x2d, 0x30, 0x39];

function mutate(input: Buffer, random: () => number): Buffer {
  const bytes = [...input];
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (bytes.length + 1));
    const nasty = NASTY[Math.floor(random() * NASTY.length)] as number;
    switch (Math.floor(random() * 6)) {
      case 0:
        bytes[at] = nasty; // flip one byte to a delimiter or control byte
        break;
      case 1:
        bytes.splice(at, 0, nasty);
        break;
      case 2:
        bytes.splice(at, 1 + Math.floor(random() * 8));
        break;
      case 3:
        bytes.length = Math.min(bytes.length, at); // truncate
        break;
      case 4: {
        const from = Math.floor(random() * bytes.length);
        bytes.splice(at, 0, ...bytes.slice(from, from + 1 + Math.floor(random() * 20))); // duplicate a run
        break;
      }
      default:
        bytes.splice(
          at,
          0,
          ...Array.from({ length: 1 + Math.floor(random() * 16) }, () => Math.floor(random() * 256)),
        );
    }
  }
  return Buffer.from(bytes);
}

function randomBytes(random: () => number, max: number): Buffer {
  return Buffer.from(Array.from({ length: Math.floor(random() * max) }, () => Math.floor(random() * 256)));
}

describe('parseRequestHead on random input', () => {
  it('returns a head or a reason for 20,000 random and mutated heads, and never throws', () => {
    const seed = 0x5eed;
    const random = prng(seed);
    const terminator = Buffer.from('\r\n\r\n');
    for (let i = 0; i < 20_000; i++) {
      const base = random() < 0.3 ? randomBytes(random, 200) : mutate(validRequest(random), random);
      const cut = base.indexOf(terminator);
      const head = cut >= 0 ? base.subarray(0, cut) : base;
      const input = Buffer.concat([head, terminator]);
      let result: ReturnType<typeof parseRequestHead>;
      try {
        result = parseRequestHead(input, 0, head.length);
      } catch (error) {
        throw new Error(
          `seed ${seed} case ${i} threw on ${JSON.stringify(input.toString('latin1'))}: ${error}`,
        );
      }
      if (typeof result !== 'string') {
        expect(typeof result.key).toBe('string');
        expect(result.contentLength).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe.each([
  { store: 'memory', skip: false },
  { store: 'redis', skip: redisServerPath === undefined },
])('the server under fuzzed traffic ($store store)', ({ store, skip }) => {
  let server: StateServer;
  let port: number;
  let redis: RunningRedis | undefined;

  beforeAll(async () => {
    if (skip) return;
    if (store === 'redis') redis = await startTestRedis();
    server = new StateServer({
      port: 0,
      socketTimeout: 1,
      maxBodySize: 4096,
      maxHeaderBytes: 1024,
      ...(redis === undefined ? {} : { store: redis.url, keyPrefix: uniquePrefix() }),
    });
    port = (await server.listen()).port;
  });

  afterAll(async () => {
    if (skip) return;
    await server.close();
    await redis?.stop();
  });

  it.skipIf(skip).each([1, 2, 3])(
    'seed %i: 150 streams of mutated and random requests get only valid answers',
    async (seed) => {
      const random = prng(seed);
      const cases: Buffer[] = [];
      for (let i = 0; i < 150; i++) {
        const kind = random();
        if (kind < 0.15) cases.push(randomBytes(random, 300));
        else if (kind < 0.4)
          cases.push(Buffer.concat([validRequest(random), validRequest(random), validRequest(random)]));
        else cases.push(Buffer.concat([mutate(validRequest(random), random), validRequest(random)]));
      }
      const started = Date.now();
      // 15 connections at a time keeps the run short without starving the other tests.
      for (let i = 0; i < cases.length; i += 15) {
        const batch = cases.slice(i, i + 15);
        const answers = await Promise.all(batch.map((bytes) => exchange(port, bytes, 5000)));
        answers.forEach((answer, j) => {
          let responses: { status: number; raw: string }[];
          try {
            responses = splitResponses(answer);
          } catch (error) {
            const input = JSON.stringify(batch[j]?.toString('latin1'));
            throw new Error(`seed ${seed} case ${i + j}: ${(error as Error).message}; input ${input}`);
          }
          for (const r of responses) {
            expect([200, 400, 404, 423], `seed ${seed} case ${i + j}`).toContain(r.status);
            expect(r.raw).toMatch(/^HTTP\/1\.1 \d{3} [A-Za-z ]+\r\nX-AspNet-Version: 4\.0\.30319\r\n/);
          }
          // nothing after a 400
          const bad = responses.findIndex((r) => r.status === 400);
          if (bad >= 0) expect(bad, `seed ${seed} case ${i + j}`).toBe(responses.length - 1);
        });
      }
      expect(Date.now() - started).toBeLessThan(20_000);
      const good = await exchange(port, 'HEAD %2fstill-alive HTTP/1.1\r\n\r\n');
      expect(good.toString('latin1')).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
      const counters = server.counters();
      expect(counters.bytesInMemory).toBeGreaterThanOrEqual(0);
      expect(counters.sessionsActive).toBeLessThanOrEqual(counters.sessionsTotal);
    },
  );
});
