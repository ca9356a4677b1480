import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { ConfigError, ConfigFileError } from '../errors.js';
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
    const st = this.stat(file.path);
    return sameSignature(entry, st);
  }

  private check(path: string): ConfigFile {
    const st = this.stat(path);
    const cached = this.entries.get(path);
    if (cached && sameSignature(cached, st)) return cached.file;
    const file = st ? ConfigFileCache.read(path) : { path, exists: false, hash: '', text: '' };
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
      throw new ConfigError('CONFIG_FILE', `Cannot read configuration file ${path}: ${code ?? String(e)}`);
    }
  }

  /** Reads a file without the cache (used right before a write, to compare with what a view saw). */
  static read(path: string): ConfigFile {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { path, exists: false, hash: '', text: '' };
      throw new ConfigError('CONFIG_FILE', `Cannot read configuration file ${path}: ${code ?? String(e)}`);
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    try {
      const text = decodeConfigText(bytes, path);
      return { path, exists: true, hash, text, doc: ConfigDocument.parse(text, path) };
    } catch (e) {
      if (e instanceof ConfigFileError) return { path, exists: true, hash, text: '', error: e };
      throw e;
    }
  }
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
