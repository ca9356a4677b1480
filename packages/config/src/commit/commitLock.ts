import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../errors.js';

const STALE_MS = 30_000;
const WAIT_MS = 10_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * A lock file that serialises commits across processes (the console, appcmd, a second console) for
 * one system drive root. Inside one process commits are synchronous, so they never interleave.
 * A lock left by a dead process (or older than 30 s) is taken over.
 */
export function withCommitLock<T>(lockPath: string, fn: () => T): T {
  mkdirSync(dirname(lockPath), { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (isStale(lockPath)) {
        rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new ConfigError(
          'CONFLICT',
          'Failed to commit configuration changes. The configuration is being changed by another process; try again.',
        );
      }
      Atomics.wait(sleeper, 0, 0, 20);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

function isStale(lockPath: string): boolean {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    if (Date.now() - statSync(lockPath).mtimeMs > STALE_MS) return true;
    if (!Number.isInteger(pid) || pid <= 0) return false;
    if (pid === process.pid) return true; // commits in this process are synchronous: a lock of ours is left over
    process.kill(pid, 0);
    return false;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ESRCH' || code === 'ENOENT';
  }
}
