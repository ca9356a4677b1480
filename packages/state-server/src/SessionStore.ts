import type { RequestHead } from './parseRequestHead.js';
import type { StateResponse } from './StateResponse.js';
import type { SessionCounters, StateStore, StoreStatus } from './StateStore.js';

export type { SessionCounters } from './StateStore.js';

/**
 * Default and largest session time-out in minutes (SessionStateModule's constants,
 * docs/state-protocol.md §5.2).
 */
export const DEFAULT_TIMEOUT_MINUTES = 20;
export const MAX_TIMEOUT_MINUTES = 525600;
/**
 * p2p wraps here so a cookie never reaches int32.MaxValue or turns negative
 * (docs/state-protocol.md §5.2).
 */
const LAST_LOCK_COOKIE = 2147483646;
/** ExtraFlags bit 0 (SessionStateItemFlags.Uninitialized). */
const UNINITIALIZED = 1;

interface SessionItem {
  content: Buffer;
  locked: boolean;
  lockCookie: number;
  /** Epoch ms when the lock was taken. */
  lockDate: number;
  /** Minutes; 0 means the item never expires (a zero sliding expiration in ASP.NET's cache). */
  timeout: number;
  extraFlags: number;
  /** Epoch ms after which the item is gone unless touched again. */
  expiresAt: number;
}

const MEMORY_STATUS: StoreStatus = Object.freeze({ kind: 'memory', reachable: true });
const OK: StateResponse = Object.freeze({ status: 200 });
const NOT_FOUND: StateResponse = Object.freeze({ status: 404 });
const UNKNOWN_VERB: StateResponse = Object.freeze({ status: 400 });

function invalid(header: string): StateResponse {
  return { status: 400, invalidHeader: header };
}

/**
 * The state server's semantics (Microsoft's `StateApplication`, docs/state-protocol.md §5): items
 * with a lock, a lock cookie, flags and a sliding expiry, and the four operations. Every lookup that finds an
 * item slides its expiry, whatever the answer; expired items vanish on lookup or on `sweep()`.
 * Time comes from `now()` so that tests can move it.
 */
export class SessionStore implements StateStore {
  readonly kind = 'memory';
  private readonly items = new Map<string, SessionItem>();
  private readonly counts = {
    sessionsTotal: 0,
    sessionsTimedOut: 0,
    sessionsAbandoned: 0,
    bytesInMemory: 0,
  };

  constructor(readonly now: () => number = Date.now) {}

  /** Runs one request. Header values are checked in Microsoft's order (see `RequestHead`). */
  execute(head: RequestHead, body: Buffer): StateResponse {
    switch (head.verb) {
      case 'GET':
        return this.get(head);
      case 'PUT':
        return this.put(head, body);
      case 'DELETE':
        return this.remove(head);
      case 'HEAD':
        return this.lookup(head.key, this.now()) === undefined ? NOT_FOUND : OK;
      default:
        return UNKNOWN_VERB;
    }
  }

  counters(): SessionCounters {
    return { sessionsActive: this.items.size, ...this.counts };
  }

  /** Removes every expired item; returns how many went. */
  sweep(): number {
    const now = this.now();
    let removed = 0;
    for (const [key, item] of this.items) {
      if (now >= item.expiresAt) {
        this.drop(key, item);
        this.counts.sessionsTimedOut++;
        removed++;
      }
    }
    return removed;
  }

  status(): StoreStatus {
    return MEMORY_STATUS;
  }

  open(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  get size(): number {
    return this.items.size;
  }

  private get(head: RequestHead): StateResponse {
    // The native front end turns `Exclusive` into an enum before the managed code runs, so a
    // value it cannot map fails before the lookup.
    if (head.exclusive === 'invalid') return invalid('Http_Exclusive');
    const now = this.now();
    const item = this.lookup(head.key, now);
    if (item === undefined) return NOT_FOUND;

    let actionFlags: number | undefined;
    if ((item.extraFlags & UNINITIALIZED) !== 0) {
      // Only the first reader is told to initialize the item (SessionStateActions.InitializeItem).
      item.extraFlags &= ~UNINITIALIZED;
      actionFlags = 1;
    }

    if (head.exclusive === 'release') {
      const cookie = head.lockCookie;
      if (cookie === undefined || !(cookie >= 0)) return withFlags(invalid('Http_LockCookie'), actionFlags);
      if (!item.locked) return withFlags(OK, actionFlags);
      if (cookie !== item.lockCookie) return withFlags(lockedResponse(item, now), actionFlags);
      item.locked = false;
      return withFlags(OK, actionFlags);
    }

    if (item.locked) return withFlags(lockedResponse(item, now), actionFlags);
    const response: StateResponse = { status: 200, timeout: item.timeout, body: item.content };
    if (actionFlags !== undefined) response.actionFlags = actionFlags;
    if (head.exclusive === 'acquire') {
      item.locked = true;
      item.lockDate = now;
      item.lockCookie = item.lockCookie >= LAST_LOCK_COOKIE ? 2 : item.lockCookie + 1;
      response.lockCookie = item.lockCookie;
    }
    return response;
  }

  private put(head: RequestHead, body: Buffer): StateResponse {
    let timeout = head.timeout;
    if (timeout === undefined) timeout = DEFAULT_TIMEOUT_MINUTES;
    else if (!(timeout >= 0 && timeout <= MAX_TIMEOUT_MINUTES)) return invalid('Http_Timeout');
    const extraFlags = head.extraFlags ?? 0;
    if (Number.isNaN(extraFlags)) return invalid('Http_ExtraFlags');

    const now = this.now();
    const item = this.lookup(head.key, now);
    if (item === undefined) {
      this.items.set(head.key, {
        content: body,
        locked: false,
        lockCookie: 1,
        lockDate: 0,
        timeout,
        extraFlags,
        expiresAt: expiry(now, timeout),
      });
      this.counts.sessionsTotal++;
      this.counts.bytesInMemory += body.length;
      return OK;
    }

    // Never overwrite a real session with a placeholder (DevDiv 146875, an expiry race).
    if ((extraFlags & UNINITIALIZED) !== 0) return OK;
    const cookie = head.lockCookie;
    if (cookie !== undefined && !(cookie >= 0)) return invalid('Http_LockCookie');
    if (item.locked && cookie !== item.lockCookie) return lockedResponse(item, now);

    this.counts.bytesInMemory += body.length - item.content.length;
    item.content = body;
    item.locked = false;
    if (item.timeout !== timeout) {
      // Microsoft re-inserts the item here, taking the new flags and (a quirk) the request's
      // cookie as its counter; like p2p, keep the counter so cookies never repeat.
      item.timeout = timeout;
      item.extraFlags = extraFlags;
      item.expiresAt = expiry(now, timeout);
    }
    return OK;
  }

  private remove(head: RequestHead): StateResponse {
    const now = this.now();
    const item = this.lookup(head.key, now);
    if (item === undefined) return NOT_FOUND;
    const cookie = head.lockCookie;
    if (cookie !== undefined && !(cookie >= 0)) return invalid('Http_LockCookie');
    if (item.locked && cookie !== item.lockCookie) return lockedResponse(item, now);
    this.drop(head.key, item);
    this.counts.sessionsAbandoned++;
    return OK;
  }

  /** The live item for `key`, its sliding expiry renewed; an expired one is removed on the way. */
  private lookup(key: string, now: number): SessionItem | undefined {
    const item = this.items.get(key);
    if (item === undefined) return undefined;
    if (now >= item.expiresAt) {
      this.drop(key, item);
      this.counts.sessionsTimedOut++;
      return undefined;
    }
    item.expiresAt = expiry(now, item.timeout);
    return item;
  }

  private drop(key: string, item: SessionItem): void {
    this.items.delete(key);
    this.counts.bytesInMemory -= item.content.length;
  }
}

function expiry(now: number, timeoutMinutes: number): number {
  return timeoutMinutes === 0 ? Infinity : now + timeoutMinutes * 60000;
}

function lockedResponse(item: SessionItem, now: number): StateResponse {
  return {
    status: 423,
    lock: {
      date: item.lockDate,
      age: Math.max(0, Math.floor((now - item.lockDate) / 1000)),
      cookie: item.lockCookie,
    },
  };
}

function withFlags(response: StateResponse, actionFlags: number | undefined): StateResponse {
  return actionFlags === undefined ? response : { ...response, actionFlags };
}
