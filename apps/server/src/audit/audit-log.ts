import { open, stat } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AuditEntry } from '@iis-console/contracts';
import { maskDeep } from '../mask.js';
import { consoleStateDir } from '../paths.js';

/** What a caller records; `time` is added, and every string is masked before it is written. */
export interface AuditRecord {
  user: string;
  action: string;
  via?: string;
  ip?: string;
  target?: string;
  files?: string[];
  diffSummary?: string;
  details?: Record<string, unknown>;
}

const TAIL_CHUNK = 64 * 1024;

/**
 * The audit log: one JSON object per line in `ProgramData/IISConsole/audit.log`, appended and synced,
 * so an entry that was recorded survives a crash. Appends in this process are serialized.
 */
export class AuditLog {
  readonly file: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    this.file = file;
  }

  static forRoot(root: string): AuditLog {
    return new AuditLog(join(consoleStateDir(root), 'audit.log'));
  }

  record(record: AuditRecord): Promise<AuditEntry> {
    const entry = maskDeep({ time: new Date().toISOString(), ...withoutUndefined(record) }) as AuditEntry;
    const line = `${JSON.stringify(entry)}\n`;
    const run = this.#queue.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      const handle = await open(this.file, 'a', 0o600);
      try {
        await handle.write(line);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      return entry;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The last `limit` entries, newest first. Reads the file from its end, so a long log stays cheap. */
  async recent(limit: number): Promise<AuditEntry[]> {
    let size: number;
    try {
      size = (await stat(this.file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const handle = await open(this.file, 'r');
    const entries: AuditEntry[] = [];
    try {
      let position = size;
      let rest = Buffer.alloc(0);
      while (position > 0 && entries.length < limit) {
        const length = Math.min(TAIL_CHUNK, position);
        position -= length;
        const chunk = Buffer.alloc(length);
        await handle.read(chunk, 0, length, position);
        let buffer = Buffer.concat([chunk, rest]);
        let newline = buffer.lastIndexOf(0x0a, buffer.length - 1);
        // Every complete line after the first newline of the buffer can be parsed now.
        while (newline !== -1 && entries.length < limit) {
          const end = buffer.length;
          const lineText = buffer.subarray(newline + 1, end).toString('utf8');
          buffer = buffer.subarray(0, newline);
          pushEntry(entries, lineText);
          newline = buffer.lastIndexOf(0x0a, buffer.length - 1);
        }
        rest = buffer;
      }
      if (position === 0 && entries.length < limit) pushEntry(entries, rest.toString('utf8'));
    } finally {
      await handle.close();
    }
    return entries;
  }
}

function pushEntry(entries: AuditEntry[], line: string): void {
  if (line.trim() === '') return;
  try {
    const parsed = AuditEntry.safeParse(JSON.parse(line));
    if (parsed.success) entries.push(parsed.data);
  } catch {
    // A torn or foreign line: skip it rather than hide every other entry.
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
