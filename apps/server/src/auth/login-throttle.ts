export interface LoginThrottleOptions {
  /** Failed sign-ins for one user name within `windowMs` that lock it (default 5). */
  maxFailuresPerUser?: number;
  /** Failed sign-ins from one address within `windowMs` that lock it (default 20). */
  maxFailuresPerIp?: number;
  /** How far back failures count (default 15 minutes). */
  windowMs?: number;
  /** How long a lock lasts (default 15 minutes). */
  lockoutMs?: number;
  now?: () => number;
}

interface Counter {
  failures: number[];
  lockedUntil: number;
}

/**
 * Failed sign-ins per user name and per client address, with a lockout after too many. While either
 * is locked every attempt is refused, a right password included, so a lock cannot be probed.
 */
export class LoginThrottle {
  readonly #maxPerUser: number;
  readonly #maxPerIp: number;
  readonly #windowMs: number;
  readonly #lockoutMs: number;
  readonly #now: () => number;
  readonly #counters = new Map<string, Counter>();

  constructor(options: LoginThrottleOptions = {}) {
    this.#maxPerUser = options.maxFailuresPerUser ?? 5;
    this.#maxPerIp = options.maxFailuresPerIp ?? 20;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#lockoutMs = options.lockoutMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Milliseconds until sign-in is allowed again for this user name and address; 0 when allowed. */
  lockedFor(username: string, ip: string): number {
    const now = this.#now();
    this.#sweep(now);
    const until = Math.max(
      this.#counters.get(userKey(username))?.lockedUntil ?? 0,
      this.#counters.get(ipKey(ip))?.lockedUntil ?? 0,
    );
    return Math.max(0, until - now);
  }

  /** Counts a failure; returns true when it locked the user name or the address. */
  fail(username: string, ip: string): boolean {
    const now = this.#now();
    const user = this.#count(userKey(username), this.#maxPerUser, now);
    const address = this.#count(ipKey(ip), this.#maxPerIp, now);
    return user || address;
  }

  /** A right password clears the user name's failures (the address keeps its count). */
  succeed(username: string): void {
    this.#counters.delete(userKey(username));
  }

  #count(key: string, max: number, now: number): boolean {
    const counter = this.#counters.get(key) ?? { failures: [], lockedUntil: 0 };
    counter.failures = counter.failures.filter((t) => t > now - this.#windowMs);
    counter.failures.push(now);
    this.#counters.set(key, counter);
    if (counter.failures.length >= max && counter.lockedUntil <= now) {
      counter.lockedUntil = now + this.#lockoutMs;
      counter.failures = [];
      return true;
    }
    return false;
  }

  /** Forgets counters that neither lock nor count any more, so the map cannot grow without bound. */
  #sweep(now: number): void {
    if (this.#counters.size < 1000) return;
    for (const [key, counter] of this.#counters) {
      if (counter.lockedUntil <= now && counter.failures.every((t) => t <= now - this.#windowMs)) {
        this.#counters.delete(key);
      }
    }
  }
}

const userKey = (username: string) => `user:${username.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;
