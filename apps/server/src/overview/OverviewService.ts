import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AdvisedOverview, ConfigError, ConfigFileError } from '@iis-console/config';
import type { AdvisedOverviewEntry, AdvisedOverviewQuery, ConfigurationSystem } from '@iis-console/config';

type Result = { items: AdvisedOverviewEntry[]; total: number };

/**
 * Answers overview queries from a worker thread (its own configuration system over the same root, so
 * every answer re-checks the files on disk). Where the compiled worker is not available (running the
 * TypeScript sources), the overview runs in-process.
 */
export class OverviewService {
  private worker?: Worker;
  private readonly local?: AdvisedOverview;
  private readonly pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(root: string, system: ConfigurationSystem) {
    const script = fileURLToPath(new URL('./overviewWorker.js', import.meta.url));
    if (existsSync(script) && !script.endsWith('.ts')) {
      // No inherited flags: the worker resolves the compiled packages, whatever its parent runs with.
      this.worker = new Worker(script, { workerData: { root }, execArgv: [] });
      this.worker.on('message', (m: { id: number; result?: Result; error?: Record<string, unknown> }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error) p.reject(deserializeError(m.error));
        else p.resolve(m.result!);
      });
      this.worker.on('error', (e) => this.failAll(e));
      this.worker.on('exit', () => this.failAll(new Error('The overview worker stopped.')));
      this.worker.unref();
    } else {
      this.local = new AdvisedOverview(system);
    }
  }

  query(q: AdvisedOverviewQuery): Promise<Result> {
    if (this.local) return Promise.resolve(this.local.query(q));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, query: q });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

function deserializeError(e: Record<string, unknown>): Error {
  if (e.kind === 'file')
    return new ConfigFileError(String(e.file), Number(e.line), Number(e.column), String(e.reason));
  if (e.kind === 'config') {
    const error = new ConfigError(e.code as ConfigError['code'], String(e.message));
    return typeof e.file === 'string' ? Object.assign(error, { file: e.file }) : error;
  }
  return new Error(String(e.message));
}
