import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { writeFileAtomic } from '@iis-console/atomic-write';

/**
 * A small JSON document on disk, validated on every read. Reads are cached until the file's size or
 * modification time changes (another process, such as the users CLI, may write it); updates in this
 * process are serialized and written atomically.
 */
export class JsonFile<T> {
  readonly #file: string;
  readonly #schema: z.ZodType<T>;
  readonly #empty: () => T;
  #cache: { key: string; value: T } | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string, schema: z.ZodType<T>, empty: () => T) {
    this.#file = file;
    this.#schema = schema;
    this.#empty = empty;
  }

  get file(): string {
    return this.#file;
  }

  async read(): Promise<T> {
    // Every authenticated request reads users and tokens: a synchronous stat of a local file is a
    // few microseconds of CPU, several times less than the promise API's round trip through the
    // thread pool.
    const info = statSync(this.#file, { throwIfNoEntry: false });
    if (info === undefined) return this.#empty();
    const key = `${info.size}:${info.mtimeMs}:${info.ino}`;
    if (this.#cache?.key === key) return structuredClone(this.#cache.value);
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return this.#empty();
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`${this.#file} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = this.#schema.safeParse(json);
    if (!parsed.success) throw new Error(`${this.#file} has an unexpected shape: ${parsed.error.message}`);
    this.#cache = { key, value: parsed.data };
    return structuredClone(parsed.data);
  }

  /** Reads, applies `change` and writes the result; calls in this process run one after another. */
  update<R>(change: (data: T) => { data: T; result: R } | Promise<{ data: T; result: R }>): Promise<R> {
    const run = this.#queue.then(async () => {
      const { data, result } = await change(await this.read());
      await writeFileAtomic(this.#file, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, mkdir: true });
      this.#cache = undefined;
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
