import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { SystemDriveRoot } from '../root/SystemDriveRoot.js';
import { atomicWriteFile, fsyncDirectory, removeStaleTempFiles } from './atomicWrite.js';
import { withCommitLock } from './commitLock.js';

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
}

const HISTORY_PREFIX = 'CFGHISTORY_';
const MANIFEST = 'history.json';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes config files the way DESIGN asks: under one lock for the root; every file checked against
 * the bytes its change was computed from (a file changed by someone else is never overwritten: the
 * caller gets a conflict); the previous versions saved first to `inetpub/history/CFGHISTORY_NNNNNNNNNN/`
 * as IIS does (the last `maxHistories` kept); then each file replaced atomically. A refused commit
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

  commit(writes: FileWrite[], info: CommitInfo = {}): CommitResult {
    if (writes.length === 0) throw new Error('empty commit');
    return withCommitLock(join(this.historyDir, '.commit.lock'), () => {
      // 1. Everything is checked before anything is written.
      const previous = writes.map((w) => {
        const before = readIfExists(w.path);
        const actual = before ? sha256(before) : '';
        if (actual !== w.expectedHash) {
          throw new ConfigError(
            'CONFLICT',
            `The file ${this.root.relative(w.path)} was changed by someone else since it was read. Reload and apply again.`,
          );
        }
        if (w.bytes && !before && !isDirectory(dirname(w.path))) {
          throw new ConfigError(
            'WRITE_FAILED',
            `Cannot create ${this.root.relative(w.path)}: the folder ${this.root.relative(dirname(w.path))} does not exist.`,
          );
        }
        return before;
      });

      // 2. History first.
      const entry = this.saveHistory(writes, previous, info);

      // 3. Atomic replacement of each file; on a failure, put back the ones already replaced.
      const done: number[] = [];
      try {
        writes.forEach((w, i) => {
          removeStaleTempFiles(w.path);
          if (w.bytes) atomicWriteFile(w.path, w.bytes);
          else if (previous[i]) {
            unlinkSync(w.path);
            fsyncDirectory(dirname(w.path));
          }
          done.push(i);
        });
      } catch (e) {
        for (const i of done) {
          const before = previous[i];
          const w = writes[i]!;
          try {
            if (before) atomicWriteFile(w.path, before);
            else rmSync(w.path, { force: true });
          } catch {
            // the saved copy in history remains the way back
          }
        }
        throw new ConfigError(
          'WRITE_FAILED',
          `Failed to commit configuration changes. ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      this.prune();
      return { history: entry, files: writes.map((w) => w.path) };
    });
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

  private saveHistory(
    writes: FileWrite[],
    previous: Array<Buffer | undefined>,
    info: CommitInfo,
  ): HistoryEntry {
    mkdirSync(this.historyDir, { recursive: true });
    const id = this.nextId();
    const dir = join(this.historyDir, id);
    mkdirSync(dir);
    const files: HistoryFile[] = writes.map((w, i) => {
      const rel = this.root.relative(w.path);
      const before = previous[i];
      if (before) {
        const target = join(dir, 'files', rel);
        mkdirSync(dirname(target), { recursive: true });
        atomicWriteFile(target, before);
      }
      return { path: rel, existed: before !== undefined };
    });
    const entry: HistoryEntry = { id, time: new Date().toISOString(), ...info, files };
    atomicWriteFile(join(dir, MANIFEST), Buffer.from(JSON.stringify(entry, null, 2)));
    return entry;
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

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
