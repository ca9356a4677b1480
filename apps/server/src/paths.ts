import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file lives in `apps/server/src` (tests) or `apps/server/dist` (built). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The demo system drive root used when no root is given (created from packages/config/demo-root). */
export const demoRoot = join(repoRoot, '.demo');

/** The built console (Vite output). */
export const defaultConsoleDist = join(repoRoot, 'apps', 'console', 'dist');

/**
 * Joins `segments` under `root` the way Windows resolves them: each segment matches an existing entry
 * case-insensitively; segments that do not exist yet keep the spelling given.
 */
export function resolveUnderRoot(root: string, ...segments: string[]): string {
  let current = resolve(root);
  for (const segment of segments) {
    const exact = join(current, segment);
    if (existsSync(exact)) {
      current = exact;
      continue;
    }
    let match: string | undefined;
    try {
      const lower = segment.toLowerCase();
      match = readdirSync(current).find((name) => name.toLowerCase() === lower);
    } catch {
      // The directory does not exist yet: keep the given spelling.
    }
    current = join(current, match ?? segment);
  }
  return current;
}

/** `ProgramData/IISConsole` under the root: users, tokens, the audit log and service settings. */
export function consoleStateDir(root: string): string {
  return resolveUnderRoot(root, 'ProgramData', 'IISConsole');
}
