// The sites overview in its own thread: computing the effective session state of 10,000 sites (seconds
// when cold, a stat per file when warm) never blocks the API's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { AdvisedOverview, ConfigError, ConfigFileError, ConfigurationSystem } from '@iis-console/config';
import type { AdvisedOverviewQuery as OverviewQuery } from '@iis-console/config';

// Folders are watched: a query checks only the files an event named since the last one (no stat per
// file of 10,000 sites). Queries are answered after the events that arrived with them (see drain).
const overview = new AdvisedOverview(
  new ConfigurationSystem((workerData as { root: string }).root, { watchFiles: true }),
);

// Compute every level once at start, so the first Sites view does not wait for it.
setImmediate(() => {
  try {
    overview.entries();
  } catch {
    // reported to the queries
  }
});

// Queries that arrive while one check of the files runs are answered together by the next check: each
// answer still reflects the files as they were after its request arrived.
const queue: Array<{ id: number; query: OverviewQuery }> = [];

parentPort?.on('message', (message: { id: number; query: OverviewQuery }) => {
  queue.push(message);
  if (queue.length === 1) setImmediate(drain);
});

function drain(): void {
  const batch = queue.splice(0);
  try {
    const results = overview.queryAll(batch.map((m) => m.query));
    batch.forEach((m, i) => parentPort?.postMessage({ id: m.id, result: results[i] }));
  } catch (e) {
    const error = serializeError(e);
    for (const m of batch) parentPort?.postMessage({ id: m.id, error });
  }
}

export function serializeError(e: unknown): Record<string, unknown> {
  if (e instanceof ConfigFileError)
    return { kind: 'file', code: e.code, file: e.file, line: e.line, column: e.column, reason: e.reason };
  if (e instanceof ConfigError) {
    // A refusal that names a file (FileAccessError, CONFLICT) keeps it for the API's `file`.
    const file = (e as ConfigError & { file?: unknown }).file;
    return {
      kind: 'config',
      code: e.code,
      message: e.message,
      ...(typeof file === 'string' ? { file } : {}),
    };
  }
  return { kind: 'other', message: (e as Error)?.message ?? String(e) };
}
