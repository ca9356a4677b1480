import { performance } from 'node:perf_hooks';
import { createRedisConnection, describeRedisError } from './RedisStore.js';
import { parseStoreUrl, StoreUrlError } from './storeUrl.js';

export interface TestStoreResult {
  ok: boolean;
  /** The address tested, without credentials (`in memory` for the memory store). */
  address: string;
  version?: string;
  roundTripMs?: number;
  failure?: 'invalid-store' | 'refused' | 'name-not-resolved' | 'timed-out' | 'auth-failed' | 'unreachable';
  message: string;
}

/**
 * The service page's **Test** for the store (docs/state-store.md §4): connects to the Redis of a
 * store URL once, sends PING and `INFO server`, and reports the round trip and the Redis version, or
 * which step failed. Only when a user asks ("No traffic of its own"); nothing is written.
 */
export async function testStore(
  store: string,
  timeoutMs = 5000,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<TestStoreResult> {
  let location;
  try {
    location = parseStoreUrl(store, env);
  } catch (error) {
    const message = error instanceof StoreUrlError ? error.message : 'not a store URL';
    return { ok: false, address: '', failure: 'invalid-store', message };
  }
  if (location.kind === 'memory') {
    return { ok: true, address: 'in memory', message: 'Sessions are kept in the state service process.' };
  }
  const { address } = location;
  const client = createRedisConnection(location, { timeoutMs, retry: false });
  let lastError: unknown;
  client.on('error', (error: Error) => (lastError = error));
  // No command waits longer than the time-out (a port that accepts but never answers).
  const within = <T>(promise: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
    });
    return Promise.race([promise, timedOut]).finally(() => clearTimeout(timer));
  };
  try {
    await within(client.connect());
    const started = performance.now();
    await within(client.sendCommand(['PING']));
    const roundTripMs = Math.round((performance.now() - started) * 100) / 100;
    const info = String(await within(client.sendCommand(['INFO', 'server'])));
    const version = /^redis_version:(\S+)/m.exec(info)?.[1] ?? 'unknown';
    return {
      ok: true,
      address,
      version,
      roundTripMs,
      message: `Connected to Redis ${version} at ${address}: round trip ${roundTripMs} ms.`,
    };
  } catch (error) {
    const reason = describeRedisError(lastError ?? error);
    const failure: TestStoreResult['failure'] =
      reason === 'connection refused'
        ? 'refused'
        : reason === 'host name not found'
          ? 'name-not-resolved'
          : reason === 'timed out'
            ? 'timed-out'
            : reason.startsWith('authentication failed')
              ? 'auth-failed'
              : 'unreachable';
    return { ok: false, address, failure, message: `Cannot use the Redis store at ${address}: ${reason}.` };
  } finally {
    try {
      client.destroy();
    } catch {
      // never connected
    }
  }
}
