import type { Session } from 'fastify';

type Callback = (error?: unknown) => void;
type GetCallback = (error: unknown, session?: Session | null) => void;

/**
 * Sessions in memory (a restart signs everyone out), dropped when their cookie expires: the default
 * store of @fastify/session keeps every session forever.
 */
export class MemorySessionStore {
  readonly #sessions = new Map<string, { session: Session; expires: number }>();
  readonly #defaultTtlMs: number;
  readonly #timer: NodeJS.Timeout;

  constructor(defaultTtlMs: number, sweepIntervalMs = 60_000) {
    this.#defaultTtlMs = defaultTtlMs;
    this.#timer = setInterval(() => this.sweep(), sweepIntervalMs);
    this.#timer.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    const expires = session.cookie.expires
      ? new Date(session.cookie.expires).getTime()
      : Date.now() + this.#defaultTtlMs;
    this.#sessions.set(sessionId, { session, expires });
    callback();
  }

  get(sessionId: string, callback: GetCallback): void {
    const entry = this.#sessions.get(sessionId);
    if (entry && entry.expires <= Date.now()) {
      this.#sessions.delete(sessionId);
      callback(null, null);
      return;
    }
    callback(null, entry?.session ?? null);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.#sessions.delete(sessionId);
    callback();
  }

  sweep(now = Date.now()): void {
    for (const [id, entry] of this.#sessions) if (entry.expires <= now) this.#sessions.delete(id);
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
