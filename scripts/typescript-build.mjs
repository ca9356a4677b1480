// The TypeScript step of the build (tsc -b over the project references), shared by scripts/build.mjs
// and the workspace bins (`npx appcmd`, `npx aspnet-state`), which build what they need on first use.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules/typescript7/bin/tsc');

/**
 * Runs `tsc -b` for `projects` (folders with a tsconfig.json; none = every project of the root
 * tsconfig.json). With `quiet`, the compiler's output is kept and written to stderr only when the
 * build fails. Returns tsc's exit status.
 */
export function buildTypeScript(projects = [], { quiet = false } = {}) {
  const r = spawnSync(process.execPath, [tsc, '-b', ...projects], {
    cwd: root,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  if (r.error) throw r.error;
  if (quiet && r.status !== 0) {
    process.stderr.write(r.stdout);
    process.stderr.write(r.stderr);
  }
  return r.status ?? 1;
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** `project` and every project it references, transitively. */
function projectClosure(project, seen = new Set()) {
  const dir = resolve(project);
  if (seen.has(dir)) return seen;
  seen.add(dir);
  const config = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
  for (const reference of config.references ?? []) projectClosure(join(dir, reference.path), seen);
  return seen;
}

/** True when the `dist/` of `project` or of a project it references is missing or older than its sources. */
export function typeScriptBuildNeeded(project) {
  const shared = newestMtime(join(root, 'tsconfig.base.json'));
  for (const dir of projectClosure(project)) {
    const built = join(dir, 'dist/.tsbuildinfo');
    if (!existsSync(built)) return true;
    const sources = Math.max(shared, newestMtime(join(dir, 'src')), newestMtime(join(dir, 'tsconfig.json')));
    if (sources > statSync(built).mtimeMs) return true;
  }
  return false;
}

/**
 * For a bin: builds `project` (and what it references) when needed, without a word on stdout, so
 * the bin's stdout stays exactly its own output. Exits with the compiler's messages on stderr when
 * the build fails or cannot run.
 */
export function ensureBuilt(project, name) {
  const dir = project instanceof URL ? fileURLToPath(project) : project;
  if (!typeScriptBuildNeeded(dir)) return;
  if (!existsSync(tsc)) {
    if (existsSync(join(dir, 'dist'))) return; // built elsewhere, no compiler here: run what there is
    process.stderr.write(
      `${name}: not built, and no TypeScript compiler to build it: run npm ci, then npm run build\n`,
    );
    process.exit(1);
  }
  const status = buildTypeScript([dir], { quiet: true });
  if (status !== 0) {
    process.stderr.write(`${name}: the build failed (node node_modules/typescript7/bin/tsc -b ${dir})\n`);
    process.exit(status);
  }
}
