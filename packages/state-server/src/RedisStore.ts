import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import type { RequestHead } from './parseRequestHead.js';
import {
  DELETE_SCRIPT,
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
}

export const DEFAULT_KEY_PREFIX = 'aspnet_state:';
/** An instance that has not checked in for this long no longer counts as sharing the store. */
const INSTANCE_WINDOW_MS = 10_000;
/** Items the sweep removes per script call, so that one call never blocks Redis for long. */
const SWEEP_BATCH = 500;
/** At most one line per this interval about failing requests (plus the first at once). */
const FAULT_LOG_INTERVAL_MS = 10_000;

type Reply = [
  status: number,
  actionFlags: number,
  timeout: number | null,
  lockCookie: number | null,
  lockDate: number | null,
  content: Buffer | null,
  stats: (Buffer | null)[] | null,
];

/** A Lua script run by its SHA-1 (EVALSHA), loaded into Redis when Redis says it does not know it. */
interface RedisScript {
  readonly lua: string;
  readonly sha: string;
  readonly keys: number;
}

function script(lua: string, keys: number): RedisScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex'), keys };
}

const SCRIPTS = {
  get: script(GET_SCRIPT, 3),
  put: script(PUT_SCRIPT, 3),
  remove: script(DELETE_SCRIPT, 3),
  head: script(HEAD_SCRIPT, 3),
  sweep: script(SWEEP_SCRIPT, 3),
  heartbeat: script(HEARTBEAT_SCRIPT, 2),
} as const;

/** The untyped corners of ioredis this store uses (every command exists with a `Buffer` twin). */
interface EvalCommands {
  evalshaBuffer(sha: string, keys: number, ...args: (string | number | Buffer)[]): Promise<unknown>;
  evalsha(sha: string, keys: number, ...args: (string | number | Buffer)[]): Promise<unknown>;
}

const NOT_FOUND: StateResponse = Object.freeze({ status: 404 });
const OK: StateResponse = Object.freeze({ status: 200 });

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
  private readonly client: Redis;
  private readonly commands: EvalCommands;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly grace: string;
  private readonly itemPrefix: string;
  private readonly statsKey: string;
  private readonly indexKey: string;
  private readonly instancesKey: string;
  private readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly heartbeatMs: number;
  private readonly address: string;
  private stats: SessionCounters = {
    sessionsActive: 0,
    sessionsTotal: 0,
    sessionsTimedOut: 0,
    sessionsAbandoned: 0,
    bytesInMemory: 0,
  };
  private reachable = false;
  private lastError: string | undefined;
  private roundTripMs: number | undefined;
  private instances: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private corked = false;
  private faults = 0;
  private faultsLoggedAt = -Infinity;

  constructor(options: RedisStoreOptions) {
    const { location } = options;
    this.keyPrefix = options.keyPrefix;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
    this.grace = String(options.graceMs ?? 10 * 60_000);
    this.heartbeatMs = options.heartbeatMs ?? 2000;
    this.address = location.address;
    this.itemPrefix = `${this.keyPrefix}i:`;
    this.statsKey = `${this.keyPrefix}m:stats`;
    this.indexKey = `${this.keyPrefix}m:expiry`;
    this.instancesKey = `${this.keyPrefix}m:instances`;
    const commandTimeout = options.commandTimeoutMs ?? 5000;
    this.client = new Redis({
      host: location.host,
      port: location.port,
      db: location.db,
      username: location.username,
      password: location.password,
      tls: location.tls ? { servername: location.host } : undefined,
      lazyConnect: true,
      // Fail requests at once while disconnected, and never replay one whose answer was lost.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout,
      connectTimeout: commandTimeout,
      // Requests from many connections in one tick go out in one write.
      enableAutoPipelining: false,
      // Exponential backoff from 100 ms to 5 s, with jitter so a farm does not reconnect in step.
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times - 1, 6), 5000) + Math.random() * 200,
      connectionName: 'aspnet_state',
      disableClientInfo: true,
    });
    this.commands = this.client as unknown as EvalCommands;

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
    this.client.on('error', (error: Error) => this.markDown(error));
    this.client.on('close', () => {
      if (!this.closed && this.reachable) this.markDown(new Error('connection closed'));
    });
  }

  /** Connects; an unreachable Redis is logged and retried in the background, never fatal. */
  async open(): Promise<void> {
    this.timer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    this.timer.unref();
    try {
      await this.client.connect();
    } catch (error) {
      // The 'error' event has already said why; connect()'s own rejection says less.
      if (this.lastError === undefined) this.markDown(error as Error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.reachable) {
      await this.client.zrem(this.instancesKey, this.instanceId).catch(() => undefined);
    }
    this.closed = true;
    this.client.disconnect();
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
      const [count, examined, stats] = (await this.eval(
        SCRIPTS.sweep,
        false,
        this.itemPrefix,
        this.statsKey,
        this.indexKey,
        this.now(),
        this.grace,
        SWEEP_BATCH,
      ).catch((error: unknown) => this.fail(error))) as [number, number, (string | null)[] | null];
      if (stats) this.stats = toCounters(stats);
      removed += count;
      if (examined < SWEEP_BATCH) return removed;
    }
  }

  private get(head: RequestHead): StateResponse | Promise<StateResponse> {
    if (head.exclusive === 'invalid') return { status: 400, invalidHeader: 'Http_Exclusive' };
    const mode = head.exclusive === 'acquire' ? '1' : head.exclusive === 'release' ? '2' : '0';
    const cookie = head.lockCookie === undefined || !(head.lockCookie >= 0) ? -1 : head.lockCookie;
    return this.run(SCRIPTS.get, head.key, mode, cookie).then((reply) => {
      const [status, actionFlags, timeout, lockCookie, lockDate, content] = reply;
      let response: StateResponse;
      if (status === 200) {
        response = { status: 200 };
        if (timeout !== null) response.timeout = timeout;
        if (lockCookie !== null) response.lockCookie = lockCookie;
        if (content !== null) response.body = content;
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
    return this.run(SCRIPTS.put, head.key, timeout, extraFlags, cookie, body).then((reply) =>
      this.plain(reply),
    );
  }

  private remove(head: RequestHead): Promise<StateResponse> {
    const cookie = head.lockCookie === undefined ? -1 : head.lockCookie >= 0 ? head.lockCookie : -2;
    return this.run(SCRIPTS.remove, head.key, cookie).then((reply) => this.plain(reply));
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

  /**
   * EVALSHA; a Redis that does not know the script (it restarted, or failed over to a replica that
   * never saw it) answers NOSCRIPT without running anything, so loading it and trying once more is
   * safe.
   */
  private async eval(
    script: RedisScript,
    binary: boolean,
    ...args: (string | number | Buffer)[]
  ): Promise<unknown> {
    this.batchWrites();
    const call = () =>
      binary
        ? this.commands.evalshaBuffer(script.sha, script.keys, ...args)
        : this.commands.evalsha(script.sha, script.keys, ...args);
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      await this.client.script('LOAD', script.lua);
      return call();
    }
  }

  /**
   * Holds this turn's commands in the socket until the event loop has run every I/O callback of the
   * turn, so that the requests of many client connections reach Redis in one writev (one system call)
   * rather than one write each; a lone request waits for nothing but the end of its own turn.
   */
  private batchWrites(): void {
    if (this.corked) return;
    const stream = this.client.stream as Socket | undefined;
    if (stream === undefined || this.client.status !== 'ready') return;
    this.corked = true;
    stream.cork();
    setImmediate(() => {
      this.corked = false;
      stream.uncork();
    });
  }

  private async run(script: RedisScript, key: string, ...args: (string | number | Buffer)[]): Promise<Reply> {
    let reply: Reply;
    try {
      reply = (await this.eval(
        script,
        true,
        this.itemPrefix + key,
        this.statsKey,
        this.indexKey,
        this.now(),
        this.grace,
        ...args,
      )) as Reply;
    } catch (error) {
      return this.fail(error);
    }
    const stats = reply[6];
    if (stats) this.stats = toCounters(stats);
    return reply;
  }

  /** Logs a failed request (the first at once, then a count every 10 s) and rethrows it as a fault. */
  private fail(error: unknown): never {
    const message = describeRedisError(error);
    if (this.client.status !== 'ready') this.markDown(error as Error);
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
    if (this.closed || this.client.status !== 'ready') return;
    const started = performance.now();
    try {
      const [instances, stats] = (await this.eval(
        SCRIPTS.heartbeat,
        false,
        this.instancesKey,
        this.statsKey,
        this.now(),
        this.instanceId,
        INSTANCE_WINDOW_MS,
      )) as [number, (string | null)[]];
      this.roundTripMs = Math.round((performance.now() - started) * 100) / 100;
      this.instances = instances;
      this.stats = toCounters(stats);
      this.reachable = true;
    } catch (error) {
      this.markDown(error as Error);
    }
  }
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
  if (/enableOfflineQueue|Stream isn't writeable|Connection is closed/i.test(text)) return 'not connected';
  if (/max retries per request/i.test(text)) return 'connection lost while the request ran';
  if (/^(WRONGPASS|NOAUTH)/.test(text)) return 'authentication failed (check the password)';
  return text.slice(0, 200);
}
