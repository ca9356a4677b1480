import { unlink } from 'node:fs/promises';
import { writeFileAtomic } from '@iis-console/atomic-write';
import type { StateServer, StateServerCounters } from './StateServer.js';
import type { StoreStatus } from './StateStore.js';
import { maskStoreUrl } from './storeUrl.js';

/**
 * What the `aspnet-state` bin publishes with `--status-file` (a few hundred bytes, replaced as a
 * whole): who it is, where it listens, the settings it started with and its counters. The console
 * reads it to tell its own process from a recycled pid and to show the counters.
 */
export interface StateServerStatus {
  /** Format version of this file. */
  version: 1;
  pid: number;
  /** Listening addresses, e.g. `127.0.0.1:42424`, `[::1]:42424`. */
  listening: string[];
  /** ISO time the listener was bound. */
  startedAt: string;
  /** ISO time of this write (every `intervalMs`). */
  updatedAt: string;
  settings: {
    port: number;
    allowRemoteConnection: boolean;
    socketTimeout: number;
    maxBodySize: number;
    /** The store setting with any password masked (absent in files of older versions). */
    store?: string;
    keyPrefix?: string;
  };
  counters: StateServerCounters;
  /** The store's kind and health (absent in files of older versions). */
  store?: StoreStatus;
}

/** Default interval between status writes. */
export const STATUS_FILE_INTERVAL_MS = 1000;

export interface StatusFileWriter {
  /** Writes now (the timer also writes every interval). */
  write(): Promise<void>;
  /** Stops the timer and removes the file, so that a stopped service leaves no status behind. */
  close(): Promise<void>;
}

/** Reads a status file's JSON; undefined when it is not one (a torn or foreign file is never trusted). */
export function parseStateServerStatus(text: string): StateServerStatus | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const status = value as Partial<StateServerStatus>;
  if (
    status.version !== 1 ||
    !Number.isInteger(status.pid) ||
    !Array.isArray(status.listening) ||
    typeof status.startedAt !== 'string' ||
    typeof status.updatedAt !== 'string' ||
    typeof status.settings !== 'object' ||
    status.settings === null ||
    typeof status.counters !== 'object' ||
    status.counters === null
  ) {
    return undefined;
  }
  return status as StateServerStatus;
}

/**
 * Publishes the server's status to `file` now and every `intervalMs`, replaced atomically
 * (@iis-console/atomic-write), so a reader sees a whole file or the previous one. A write that
 * fails (disk full, directory gone) is skipped, never fatal, and reported once through `onError`;
 * a write still in progress makes the next tick skip. The timer does not keep the process alive.
 */
export function startStatusFile(
  server: StateServer,
  file: string,
  options: { intervalMs?: number; onError?: (error: Error) => void; now?: () => Date } = {},
): StatusFileWriter {
  const intervalMs = options.intervalMs ?? STATUS_FILE_INTERVAL_MS;
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  let reported = false;
  let closed = false;
  let pending: Promise<void> | undefined;

  const snapshot = (): StateServerStatus => {
    const { port, allowRemoteConnection, socketTimeout, maxBodySize, store, keyPrefix } = server.settings;
    return {
      version: 1,
      pid: process.pid,
      listening: server
        .addresses()
        .map((a) => (a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`)),
      startedAt,
      updatedAt: now().toISOString(),
      settings: {
        port,
        allowRemoteConnection,
        socketTimeout,
        maxBodySize,
        store: maskStoreUrl(store),
        keyPrefix,
      },
      counters: server.counters(),
      store: server.storeStatus(),
    };
  };

  const write = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (pending) return pending;
    pending = (async () => {
      try {
        await writeFileAtomic(file, `${JSON.stringify(snapshot())}\n`, { mode: 0o600 });
      } catch (error) {
        if (!reported) {
          reported = true;
          options.onError?.(error as Error);
        }
      }
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const timer = setInterval(() => void write(), intervalMs);
  timer.unref();
  void write();

  return {
    write,
    async close() {
      clearInterval(timer);
      await pending;
      closed = true;
      await unlink(file).catch(() => undefined);
    },
  };
}
