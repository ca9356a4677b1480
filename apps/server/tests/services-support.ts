// Shared by the services tests: the state server build, free loopback ports, and killing every
// state service process a test started (by the pid its controller recorded).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from '../src/paths.js';
import { hasProcFs, processExists } from '../src/services/process-probe.js';
import { servicesDir } from '../src/services/settings-store.js';

export const fixture = (name: string): string => join(repoRoot, 'apps/server/tests/fixtures', name);

/**
 * The state service bin needs its build (`tsc -b packages/state-server`; `apps/server` includes it);
 * incremental, so cheap when nothing changed.
 */
export function buildStateServer(
  project: 'packages/state-server' | 'apps/server' = 'packages/state-server',
): void {
  const build = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/typescript7/bin/tsc'), '-b', project],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  expect(build.status, build.stdout + build.stderr).toBe(0);
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Writes the built-in service's settings file as the console would. */
export async function writeServiceSettings(root: string, settings: Record<string, unknown>): Promise<void> {
  await mkdir(servicesDir(root), { recursive: true });
  await writeFile(join(servicesDir(root), 'aspnet_state.settings.json'), JSON.stringify(settings));
}

/** The pid in a root's pid file, if any. */
export function recordedPid(root: string): number | undefined {
  try {
    const record = JSON.parse(readFileSync(join(servicesDir(root), 'aspnet_state.json'), 'utf8')) as {
      pid?: unknown;
    };
    return typeof record.pid === 'number' ? record.pid : undefined;
  } catch {
    return undefined;
  }
}

/** Every pid a test saw; `killAll` ends those still alive. */
export class Pids {
  readonly #pids = new Set<number>();
  readonly #roots = new Set<string>();

  add(pid: number | null | undefined): void {
    if (typeof pid === 'number') this.#pids.add(pid);
  }

  watchRoot(root: string): void {
    this.#roots.add(root);
  }

  killAll(): void {
    for (const root of this.#roots) this.add(recordedPid(root));
    for (const pid of this.#pids) {
      // Only a state service process: never a pid the system has given to someone else since.
      if (processExists(pid) && isStateServiceProcess(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
    }
    this.#pids.clear();
    this.#roots.clear();
  }
}

function isStateServiceProcess(pid: number): boolean {
  if (!hasProcFs) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('aspnet-state');
  } catch {
    return false;
  }
}

/** Waits until a pid has gone. */
export async function waitForExit(pid: number, timeoutMs = 5000): Promise<void> {
  await expect.poll(() => processExists(pid), { timeout: timeoutMs, interval: 25 }).toBe(false);
}
