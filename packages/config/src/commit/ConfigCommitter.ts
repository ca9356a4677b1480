import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { SystemDriveRoot } from '../root/SystemDriveRoot.js';
import {
  writeFileAtomicSync as atomicWriteFile,
  fsyncDirectorySync as fsyncDirectory,
  removeStaleTempFiles,
} from '@iis-console/atomic-write';
import { withCommitLock } from './commitLock.js';
import { fileAccessError, writeRefusal } from './writeAccess.js';

/** One file of a commit. */
export interface FileWrite {
  /** Absolute path inside the root. */
  path: string;
  /** sha256 of the bytes the change was computed from; '' when the file did not exist. */
  expectedHash: string;
  /** New content, or null to delete the file (a rollback of a file the product created). */
  bytes: Uint8Array | null;
}

export interface HistoryFile {
  /** Root-relative path with forward slashes (`Windows/Microsoft.NET/…/web.config`). */
  path: string;
  /** Whether the file existed before the commit (a saved copy is in the history folder). */
  existed: boolean;
}

export interface HistoryEntry {
  /** `CFGHISTORY_0000000012`. */
  id: string;
  /** ISO time of the commit that saved these versions. */
  time: string;
  user?: string;
  description?: string;
  files: HistoryFile[];
}

export interface CommitInfo {
  user?: string;
  description?: string;
}

export interface CommitResult {
  history: HistoryEntry;
  files: string[];
  /** Each file written, with its stat taken under the commit lock (so a cache may keep what it wrote). */
  written: Array<{ path: string; bytes: Uint8Array; stat: Stats }>;
}

const HISTORY_PREFIX = 'CFGHISTORY_';
const MANIFEST = 'history.json';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes config files as docs/placement-and-locking.md ("Commits and history") describes: under one
 * lock for the root; every file checked against the bytes its change was computed from (a file
 * changed by someone else is never overwritten: the caller gets a conflict); the previous versions
 * saved first to `inetpub/history/CFGHISTORY_NNNNNNNNNN/` as IIS does (the last `maxHistories` kept); then each file replaced atomically. A refused commit
 * changes zero bytes.
 */
export class ConfigCommitter {
  constructor(
    private readonly root: SystemDriveRoot,
    private readonly options: { maxHistories?: number } = {},
  ) {}

  private get historyDir(): string {
    return this.root.historyDir;
  }

  /** Root-relative name of a host path, for messages (as views and the API name files). */
  private readonly name = (path: string): string =>
    this.root.contains(path) ? this.root.relative(path) : path;

  /**
   * Commits the writes, or refuses with a `ConfigError` a user can act on and changes nothing:
   * CONFLICT (changed since read, or in use), TARGET_FOLDER_MISSING, NOT_A_FILE, READ_ONLY,
   * DISK_FULL (the file or the history folder), CONFIG_FILE (a file that cannot be read).
   * WRITE_FAILED only for what nobody can explain (an I/O error): the API's one 500.
   */
  commit(writes: FileWrite[], info: CommitInfo = {}): CommitResult {
    if (writes.length === 0) throw new Error('empty commit');
    try {
      return withCommitLock(join(this.historyDir, '.commit.lock'), () => this.commitLocked(writes, info));
    } catch (e) {
      // Everything under the lock reports ConfigErrors; a bare system error is the lock file itself,
      // which lives in the history folder.
      if (e instanceof ConfigError || !isErrnoError(e)) throw e;
      throw fileAccessError(this.historyDir, 'history', e, this.name);
    }
  }

  private commitLocked(writes: FileWrite[], info: CommitInfo): CommitResult {
    // 1. Everything is checked before anything is written (history included).
    const previous = writes.map((w) => {
      const before = this.readBefore(w.path);
      const actual = before ? sha256(before) : '';
      if (actual !== w.expectedHash) {
        throw Object.assign(
          new ConfigError(
            'CONFLICT',
            `The file ${this.name(w.path)} was changed by someone else since it was read. Reload and apply again.`,
          ),
          { file: this.name(w.path) },
        );
      }
      const refusal = writeRefusal(w.path, w.bytes ? 'write' : 'delete', this.name);
      if (refusal) throw refusal;
      return before;
    });

    // 2. History first.
    const entry = this.saveHistory(writes, previous, info);

    // 3. Atomic replacement of each file; on a failure, put back the ones already replaced.
    const done: number[] = [];
    let failed: FileWrite | undefined;
    try {
      writes.forEach((w, i) => {
        failed = w;
        removeStaleTempFiles(w.path);
        if (w.bytes) atomicWriteFile(w.path, w.bytes);
        else if (previous[i]) {
          unlinkSync(w.path);
          fsyncDirectory(dirname(w.path));
        }
        done.push(i);
      });
    } catch (e) {
      let restored = true;
      for (const i of done) {
        const before = previous[i];
        const w = writes[i]!;
        try {
          if (before) atomicWriteFile(w.path, before);
          else rmSync(w.path, { force: true });
        } catch {
          restored = false; // the saved copy in history remains the way back
        }
      }
      // Nothing changed: the history entry holds nothing worth going back to.
      if (restored) this.removeHistory(entry.id);
      if (e instanceof ConfigError) throw e;
      throw fileAccessError(failed!.path, failed!.bytes ? 'write' : 'delete', e, this.name);
    }
    try {
      this.prune();
    } catch {
      // The change is committed; the next commit prunes again.
    }
    const written: CommitResult['written'] = [];
    for (const w of writes) {
      const stat = w.bytes ? statSync(w.path, { throwIfNoEntry: false }) : undefined;
      if (w.bytes && stat) written.push({ path: w.path, bytes: w.bytes, stat });
    }
    return { history: entry, files: writes.map((w) => w.path), written };
  }

  /** The bytes of a file before the commit (undefined: no file; a folder of that name is refused later). */
  private readBefore(path: string): Buffer | undefined {
    try {
      return readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
      throw fileAccessError(path, 'read', e, this.name);
    }
  }

  private removeHistory(id: string): void {
    try {
      const dir = join(this.historyDir, id);
      rmSync(join(dir, MANIFEST), { force: true });
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a folder without its manifest is not listed, and the next commit removes it
    }
  }

  listHistory(): HistoryEntry[] {
    if (!existsSync(this.historyDir)) return [];
    const entries: HistoryEntry[] = [];
    for (const name of readdirSync(this.historyDir)) {
      if (!name.startsWith(HISTORY_PREFIX)) continue;
      try {
        entries.push(JSON.parse(readFileSync(join(this.historyDir, name, MANIFEST), 'utf8')) as HistoryEntry);
      } catch {
        // a folder without a readable manifest (e.g. made by IIS itself) is not ours to list
      }
    }
    return entries.sort((a, b) => b.id.localeCompare(a.id));
  }

  getHistory(id: string): HistoryEntry {
    if (!/^CFGHISTORY_\d{10}$/.test(id))
      throw new ConfigError('NOT_FOUND', `No configuration history "${id}".`);
    const entry = this.listHistory().find((e) => e.id === id);
    if (!entry) throw new ConfigError('NOT_FOUND', `No configuration history "${id}".`);
    return entry;
  }

  /** The saved bytes of one file of a history entry (undefined when it did not exist then). */
  readHistoryFile(id: string, relPath: string): Uint8Array | undefined {
    const entry = this.getHistory(id);
    const f = entry.files.find((x) => x.path === relPath);
    if (!f) throw new ConfigError('NOT_FOUND', `The history ${id} holds no copy of ${relPath}.`);
    if (!f.existed) return undefined;
    try {
      return readFileSync(join(this.historyDir, id, 'files', relPath));
    } catch {
      // Pruned by another process since it was listed.
      throw new ConfigError('NOT_FOUND', `No configuration history "${id}".`);
    }
  }

  /** Saves the versions a commit replaces; a refusal of the file system names the history folder. */
  private saveHistory(
    writes: FileWrite[],
    previous: Array<Buffer | undefined>,
    info: CommitInfo,
  ): HistoryEntry {
    let dir: string | undefined;
    try {
      mkdirSync(this.historyDir, { recursive: true });
      const id = this.nextId();
      dir = join(this.historyDir, id);
      mkdirSync(dir);
      const files: HistoryFile[] = writes.map((w, i) => {
        const rel = this.root.relative(w.path);
        const before = previous[i];
        if (before) {
          const target = join(dir!, 'files', rel);
          mkdirSync(dirname(target), { recursive: true });
          atomicWriteFile(target, before);
        }
        return { path: rel, existed: before !== undefined };
      });
      const entry: HistoryEntry = { id, time: new Date().toISOString(), ...info, files };
      atomicWriteFile(join(dir, MANIFEST), Buffer.from(JSON.stringify(entry, null, 2)));
      return entry;
    } catch (e) {
      if (dir !== undefined) this.removeHistory(dir.slice(this.historyDir.length + 1));
      if (e instanceof ConfigError) throw e;
      throw fileAccessError(this.historyDir, 'history', e, this.name);
    }
  }

  private nextId(): string {
    let max = 0;
    for (const name of readdirSync(this.historyDir)) {
      if (name.startsWith(HISTORY_PREFIX))
        max = Math.max(max, Number(name.slice(HISTORY_PREFIX.length)) || 0);
    }
    return HISTORY_PREFIX + String(max + 1).padStart(10, '0');
  }

  /**
   * Keeps the newest `maxHistories` entries. An entry is taken out of the list first (its manifest
   * renamed away) and only then deleted, so a crash in the middle never leaves a listed entry with
   * missing files. Runs under the commit lock: folders left by a crashed commit or prune (no manifest)
   * are removed too.
   */
  private prune(): void {
    const keep = this.options.maxHistories ?? 10;
    const names = readdirSync(this.historyDir)
      .filter((n) => n.startsWith(HISTORY_PREFIX))
      .sort();
    const listed = names.filter((n) => existsSync(join(this.historyDir, n, MANIFEST)));
    const doomed = new Set([
      ...listed.slice(0, Math.max(0, listed.length - keep)),
      ...names.filter((n) => !listed.includes(n)),
    ]);
    for (const name of doomed) {
      const dir = join(this.historyDir, name);
      rmSync(join(dir, MANIFEST), { force: true });
      fsyncDirectory(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function isErrnoError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}
