// Debian's redis-server for the Redis-store tests (scripts/redis.mjs finds it, or installs it with
// apt-get when running as root). Where it truly cannot be had, the Redis suites are skipped and
// say so in one line.
import { randomBytes } from 'node:crypto';
import { ensureRedisServer, startRedis, type RunningRedis } from '../../../scripts/redis.mjs';

const found = ensureRedisServer({ quiet: true });

/** The redis-server binary, or undefined when the Redis suites must be skipped. */
export const redisServerPath: string | undefined = found.path;

if (redisServerPath === undefined) {
  console.warn(`Redis-store tests skipped: ${found.reason ?? 'redis-server not found'}`);
}

/** A throw-away redis-server on a free loopback port (or `port`), with extra options if given. */
export function startTestRedis(port?: number, args: string[] = []): Promise<RunningRedis> {
  return startRedis({ path: redisServerPath, args, ...(port === undefined ? {} : { port }) });
}

/** A key prefix of its own for each test, so that tests on one Redis never see each other's keys. */
export function uniquePrefix(): string {
  return `test-${randomBytes(6).toString('hex')}:`;
}

export type { RunningRedis };
