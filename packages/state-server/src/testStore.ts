import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { describeRedisError } from './RedisStore.js';
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
  const client = new Redis({
    host: location.host,
    port: location.port,
    db: location.db,
    username: location.username,
    password: location.password,
    tls: location.tls ? { servername: location.host } : undefined,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    disableClientInfo: true,
  });
  let lastError: unknown;
  client.on('error', (error: unknown) => (lastError = error));
  try {
    await client.connect();
    const started = performance.now();
    await client.ping();
    const roundTripMs = Math.round((performance.now() - started) * 100) / 100;
    const info = await client.info('server');
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
    client.disconnect();
  }
}
