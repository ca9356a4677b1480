// The one way this project replaces a file: a temporary file in the same folder, written and fsynced,
// renamed over the target, then the folder fsynced. Readers see the old or the new file, never a mix;
// a crash at any point leaves the old file (or, after the rename, the new one) intact. A failed write
// removes its temporary file and leaves the target untouched.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permissions of the new file (before the umask). Default 0o644; use 0o600 for secrets. */
  mode?: number;
  /** Create the folder (and its parents) when it is missing. Default false: a missing folder fails. */
  mkdir?: boolean;
}

const DEFAULT_MODE = 0o644;

/** `.<name>.<12 hex digits>.tmp` beside `path`: the name removeStaleTempFiles recognises. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** Replaces `path` with `data` atomically and durably (synchronous). */
export function writeFileAtomicSync(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const dir = dirname(path);
  if (options.mkdir) mkdirSync(dir, { recursive: true });
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'wx', options.mode ?? DEFAULT_MODE);
  try {
    const bytes = toBytes(data);
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkQuietlySync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkQuietlySync(temp);
    throw error;
  }
  fsyncDirectorySync(dir);
}

/** Replaces `path` with `data` atomically and durably (asynchronous; same steps as the sync variant). */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  if (options.mkdir) await mkdir(dir, { recursive: true });
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx', options.mode ?? DEFAULT_MODE);
  try {
    try {
      await handle.writeFile(toBytes(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(dir);
}

/**
 * Makes a rename in `dir` durable. Windows cannot open a folder for fsync (nor can some file
 * systems); there the rename is as durable as it gets, so a failure here is ignored.
 */
export function fsyncDirectorySync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not supported on this platform or file system
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The asynchronous fsyncDirectorySync. */
export async function fsyncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported on this platform or file system
  }
}

function unlinkQuietlySync(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * Removes temporary files of `path` left by a process killed mid-write (`.<name>.<hex>.tmp`, older
 * than a minute, so that a write in progress elsewhere is never touched). Call it where writes to
 * `path` are serialised (the configuration system calls it under its commit lock).
 */
export function removeStaleTempFiles(path: string, now = Date.now()): void {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length))) continue;
    const p = join(dir, name);
    try {
      if (now - statSync(p).mtimeMs > 60_000) unlinkSync(p);
    } catch {
      // gone already
    }
  }
}
