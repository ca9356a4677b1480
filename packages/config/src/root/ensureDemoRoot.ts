// The demo root: `npm start` without `--root` serves `<repo>/.demo`, created on first start from the
// template `packages/config/demo-root/` (see its README.md).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `packages/config/demo-root/`, found from this module (same depth from src/root and dist/root). */
export function demoRootTemplateDir(): string {
  return fileURLToPath(new URL('../../demo-root/', import.meta.url));
}

/**
 * `<repo>/.demo`: the nearest folder above this package whose package.json declares `workspaces`
 * (the repository root), else three levels above `packages/config/`.
 */
export function defaultDemoRoot(): string {
  const packageDir = fileURLToPath(new URL('../../', import.meta.url));
  for (let dir = path.dirname(packageDir); ; dir = path.dirname(dir)) {
    if (isWorkspaceRoot(dir)) return path.join(dir, '.demo');
    if (path.dirname(dir) === dir) break;
  }
  return path.resolve(packageDir, '..', '..', '.demo');
}

function isWorkspaceRoot(dir: string): boolean {
  try {
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'workspaces' in manifest;
  } catch {
    return false;
  }
}

// Files that describe or keep the template in git but are not part of a system drive.
const TEMPLATE_ONLY_AT_TOP = new Set(['README.md', '.gitattributes']);
const TEMPLATE_ONLY_ANYWHERE = new Set(['.gitkeep']);

/**
 * Creates `targetDir` as a copy of the template when it is missing (or an empty directory) and
 * returns true; leaves an existing root untouched and returns false. The copy is built beside the
 * target and renamed into place, so an interrupted first start never leaves half a root behind,
 * and two processes starting at once end with one complete copy.
 */
export function ensureDemoRoot(targetDir: string, templateDir: string = demoRootTemplateDir()): boolean {
  const target = path.resolve(targetDir);
  if (!isMissingOrEmpty(target)) return false;
  if (!fs.statSync(templateDir, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(`The demo root template ${templateDir} does not exist.`);

  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    copyTree(templateDir, staging, true);
    if (fs.existsSync(target)) fs.rmdirSync(target); // empty (checked above); rename cannot replace it on Windows
    fs.renameSync(staging, target);
    return true;
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    // Another process created the root meanwhile: theirs is as good as ours.
    if (isCode(error, 'EEXIST', 'ENOTEMPTY', 'EPERM') && !isMissingOrEmpty(target)) return false;
    throw error;
  }
}

function isMissingOrEmpty(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return true;
    throw error;
  }
}

/** Copies files byte for byte (CRLF, BOM and all); symbolic links in the template are refused. */
function copyTree(from: string, to: string, top: boolean): void {
  fs.mkdirSync(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (TEMPLATE_ONLY_ANYWHERE.has(entry.name) || (top && TEMPLATE_ONLY_AT_TOP.has(entry.name))) continue;
    const source = path.join(from, entry.name);
    const destination = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, destination, false);
    else if (entry.isFile()) fs.copyFileSync(source, destination, fs.constants.COPYFILE_EXCL);
    else throw new Error(`The demo root template holds ${source}, which is not a file or folder.`);
  }
}

function isCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && 'code' in error && codes.includes(String(error.code));
}
