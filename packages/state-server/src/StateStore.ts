import type { RequestHead } from './parseRequestHead.js';
import type { StateResponse } from './StateResponse.js';

export interface SessionCounters {
  /** State Server Sessions Active: items in the store. */
  sessionsActive: number;
  /** State Server Sessions Total: items ever created. */
  sessionsTotal: number;
  /** State Server Sessions Timed Out: items removed by expiry. */
  sessionsTimedOut: number;
  /** State Server Sessions Abandoned: items removed by DELETE. */
  sessionsAbandoned: number;
  /** Bytes of session content held. */
  bytesInMemory: number;
}

/** What the service page shows about the store (docs/state-store.md §4). */
export interface StoreStatus {
  kind: 'memory' | 'redis';
  /** Redis only: `redis://host:port/db` or `rediss://…`, never with credentials. */
  address?: string;
  /** Redis only: the prefix every key of this store starts with. */
  keyPrefix?: string;
  /** Whether the last command or check reached the store (always true in memory). */
  reachable: boolean;
  /** Redis only: round trip of the last health check, in ms. */
  roundTripMs?: number;
  /** Redis only: state service instances that checked in within the last 10 s, this one included. */
  instances?: number;
  /** Redis only: why the store is unreachable (no secrets). */
  lastError?: string;
}

/**
 * Where sessions live (docs/state-store.md). The protocol code (`StateConnection`) hands each parsed
 * request to `execute` and never knows which store answers. A store fault rejects the promise with a
 * `StoreUnavailableError`; the connection answers it as a server fault (docs/state-store.md §3).
 */
export interface StateStore {
  readonly kind: StoreStatus['kind'];
  /** Runs one request; synchronous where the store can be (memory), a promise where it cannot. */
  execute(head: RequestHead, body: Buffer): StateResponse | Promise<StateResponse>;
  /**
   * The session counters as last known: exact for memory; for Redis the farm-wide counters as of
   * this instance's last change or health check.
   */
  counters(): SessionCounters;
  /** Removes expired items now; resolves with how many went. */
  sweep(): number | Promise<number>;
  status(): StoreStatus;
  /** Connects (Redis) and starts the store's own timers. Never fails for an unreachable store. */
  open(): Promise<void>;
  close(): Promise<void>;
}

/** The store could not run a request (Redis unreachable, failing over, timed out). */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
