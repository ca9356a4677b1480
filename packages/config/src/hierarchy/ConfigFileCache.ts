import { hash as digest } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync, watch } from 'node:fs';
import type { FSWatcher, Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigFileError, FileAccessError } from '../errors.js';
import { ConfigDocument } from '../xml/ConfigDocument.js';
import { decodeConfigText } from '../xml/decodeConfigText.js';

/** One config file as read from disk: its text and parse, or the reason it cannot be used. */
export interface ConfigFile {
  /** Absolute path on this host. */
  path: string;
  exists: boolean;
  /** sha256 of the bytes ('' when missing): identifies the content a view was computed from. */
  hash: string;
  text: string;
  /** The parsed document; undefined when the file is missing or unreadable. */
  doc?: ConfigDocument;
  /** Why the file cannot be used (malformed, hostile, wrong encoding). Such a file is never written. */
  error?: ConfigFileError;
}

interface Entry {
  mtimeMs: number;
  size: number;
  ino: number;
  ctimeMs: number;
  file: ConfigFile;
}

/**
 * Reads and parses config files, keeping parses for as long as the file on disk is unchanged (same
 * mtime, ctime, size and inode). Every `get` checks the file again, so an edit made by anyone else
 * (a text editor, appcmd, another console) is seen by the next read: there is no stale cache.
 */
export class ConfigFileCache {
  private readonly entries = new Map<string, Entry>();
  /** Names a file in errors (the configuration system names them root-relative). */
  private readonly name: (path: string) => string;

  /**
   * With `watch`, the folder of every file read is watched (fs.watch: inotify, FSEvents,
   * ReadDirectoryChangesW): a file no event has named since it was read is current without a stat.
   * A folder that cannot be watched (no support, too many watches) falls back to one stat per check.
   */
  private readonly watching: boolean;
  /** Folder → its watcher, or null where watching failed (those files are stat'ed). */
  private readonly watchers = new Map<string, FSWatcher | null>();
  /** Paths an event named since they were last read. */
  private readonly changed = new Set<string>();
  /** Counts events (and folders that could not be watched); see `quietSince`. */
  private events = 0;
  private unwatched = 0;

  constructor(options: { name?: (path: string) => string; watch?: boolean } = {}) {
    this.name = options.name ?? ((path) => path);
    this.watching = options.watch === true;
  }

  /**
   * A mark of "nothing changed": equal marks mean no event named any file since, so every file read
   * is still current. Undefined when not watching, or when a folder is not watched (stat it instead).
   */
  quietMark(): number | undefined {
    if (!this.watching || this.unwatched > 0) return undefined;
    return this.events;
  }

  /** Stops every watcher (a cache that watches must be closed). */
  close(): void {
    for (const w of this.watchers.values()) w?.close();
    this.watchers.clear();
  }

  /** True when the folder's watcher says nothing happened to the file since it was read. */
  private quiet(path: string): boolean {
    if (!this.watching) return false;
    const dir = dirname(path);
    const w = this.watchers.get(dir);
    return w !== undefined && w !== null && !this.changed.has(path);
  }

  private watchFolderOf(path: string): void {
    if (!this.watching) return;
    const dir = dirname(path);
    this.changed.delete(path);
    if (this.watchers.has(dir)) return;
    const everyFileOf = () => {
      for (const p of this.entries.keys()) if (dirname(p) === dir) this.changed.add(p);
    };
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        const file = name?.toString();
        this.events++;
        if (file && file !== basename(dir)) {
          this.changed.add(join(dir, file));
          return;
        }
        // No name, or the folder itself moved: nothing in it is known any more; watch it anew.
        everyFileOf();
        w.close();
        this.watchers.delete(dir);
      });
      w.on('error', () => {
        everyFileOf();
        w.close();
        this.watchers.set(dir, null);
        this.events++;
        this.unwatched++;
      });
      this.watchers.set(dir, w);
    } catch {
      this.watchers.set(dir, null);
      this.unwatched++;
    }
  }
  /** Files already checked during the current pass (one view or one overview computes from one state). */
  private pass?: Map<string, ConfigFile>;

  /**
   * Runs `fn` as one pass: each file is checked on disk once, and every later `get` of it in the pass
   * returns that same version, so one answer is computed from one consistent set of files.
   */
  withPass<T>(fn: () => T): T {
    if (this.pass) return fn();
    this.pass = new Map();
    try {
      return fn();
    } finally {
      this.pass = undefined;
    }
  }

  /**
   * Within a pass: later `get`s of `file.path` return `file` (a planned, not yet written version), so a
   * second edit of one commit is planned on top of the first.
   */
  substitute(file: ConfigFile): void {
    if (!this.pass) throw new Error('substitute() is only valid inside withPass()');
    this.pass.set(file.path, file);
  }

  /**
   * Keeps a version this process has just written (its bytes, parse and the stat taken right after
   * the write, under the commit lock), so the next read does not parse it again. Any later change on
   * disk has another stat signature and is read as usual.
   */
  prime(path: string, bytes: Uint8Array, doc: ConfigDocument, st: Stats): void {
    const file: ConfigFile = {
      path,
      exists: true,
      hash: digest('sha256', bytes, 'hex'),
      text: doc.text,
      doc,
    };
    this.entries.set(path, { mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, size: st.size, ino: st.ino, file });
    this.pass?.delete(path);
    // Our own write raised events for this file: they are about this version, which is now kept.
    this.changed.add(path);
    this.events++;
  }

  get(path: string): ConfigFile {
    const seen = this.pass?.get(path);
    if (seen) return seen;
    const file = this.check(path);
    this.pass?.set(path, file);
    return file;
  }

  /**
   * True when `file` is still what is on disk (same stat signature, or still missing). Cheaper than
   * `get` for callers that keep their own results per file version.
   */
  isCurrent(file: ConfigFile): boolean {
    const entry = this.entries.get(file.path);
    if (!entry || entry.file !== file) return false;
    if (this.quiet(file.path)) return true;
    const st = this.stat(file.path);
    return sameSignature(entry, st);
  }

  private check(path: string): ConfigFile {
    const cached = this.entries.get(path);
    if (cached && this.quiet(path)) return cached.file;
    if (cached) {
      const st = this.stat(path);
      this.watchFolderOf(path);
      if (sameSignature(cached, st)) return cached.file;
    } else {
      this.watchFolderOf(path);
    }
    // The signature kept is the one of the descriptor read: a change during the read shows next time.
    const { file, st } = ConfigFileCache.readWithStat(path, this.name);
    this.entries.set(path, {
      mtimeMs: st?.mtimeMs ?? -1,
      ctimeMs: st?.ctimeMs ?? -1,
      size: st?.size ?? -1,
      ino: st?.ino ?? -1,
      file,
    });
    return file;
  }

  /** The file's stat, or undefined when there is no regular file at the path. */
  private stat(path: string): Stats | undefined {
    try {
      const st = statSync(path, { throwIfNoEntry: false });
      return st?.isFile() ? st : undefined;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') return undefined;
      throw unreadable(this.name(path), e);
    }
  }

  /**
   * Reads a file without the cache (used right before a write, to compare with what a view saw).
   * A file the system does not let us read is a `FileAccessError` (CONFIG_FILE) named by `name`.
   */
  static read(path: string, name: (path: string) => string = (p) => p): ConfigFile {
    return ConfigFileCache.readWithStat(path, name).file;
  }

  /**
   * Reads a file with the stat of the descriptor it was read from (open, fstat, read, close: one
   * stat fewer than stat-then-read, and no window between them). No regular file at the path (or a
   * folder on the way that is a file) reads as missing.
   */
  private static readWithStat(
    path: string,
    name: (path: string) => string,
  ): { file: ConfigFile; st?: Stats } {
    const missing = { file: { path, exists: false, hash: '', text: '' } };
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return missing;
      throw unreadable(name(path), e);
    }
    let bytes: Buffer;
    let st: Stats;
    try {
      st = fstatSync(fd);
      if (!st.isFile()) return missing;
      bytes = readAll(fd, st.size);
    } catch (e) {
      throw unreadable(name(path), e);
    } finally {
      closeSync(fd);
    }
    // One-shot digest: no Hash object per file (thousands of them on a cold overview).
    const hash = digest('sha256', bytes, 'hex');
    try {
      const text = decodeConfigText(bytes, path);
      return { file: { path, exists: true, hash, text, doc: ConfigDocument.parse(text, path) }, st };
    } catch (e) {
      if (e instanceof ConfigFileError) return { file: { path, exists: true, hash, text: '', error: e }, st };
      throw e;
    }
  }
}

/** The `size` bytes of an open file (fewer if it shrank meanwhile). */
function readAll(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const n = readSync(fd, bytes, done, size - done, null);
    if (n === 0) return bytes.subarray(0, done);
    done += n;
  }
  return bytes;
}

function unreadable(file: string, e: unknown): FileAccessError {
  const code = (e as NodeJS.ErrnoException).code;
  return new FileAccessError({
    file,
    operation: 'read',
    problem: code === 'EACCES' || code === 'EPERM' ? 'access-denied' : 'failed',
    ...(code ? { errno: code } : {}),
    cause: e,
  });
}

function sameSignature(entry: Entry, st: Stats | undefined): boolean {
  if (!st) return entry.ino === -1;
  return (
    entry.mtimeMs === st.mtimeMs &&
    entry.ctimeMs === st.ctimeMs &&
    entry.size === st.size &&
    entry.ino === st.ino
  );
}
