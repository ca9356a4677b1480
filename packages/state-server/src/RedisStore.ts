import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createClient, RESP_TYPES } from '@redis/client';
import type { RequestHead } from './parseRequestHead.js';
import {
  DELETE_SCRIPT,
  GET_LOCK_SCRIPT,
  GET_SCRIPT,
  HEAD_SCRIPT,
  HEARTBEAT_SCRIPT,
  PUT_SCRIPT,
  SWEEP_SCRIPT,
} from './redisScripts.js';
import { DEFAULT_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES } from './SessionStore.js';
import type { StateResponse } from './StateResponse.js';
import {
  StoreUnavailableError,
  type SessionCounters,
  type StateStore,
  type StoreStatus,
} from './StateStore.js';
import type { StoreLocation } from './storeUrl.js';

export interface RedisStoreOptions {
  location: Extract<StoreLocation, { kind: 'redis' }>;
  /** Every key this store writes starts with it (default `aspnet_state:`). */
  keyPrefix: string;
  /** The clock for expiry and lock dates (epoch ms); every instance of a farm should agree (NTP). */
  now?: () => number;
  /** One line per event worth an administrator's attention (the service log). */
  log?: (line: string) => void;
  /** How long one command may take before the request fails (ms). */
  commandTimeoutMs?: number;
  /** Health check and instance check-in interval (ms). */
  heartbeatMs?: number;
  /** How long a Redis TTL outlives an item's sliding window (ms), see redisScripts.ts. */
  graceMs?: number;
  /**
   * Once the content of recent reads averages this many bytes, a GET reads the content beside its
   * script, in one MULTI/EXEC, instead of through it (docs/state-store.md §6). Both ways answer
   * alike; tests pin one with 0 or Infinity.
   */
  splitReadBytes?: number;
}

export const DEFAULT_KEY_PREFIX = 'aspnet_state:';
/** An instance that has not checked in for this long no longer counts as sharing the store. */
const INSTANCE_WINDOW_MS = 10_000;
/** Items the sweep removes per script call, so that one call never blocks Redis for long. */
const SWEEP_BATCH = 500;
/** At most one line per this interval about failing requests (plus the first at once). */
const FAULT_LOG_INTERVAL_MS = 10_000;
/**
 * Where reading the content beside the script starts to pay: below it the two extra commands of
 * the MULTI/EXEC cost the client more than turning the content into a Lua string costs Redis.
 */
const SPLIT_READ_BYTES = 8192;

/** How many bytes of commands may go out in one write (see createRedisConnection). */
const WRITE_BATCH_BYTES = 1024 * 1024;

type Reply = [
  status: number,
  actionFlags: number,
  timeout: number | null,
  lockCookie: number | null,
  lockDate: number | null,
  /** The content; GET_LOCK_SCRIPT answers 1 in its place (the HGET beside it has it). */
  content: Buffer | null | 1,
  stats: (Buffer | null)[] | null,
];

/** A Lua script run by its SHA-1 (EVALSHA), loaded into Redis when Redis says it does not know it. */
interface RedisScript {
  readonly lua: string;
  readonly sha: string;
  readonly keys: string;
}

function script(lua: string, keys: number): RedisScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex'), keys: String(keys) };
}

const SCRIPTS = {
  get: script(GET_SCRIPT, 3),
  getLock: script(GET_LOCK_SCRIPT, 3),
  put: script(PUT_SCRIPT, 3),
  remove: script(DELETE_SCRIPT, 3),
  head: script(HEAD_SCRIPT, 3),
  sweep: script(SWEEP_SCRIPT, 3),
  heartbeat: script(HEARTBEAT_SCRIPT, 2),
} as const;

type Argument = string | Buffer;

/** Every reply's bulk strings as Buffers: contents are bytes, not text. */
const BINARY = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } } as const;

/** The corner of node-redis (`@redis/client`) this package uses: raw commands and its events. */
export interface RedisConnection {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  destroy(): void;
  sendCommand(args: readonly Argument[], options?: typeof BINARY): Promise<unknown>;
  on(event: 'ready', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'ready' | 'error', listener: () => void): unknown;
}

/**
 * A node-redis client for a store location (not yet connected): no offline queue (a command sent
 * while disconnected fails at once, and one whose answer was lost is never replayed), RESP2, TLS
 * checked against the host name. `retry`: reconnect with exponential backoff from 100 ms to 5 s,
 * with jitter so a farm does not reconnect in step; otherwise give up at the first failure.
 */
export function createRedisConnection(
  location: Extract<StoreLocation, { kind: 'redis' }>,
  { timeoutMs, retry, name }: { timeoutMs: number; retry: boolean; name?: string },
): RedisConnection {
  const reconnectStrategy: false | ((retries: number) => number) = retry
    ? (retries) => Math.min(100 * 2 ** Math.min(retries, 6), 5000) + Math.random() * 200
    : false;
  const endpoint = {
    host: location.host,
    port: location.port,
    connectTimeout: timeoutMs,
    reconnectStrategy,
    // node-redis stops a batch of writes once the socket holds this much: at the default 16 KB, one
    // large PUT per write system call. What is in flight is bounded by the requests being served.
    writableHighWaterMark: WRITE_BATCH_BYTES,
  };
  return createClient({
    socket: location.tls ? { ...endpoint, tls: true, servername: location.host } : endpoint,
    ...(location.username === undefined ? {} : { username: location.username }),
    ...(location.password === undefined ? {} : { password: location.password }),
    database: location.db,
    ...(name === undefined ? {} : { name }),
    RESP: 2,
    disableOfflineQueue: true,
    disableClientInfo: true,
  });
}

const NOT_FOUND: StateResponse = Object.freeze({ status: 404 });
const OK: StateResponse = Object.freeze({ status: 200 });
const MULTI = ['MULTI'];
const EXEC = ['EXEC'];
const ignore = () => undefined;

/**
 * Sessions in Redis, shared by every state service instance that points at the same Redis and key
 * prefix (docs/state-store.md). Each operation is one Lua script, so the MS-ASP semantics hold
 * across instances exactly as in one process. While Redis cannot be reached, requests fail at once
 * (no offline queue: nothing is held back and replayed later) and the client reconnects with
 * backoff; a command whose answer never came is not retried, so an acquire can never count twice.
 */
export class RedisStore implements StateStore {
  readonly kind = 'redis';
  readonly keyPrefix: string;
  private readonly client: RedisConnection;
  private readonly deadlines: Deadlines;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly grace: string;
  private readonly itemPrefix: string;
  private readonly statsKey: string;
  private readonly indexKey: string;
  private readonly instancesKey: string;
  private readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly heartbeatMs: number;
  private readonly splitReadBytes: number;
  private readonly address: string;
  private stats: SessionCounters = {
    sessionsActive: 0,
    sessionsTotal: 0,
    sessionsTimedOut: 0,
    sessionsAbandoned: 0,
    bytesInMemory: 0,
  };
  /** Content size of recent reads (bytes, exponentially weighted), for `splitReadBytes`. */
  private readSize = 0;
  private reachable = false;
  private lastError: string | undefined;
  private roundTripMs: number | undefined;
  private instances: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private faults = 0;
  private faultsLoggedAt = -Infinity;

  constructor(options: RedisStoreOptions) {
    const { location } = options;
    this.keyPrefix = options.keyPrefix;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
    this.grace = String(options.graceMs ?? 10 * 60_000);
    this.heartbeatMs = options.heartbeatMs ?? 2000;
    this.splitReadBytes = options.splitReadBytes ?? SPLIT_READ_BYTES;
    this.address = location.address;
    this.itemPrefix = `${this.keyPrefix}i:`;
    this.statsKey = `${this.keyPrefix}m:stats`;
    this.indexKey = `${this.keyPrefix}m:expiry`;
    this.instancesKey = `${this.keyPrefix}m:instances`;
    const commandTimeout = options.commandTimeoutMs ?? 5000;
    this.deadlines = new Deadlines(commandTimeout);
    this.client = createRedisConnection(location, {
      timeoutMs: commandTimeout,
      retry: true,
      name: 'aspnet_state',
    });

    this.client.on('ready', () => {
      const wasDown = this.lastError !== undefined;
      this.reachable = true;
      this.lastError = undefined;
      this.log(
        wasDown
          ? `store ${this.address} reachable again`
          : `store ${this.address} connected (key prefix "${this.keyPrefix}")`,
      );
      void this.heartbeat();
    });
    // Every failed (re)connection, and a connection that drops; the client retries by itself.
    this.client.on('error', (error: Error) => this.markDown(error));
  }

  /** Connects; an unreachable Redis is logged and retried in the background, never fatal. */
  async open(): Promise<void> {
    this.timer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    this.timer.unref();
    // Wait for the first attempt only: connected, or refused (then 'error' has said why).
    const attempted = new Promise<void>((resolve) => {
      this.client.once('ready', resolve);
      this.client.once('error', resolve);
    });
    this.client.connect().catch(ignore);
    await attempted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.reachable) {
      await this.send(['ZREM', this.instancesKey, this.instanceId]).catch(ignore);
    }
    this.closed = true;
    try {
      this.client.destroy();
    } catch {
      // already closed
    }
  }

  counters(): SessionCounters {
    return { ...this.stats };
  }

  status(): StoreStatus {
    const status: StoreStatus = {
      kind: 'redis',
      address: this.address,
      keyPrefix: this.keyPrefix,
      reachable: this.reachable,
    };
    if (this.roundTripMs !== undefined) status.roundTripMs = this.roundTripMs;
    if (this.instances !== undefined) status.instances = this.instances;
    if (this.lastError !== undefined) status.lastError = this.lastError;
    return status;
  }

  execute(head: RequestHead, body: Buffer): StateResponse | Promise<StateResponse> {
    switch (head.verb) {
      case 'GET':
        return this.get(head);
      case 'PUT':
        return this.put(head, body);
      case 'DELETE':
        return this.remove(head);
      case 'HEAD':
        return this.run(SCRIPTS.head, head.key).then((reply) => (reply[0] === 200 ? OK : NOT_FOUND));
      default:
        return { status: 400 };
    }
  }

  async sweep(): Promise<number> {
    let removed = 0;
    for (;;) {
      const [count, examined, stats] = (await this.eval(SCRIPTS.sweep, [
        this.itemPrefix,
        this.statsKey,
        this.indexKey,
        String(this.now()),
        this.grace,
        String(SWEEP_BATCH),
      ]).catch((error: unknown) => this.fail(error))) as [number, number, (Buffer | null)[] | null];
      if (stats) this.stats = toCounters(stats);
      removed += count;
      if (examined < SWEEP_BATCH) return removed;
    }
  }

  private get(head: RequestHead): StateResponse | Promise<StateResponse> {
    if (head.exclusive === 'invalid') return { status: 400, invalidHeader: 'Http_Exclusive' };
    const mode = head.exclusive === 'acquire' ? '1' : head.exclusive === 'release' ? '2' : '0';
    const cookie = head.lockCookie === undefined || !(head.lockCookie >= 0) ? '-1' : String(head.lockCookie);
    const reply =
      this.readSize >= this.splitReadBytes
        ? this.readBeside(head.key, mode, cookie)
        : this.run(SCRIPTS.get, head.key, mode, cookie);
    return reply.then((reply) => {
      const [status, actionFlags, timeout, lockCookie, lockDate, content] = reply;
      let response: StateResponse;
      if (status === 200) {
        response = { status: 200 };
        if (timeout !== null) response.timeout = timeout;
        if (lockCookie !== null) response.lockCookie = lockCookie;
        if (content !== null && content !== 1) {
          response.body = content;
          this.readSize += (content.length - this.readSize) / 8;
        }
      } else if (status === 423) {
        response = this.locked(lockCookie, lockDate);
      } else if (status === 400) {
        response = { status: 400, invalidHeader: 'Http_LockCookie' };
      } else {
        return NOT_FOUND;
      }
      if (actionFlags !== 0) response.actionFlags = actionFlags;
      return response;
    });
  }

  private put(head: RequestHead, body: Buffer): StateResponse | Promise<StateResponse> {
    let timeout = head.timeout;
    if (timeout === undefined) timeout = DEFAULT_TIMEOUT_MINUTES;
    else if (!(timeout >= 0 && timeout <= MAX_TIMEOUT_MINUTES)) {
      return { status: 400, invalidHeader: 'Http_Timeout' };
    }
    const extraFlags = head.extraFlags ?? 0;
    if (Number.isNaN(extraFlags)) return { status: 400, invalidHeader: 'Http_ExtraFlags' };
    const cookie = head.lockCookie === undefined ? -1 : head.lockCookie >= 0 ? head.lockCookie : -2;
    return this.run(SCRIPTS.put, head.key, String(timeout), String(extraFlags), String(cookie), body).then(
      (reply) => this.plain(reply),
    );
  }

  private remove(head: RequestHead): Promise<StateResponse> {
    const cookie = head.lockCookie === undefined ? -1 : head.lockCookie >= 0 ? head.lockCookie : -2;
    return this.run(SCRIPTS.remove, head.key, String(cookie)).then((reply) => this.plain(reply));
  }

  private plain(reply: Reply): StateResponse {
    switch (reply[0]) {
      case 200:
        return OK;
      case 404:
        return NOT_FOUND;
      case 423:
        return this.locked(reply[3], reply[4]);
      default:
        return { status: 400, invalidHeader: 'Http_LockCookie' };
    }
  }

  private locked(cookie: number | null, date: number | null): StateResponse {
    const lockDate = date ?? 0;
    return {
      status: 423,
      lock: {
        date: lockDate,
        age: Math.max(0, Math.floor((this.now() - lockDate) / 1000)),
        cookie: cookie ?? 0,
      },
    };
  }

  /** One command, its bulk strings as Buffers, failed after the command time-out. */
  private send(args: readonly Argument[]): Promise<unknown> {
    return this.deadlines.track(this.client.sendCommand(args, BINARY));
  }

  /**
   * EVALSHA; a Redis that does not know the script (it restarted, or failed over to a replica that
   * never saw it) answers NOSCRIPT without running anything, so loading it and trying once more is
   * safe.
   */
  private async eval(script: RedisScript, args: readonly Argument[]): Promise<unknown> {
    const command = ['EVALSHA', script.sha, script.keys, ...args];
    try {
      return await this.send(command);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      await this.send(['SCRIPT', 'LOAD', script.lua]);
      return this.send(command);
    }
  }

  private async run(script: RedisScript, key: string, ...args: Argument[]): Promise<Reply> {
    let reply: Reply;
    try {
      reply = (await this.eval(script, [
        this.itemPrefix + key,
        this.statsKey,
        this.indexKey,
        String(this.now()),
        this.grace,
        ...args,
      ])) as Reply;
    } catch (error) {
      return this.fail(error);
    }
    const stats = reply[6];
    if (stats) this.stats = toCounters(stats);
    return reply;
  }

  /**
   * The GET script without the content, and the content read beside it: MULTI, EVALSHA of
   * GET_LOCK_SCRIPT, HGET, EXEC. Redis runs the four as one, so this answers exactly as the GET
   * script would, while a large content goes from Redis to the socket without becoming a Lua string.
   * The four are queued in one go, so nothing else on this connection can come between them.
   */
  private async readBeside(key: string, mode: string, cookie: string): Promise<Reply> {
    const item = this.itemPrefix + key;
    const script = SCRIPTS.getLock;
    const evalsha = [
      'EVALSHA',
      script.sha,
      script.keys,
      item,
      this.statsKey,
      this.indexKey,
      String(this.now()),
      this.grace,
      mode,
      cookie,
    ];
    const hget = ['HGET', item, 'd'];
    let results: [Reply | Error, Buffer | null | Error];
    try {
      for (let attempt = 1; ; attempt++) {
        const client = this.client;
        client.sendCommand(MULTI).catch(ignore);
        client.sendCommand(evalsha).catch(ignore);
        client.sendCommand(hget).catch(ignore);
        results = (await this.deadlines.track(client.sendCommand(EXEC, BINARY))) as typeof results;
        const failed = results.find((result) => result instanceof Error);
        if (failed === undefined) break;
        // NOSCRIPT: the script ran nothing (the HGET only read), so load it and run all once more.
        if (attempt > 1 || !isNoScript(failed)) throw failed;
        await this.send(['SCRIPT', 'LOAD', script.lua]);
      }
    } catch (error) {
      return this.fail(error);
    }
    const [reply, content] = results as [Reply, Buffer | null];
    if (reply[5] === 1) reply[5] = content;
    const stats = reply[6];
    if (stats) this.stats = toCounters(stats);
    return reply;
  }

  /** Logs a failed request (the first at once, then a count every 10 s) and rethrows it as a fault. */
  private fail(error: unknown): never {
    const message = describeRedisError(error);
    // A request refused because the connection is down says less than the connection's own error.
    if (!this.client.isReady && this.lastError === undefined) this.markDown(error as Error);
    this.faults++;
    const at = performance.now();
    if (at - this.faultsLoggedAt >= FAULT_LOG_INTERVAL_MS) {
      this.log(
        `request failed: the session store ${this.address} did not answer (${message}); ` +
          `${this.faults} request${this.faults === 1 ? '' : 's'} answered as a server fault`,
      );
      this.faultsLoggedAt = at;
      this.faults = 0;
    }
    throw new StoreUnavailableError(`session store ${this.address}: ${message}`);
  }

  private markDown(error: Error): void {
    const message = describeRedisError(error);
    const wasUp = this.reachable || this.lastError === undefined;
    this.reachable = false;
    if (this.closed) return;
    if (wasUp || message !== this.lastError) {
      this.log(`store ${this.address} unreachable: ${message}; retrying with backoff`);
    }
    this.lastError = message;
  }

  private async heartbeat(): Promise<void> {
    if (this.closed || !this.client.isReady) return;
    const started = performance.now();
    try {
      const [instances, stats] = (await this.eval(SCRIPTS.heartbeat, [
        this.instancesKey,
        this.statsKey,
        String(this.now()),
        this.instanceId,
        String(INSTANCE_WINDOW_MS),
      ])) as [number, (Buffer | null)[]];
      this.roundTripMs = Math.round((performance.now() - started) * 100) / 100;
      this.instances = instances;
      this.stats = toCounters(stats);
      this.reachable = true;
    } catch (error) {
      this.markDown(error as Error);
    }
  }
}

interface Pending {
  readonly at: number;
  readonly reject: (error: Error) => void;
  done: boolean;
}

/**
 * Fails commands whose answer takes longer than the time-out (the answer, if it ever comes, is then
 * dropped), with one timer for all of them: every command has the same time-out and the answers
 * come in order, so the oldest command in flight is always the first to expire.
 */
class Deadlines {
  private pending: Pending[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  track<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { at: performance.now() + this.timeoutMs, reject, done: false };
      this.pending.push(entry);
      if (this.timer === undefined) this.arm(this.timeoutMs);
      command.then(
        (value) => {
          entry.done = true;
          this.trim();
          resolve(value);
        },
        (error: unknown) => {
          entry.done = true;
          this.trim();
          reject(error as Error);
        },
      );
    });
  }

  /** Forgets the answered commands at the front. */
  private trim(): void {
    const pending = this.pending;
    while (this.head < pending.length && (pending[this.head] as Pending).done) this.head++;
    if (this.head === pending.length) {
      this.pending = [];
      this.head = 0;
    } else if (this.head >= 1024) {
      this.pending = pending.slice(this.head);
      this.head = 0;
    }
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(ms, 1));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    const pending = this.pending;
    for (; this.head < pending.length; this.head++) {
      const entry = pending[this.head] as Pending;
      if (entry.done) continue;
      if (entry.at > now) break;
      entry.done = true;
      entry.reject(new Error('timed out'));
    }
    this.trim();
    const next = this.pending[this.head];
    if (next !== undefined) this.arm(next.at - now);
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

function toCounters(values: readonly (Buffer | string | null)[]): SessionCounters {
  const n = (i: number) => {
    const value = values[i];
    return value === null || value === undefined ? 0 : Number(value.toString());
  };
  return {
    sessionsActive: Math.max(0, n(0)),
    sessionsTotal: n(1),
    sessionsTimedOut: n(2),
    sessionsAbandoned: n(3),
    bytesInMemory: Math.max(0, n(4)),
  };
}

/** A one-line reason without stack, host secrets or Redis' own long texts. */
export function describeRedisError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const text = error.message.split('\n')[0] ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(text)) return 'timed out';
  if (/client is (offline|closed)/i.test(text)) return 'not connected';
  if (/socket closed unexpectedly/i.test(text)) return 'connection closed';
  if (/^(WRONGPASS|NOAUTH)/.test(text)) return 'authentication failed (check the password)';
  return text.slice(0, 200);
}
