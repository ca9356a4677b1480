import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
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

  get(path: string): ConfigFile {
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        this.entries.delete(path);
        return { path, exists: false, hash: '', text: '' };
      }
      throw new ConfigError('CONFIG_FILE', `Cannot read configuration file ${path}: ${code ?? String(e)}`);
    }
    if (!st.isFile()) {
      return { path, exists: false, hash: '', text: '' };
    }
    const cached = this.entries.get(path);
    if (
      cached &&
      cached.mtimeMs === st.mtimeMs &&
      cached.ctimeMs === st.ctimeMs &&
      cached.size === st.size &&
      cached.ino === st.ino
    ) {
      return cached.file;
    }
    const file = ConfigFileCache.read(path);
    this.entries.set(path, { mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, size: st.size, ino: st.ino, file });
    return file;
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

  clear(): void {
    this.entries.clear();
  }
}
