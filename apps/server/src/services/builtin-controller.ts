import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  StateServiceSettings,
  type ServiceStatus,
  type StateServiceCounters,
  type StateServicePatch,
  type StateServiceResponse,
  type StateServiceStore,
} from '@iis-console/contracts';
import {
  maskStoreUrl,
  parseStateServerStatus,
  REDIS_PASSWORD_VARIABLE,
  splitStorePassword,
  type StateServerStatus,
} from '@iis-console/state-server';
import { writeFileAtomic } from '@iis-console/atomic-write';
import { repoRoot } from '../paths.js';
import {
  SERVICE_ERRORS,
  ServiceError,
  sameSettings,
  STATE_SERVICE_DISPLAY_NAME,
  STATE_SERVICE_NAME,
  type StateServiceController,
} from './controller.js';
import {
  delay,
  hasProcFs,
  probePort,
  processExists,
  readProcCmdline,
  readProcStat,
  signalProcess,
} from './process-probe.js';
import { servicesDir, StateServiceConfigStore, type StateServiceConfig } from './settings-store.js';
import { OperationQueue } from './OperationQueue.js';

/** The state service's executable (packages/state-server/bin/aspnet-state.js). */
export const DEFAULT_STATE_SERVER_BIN = join(repoRoot, 'packages', 'state-server', 'bin', 'aspnet-state.js');
/** What the bin loads; present once `tsc -b packages/state-server` (npm run build) has run. */
const DEFAULT_STATE_SERVER_MAIN = join(repoRoot, 'packages', 'state-server', 'dist', 'main.js');

export interface BuiltinStateServiceControllerOptions {
  /** The system drive root: state lives in `ProgramData/IISConsole/services`. */
  root: string;
  /** The state service's bin (default: packages/state-server/bin/aspnet-state.js). */
  bin?: string;
  /** The Node.js executable that runs it (default: this one). */
  execPath?: string;
  /** How long `start` waits for the listener before answering StartPending (default 15 s). */
  startTimeoutMs?: number;
  /** How long `stop` waits after SIGTERM before SIGKILL (default 10 s). */
  stopTimeoutMs?: number;
  /** How often the process and port are checked while starting or stopping (default 50 ms). */
  pollIntervalMs?: number;
  /** The service's log (its stdout and stderr) is moved aside at a start once larger (default 1 MiB). */
  maxLogBytes?: number;
}

/**
 * `aspnet_state.json`: the process this console started. With the pid it keeps what identifies the
 * process (its start time in /proc, the bin and status file on its command line), so that a pid the
 * system has since given to another process is not taken for the service.
 */
const ProcessRecord = z.object({
  pid: z.number().int().positive(),
  execPath: z.string(),
  bin: z.string(),
  statusFile: z.string(),
  logFile: z.string(),
  /** Size of the log when the process was started: what it wrote since starts here. */
  logOffset: z.number().int().min(0),
  /** `/proc/<pid>/stat` field 22, where there is a /proc. */
  procStartTime: z.string().optional(),
  settings: StateServiceSettings,
  startedAt: z.string(),
  /** Set when a stop was requested: the process is StopPending until it has gone. */
  stopRequestedAt: z.string().optional(),
});
type ProcessRecord = z.infer<typeof ProcessRecord>;

interface Observation {
  record: ProcessRecord | undefined;
  /** The recorded process is alive and is the one that was started. */
  alive: boolean;
  /** Its last published status (only when alive and written by that pid). */
  status: StateServerStatus | undefined;
}

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Without /proc, a status file older than this no longer vouches for the pid. */
const STATUS_STALE_MS = 10_000;
/** Environment variables never handed to the long-lived service process. */
const PRIVATE_ENV = /^(IISCONSOLE_|NODE_OPTIONS$)|PASSWORD|SECRET|TOKEN|CREDENTIAL/i;
/** Exit information kept for this many of the latest processes started here. */
const MAX_EXITS = 16;

/**
 * The product's own state service (docs/state-protocol.md §10, Linux and any host without
 * aspnet_state): `packages/state-server`'s bin in a detached process of its own, so it outlives a
 * restart of the console as a Windows service outlives IIS Manager. It is tracked by its pid file;
 * its status is read from the process and its port (docs/state-protocol.md §10.3):
 *
 * - Stopped: no process (none recorded, or the recorded one has gone);
 * - StartPending: the process lives but does not accept connections yet;
 * - Running: it published its listening status and 127.0.0.1:<port> accepts a connection;
 * - StopPending: a stop was requested and the process has not ended yet.
 */
export class BuiltinStateServiceController implements StateServiceController {
  readonly kind = 'builtin' as const;
  readonly #config: StateServiceConfigStore;
  readonly #dir: string;
  readonly #recordFile: string;
  readonly #statusFile: string;
  readonly #logFile: string;
  readonly #bin: string;
  readonly #execPath: string;
  readonly #startTimeoutMs: number;
  readonly #stopTimeoutMs: number;
  readonly #pollIntervalMs: number;
  readonly #maxLogBytes: number;
  /** Exits of processes started by this object (their exit code is known only to their parent). */
  readonly #exits = new Map<number, Promise<ExitInfo>>();
  /** The operation in progress in this object, so that a read during it says Start/StopPending. */
  #operation: 'start' | 'stop' | undefined;
  readonly #operations = new OperationQueue();

  constructor(options: BuiltinStateServiceControllerOptions) {
    this.#dir = servicesDir(options.root);
    this.#config = StateServiceConfigStore.forRoot(options.root);
    this.#recordFile = join(this.#dir, `${STATE_SERVICE_NAME}.json`);
    this.#statusFile = join(this.#dir, `${STATE_SERVICE_NAME}.status.json`);
    this.#logFile = join(this.#dir, `${STATE_SERVICE_NAME}.log`);
    this.#bin = options.bin ?? DEFAULT_STATE_SERVER_BIN;
    this.#execPath = options.execPath ?? process.execPath;
    this.#startTimeoutMs = options.startTimeoutMs ?? 15_000;
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 50;
    this.#maxLogBytes = options.maxLogBytes ?? 1024 * 1024;
  }

  /** Files this controller keeps: the pid file, the status the process publishes, its log. */
  get files(): { settings: string; pid: string; status: string; log: string } {
    return {
      settings: this.#config.file,
      pid: this.#recordFile,
      status: this.#statusFile,
      log: this.#logFile,
    };
  }

  async describe(): Promise<StateServiceResponse> {
    const [config, observation] = await Promise.all([this.#config.read(), this.#observe()]);
    return this.#describe(config, observation);
  }

  start(): Promise<StateServiceResponse> {
    return this.#operations.run(async () => {
      const config = await this.#config.read();
      if (config.startupType === 'Disabled') throw ServiceError.of(1058);
      if ((await this.#observe()).alive) throw ServiceError.of(1056);
      await this.#start(config);
      return this.describe();
    });
  }

  stop(): Promise<StateServiceResponse> {
    return this.#operations.run(async () => {
      const { record, alive } = await this.#observe();
      if (!alive || record === undefined) throw ServiceError.of(1062);
      await this.#stop(record);
      return this.describe();
    });
  }

  restart(): Promise<StateServiceResponse> {
    return this.#operations.run(async () => {
      const config = await this.#config.read();
      if (config.startupType === 'Disabled') throw ServiceError.of(1058);
      const { record, alive } = await this.#observe();
      if (alive && record !== undefined) await this.#stop(record);
      await this.#start(config);
      return this.describe();
    });
  }

  async configure(patch: StateServicePatch): Promise<StateServiceResponse> {
    const saved = (await this.#config.read()).settings.store;
    // The page shows the store with its password masked; sending that back changes nothing.
    const unmasked =
      patch.store !== undefined && saved !== undefined && patch.store === maskStoreUrl(saved)
        ? { ...patch, store: saved }
        : patch;
    await this.#config.update(unmasked);
    return this.describe();
  }

  /**
   * The store URL a Test should dial: the saved one (with its password) when `store` is its masked
   * form, else `store` as typed.
   */
  async resolveStore(store: string): Promise<string> {
    const saved = (await this.#config.read()).settings.store;
    return saved !== undefined && store === maskStoreUrl(saved) ? saved : store;
  }

  startIfAutomatic(): Promise<'started' | 'already-running' | 'not-automatic'> {
    return this.#operations.run(async () => {
      const config = await this.#config.read();
      if (config.startupType !== 'Automatic') return 'not-automatic';
      if ((await this.#observe()).alive) return 'already-running';
      await this.#start(config);
      return 'started';
    });
  }

  async close(): Promise<void> {
    await this.#operations.idle();
  }

  // ---------------------------------------------------------------------------------------------

  async #describe(config: StateServiceConfig, observation: Observation): Promise<StateServiceResponse> {
    const { record, alive, status } = observation;
    let state: ServiceStatus;
    let lastFailure: string | undefined;
    if (record === undefined || !alive) {
      state = this.#operation === 'start' ? 'StartPending' : 'Stopped';
      // Gone without being asked to stop: it ended on its own (or never managed to listen).
      if (record !== undefined && record.stopRequestedAt === undefined && this.#operation === undefined) {
        lastFailure = await this.#failureOf(record);
      }
    } else if (record.stopRequestedAt !== undefined || this.#operation === 'stop') {
      state = 'StopPending';
    } else if (status !== undefined && (await probePort('127.0.0.1', record.settings.port))) {
      state = 'Running';
    } else {
      state = 'StartPending';
    }
    const running = alive ? record : undefined;
    return {
      name: STATE_SERVICE_NAME,
      displayName: STATE_SERVICE_DISPLAY_NAME,
      status: state,
      startupType: config.startupType,
      settings: masked(config.settings),
      runningSettings: running === undefined ? null : masked(running.settings),
      pid: running?.pid ?? null,
      controller: 'builtin',
      counters: state === 'Running' && status !== undefined ? toCounters(status.counters) : null,
      store: state === 'Running' && status?.store !== undefined ? toStore(status.store) : null,
      restartRequired: running !== undefined && !sameSettings(running.settings, config.settings),
      ...(lastFailure !== undefined ? { lastFailure } : {}),
    };
  }

  async #observe(): Promise<Observation> {
    const record = await this.#readRecord();
    if (record === undefined) return { record, alive: false, status: undefined };
    const status = await this.#readStatus(record);
    const alive = await this.#isRecordedProcess(record, status);
    return { record, alive, status: alive ? status : undefined };
  }

  /** Whether the recorded pid is still the process that was started (not a recycled pid). */
  async #isRecordedProcess(record: ProcessRecord, status: StateServerStatus | undefined): Promise<boolean> {
    if (hasProcFs) {
      const procStat = await readProcStat(record.pid);
      if (procStat === undefined || procStat.state === 'Z' || procStat.state === 'X') return false;
      if (record.procStartTime !== undefined && procStat.startTime !== record.procStartTime) return false;
      const args = await readProcCmdline(record.pid);
      return args !== undefined && args.includes(record.bin) && args.includes(record.statusFile);
    }
    if (!processExists(record.pid)) return false;
    // No /proc: the status file the process itself keeps writing vouches for its pid; before it is
    // first written (starting) and after it is removed (stopping) the record is trusted for as long
    // as a start or a stop may take.
    if (status !== undefined) return Date.now() - Date.parse(status.updatedAt) < STATUS_STALE_MS;
    const since = Date.parse(record.stopRequestedAt ?? record.startedAt);
    return Date.now() - since < this.#startTimeoutMs + this.#stopTimeoutMs + STATUS_STALE_MS;
  }

  async #readRecord(): Promise<ProcessRecord | undefined> {
    const json = await readJson(this.#recordFile);
    const parsed = ProcessRecord.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  }

  /** The status file, if the recorded process wrote it. */
  async #readStatus(record: ProcessRecord): Promise<StateServerStatus | undefined> {
    let text: string;
    try {
      text = await readFile(record.statusFile, 'utf8');
    } catch {
      return undefined;
    }
    const status = parseStateServerStatus(text);
    return status?.pid === record.pid ? status : undefined;
  }

  async #start(config: StateServiceConfig): Promise<void> {
    this.#operation = 'start';
    try {
      const record = await this.#spawn(config);
      await this.#waitUntilListening(record);
    } finally {
      this.#operation = undefined;
    }
  }

  async #spawn(config: StateServiceConfig): Promise<ProcessRecord> {
    if (!existsSync(this.#bin)) throw ServiceError.of(2, `(${this.#bin})`);
    if (this.#bin === DEFAULT_STATE_SERVER_BIN && !existsSync(DEFAULT_STATE_SERVER_MAIN)) {
      throw ServiceError.of(
        2,
        `The state service is not built (${DEFAULT_STATE_SERVER_MAIN}): run npm run build.`,
      );
    }
    await mkdir(this.#dir, { recursive: true });
    await unlink(this.#statusFile).catch(() => undefined);
    const logOffset = await this.#prepareLog();
    const { port, allowRemoteConnection, socketTimeout, store, keyPrefix } = config.settings;
    // A password travels in the environment, never on a command line others can read.
    const { store: storeArg, password } = splitStorePassword(store ?? 'memory');
    const env = serviceEnvironment(process.env);
    if (password !== undefined) env[REDIS_PASSWORD_VARIABLE] = password;
    const args = [
      this.#bin,
      '--port',
      String(port),
      '--socket-timeout',
      String(socketTimeout),
      ...(allowRemoteConnection ? ['--allow-remote-connection'] : []),
      '--store',
      storeArg,
      ...(keyPrefix !== undefined ? ['--key-prefix', keyPrefix] : []),
      '--status-file',
      this.#statusFile,
    ];
    const log = openSync(this.#logFile, 'a', 0o600);
    let child;
    try {
      // Detached (its own process group / session) with no pipe to this process: it outlives the
      // console, and a Ctrl+C in the console's terminal does not reach it.
      child = spawn(this.#execPath, args, {
        detached: true,
        stdio: ['ignore', log, log],
        cwd: this.#dir,
        env,
        windowsHide: true,
      });
    } finally {
      closeSync(log);
    }
    const pid = child.pid;
    if (pid === undefined) {
      const error = await new Promise<Error>((resolve) => child.once('error', resolve));
      throw ServiceError.of(2, `(${this.#execPath}: ${error.message})`);
    }
    child.on('error', () => undefined);
    const exit = new Promise<ExitInfo>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    this.#exits.set(pid, exit);
    for (const old of this.#exits.keys()) if (this.#exits.size > MAX_EXITS) this.#exits.delete(old);
    child.unref();

    const procStartTime = hasProcFs ? (await readProcStat(pid))?.startTime : undefined;
    const record: ProcessRecord = {
      pid,
      execPath: this.#execPath,
      bin: this.#bin,
      statusFile: this.#statusFile,
      logFile: this.#logFile,
      logOffset,
      ...(procStartTime !== undefined ? { procStartTime } : {}),
      settings: config.settings,
      startedAt: new Date().toISOString(),
    };
    try {
      await this.#writeRecord(record);
    } catch (error) {
      // A process nobody can find again must not be left behind.
      signalProcess(pid, 'SIGKILL');
      throw error;
    }
    return record;
  }

  /** Waits for the listener; a process that ends first is reported with what it printed. */
  async #waitUntilListening(record: ProcessRecord): Promise<void> {
    const deadline = Date.now() + this.#startTimeoutMs;
    for (;;) {
      const status = await this.#readStatus(record);
      if (!(await this.#isRecordedProcess(record, status))) {
        throw new ServiceError(1067, await this.#failureOf(record));
      }
      if (status !== undefined && (await probePort('127.0.0.1', record.settings.port))) return;
      // As `sc start`: after the wait hint the answer is StartPending, not an error.
      if (Date.now() >= deadline) return;
      await delay(this.#pollIntervalMs);
    }
  }

  async #stop(record: ProcessRecord): Promise<void> {
    this.#operation = 'stop';
    try {
      const stopping: ProcessRecord = { ...record, stopRequestedAt: new Date().toISOString() };
      await this.#writeRecord(stopping);
      signalProcess(record.pid, 'SIGTERM');
      if (!(await this.#waitForExit(stopping, this.#stopTimeoutMs))) {
        signalProcess(record.pid, 'SIGKILL');
        if (!(await this.#waitForExit(stopping, 5000))) throw ServiceError.of(1053);
      }
      // A process started by this one is gone for good once reaped (until then it is a zombie).
      const exit = this.#exits.get(record.pid);
      if (exit !== undefined) await Promise.race([exit, delay(1000)]);
      await unlink(this.#recordFile).catch(() => undefined);
      // A process killed by SIGKILL could not remove its status file.
      await unlink(record.statusFile).catch(() => undefined);
    } finally {
      this.#operation = undefined;
    }
  }

  async #waitForExit(record: ProcessRecord, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!(await this.#isRecordedProcess(record, await this.#readStatus(record)))) return true;
      if (Date.now() >= deadline) return false;
      await delay(this.#pollIntervalMs);
    }
  }

  /**
   * Why a process ended without a stop from this console. A clean exit (exit code 0; or, when the
   * exit code is not known here, a process that listened, said nothing more and removed its status
   * file as it does at a clean stop) was a stop from outside, such as `kill`; anything else is sc's
   * 1067 with the exit code where known and the process's last words (e.g. the bind error).
   */
  async #failureOf(record: ProcessRecord): Promise<string> {
    const exit = this.#exits.get(record.pid);
    // The parent learns of the exit a moment after the process has gone.
    const info = exit && (await Promise.race([exit, delay(500).then(() => undefined)]));
    const log = await this.#logSince(record);
    const cleanExit =
      info !== undefined
        ? info.code === 0
        : log.listened && log.lines.length === 0 && (await this.#readStatus(record)) === undefined;
    if (cleanExit) return 'The service was stopped outside the console.';
    const parts: string[] = [SERVICE_ERRORS[1067].message];
    if (info?.code !== null && info?.code !== undefined) parts.push(`Exit code ${info.code}.`);
    else if (info?.signal) parts.push(`Ended by ${info.signal}.`);
    if (log.lines.length > 0) parts.push(log.lines.join(' ').slice(-600));
    return parts.join(' ');
  }

  /** What the process wrote to its log: whether it listened, and its last (at most 3) other lines. */
  async #logSince(record: ProcessRecord): Promise<{ listened: boolean; lines: string[] }> {
    try {
      const handle = await open(record.logFile, 'r');
      try {
        const { size } = await handle.stat();
        const start = size >= record.logOffset ? Math.max(record.logOffset, size - 4096) : 0;
        const buffer = Buffer.alloc(size - start);
        await handle.read(buffer, 0, buffer.length, start);
        const all = buffer
          .toString('utf8')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== '');
        const listening = (line: string) => /^aspnet_state listening on /.test(line);
        return { listened: all.some(listening), lines: all.filter((line) => !listening(line)).slice(-3) };
      } finally {
        await handle.close();
      }
    } catch {
      return { listened: false, lines: [] };
    }
  }

  /** Moves a large log aside; returns where the next process's output will start. */
  async #prepareLog(): Promise<number> {
    try {
      const { size } = await stat(this.#logFile);
      if (size <= this.#maxLogBytes) return size;
      await rename(this.#logFile, `${this.#logFile}.1`);
      return 0;
    } catch {
      return 0;
    }
  }

  async #writeRecord(record: ProcessRecord): Promise<void> {
    await writeFileAtomic(this.#recordFile, `${JSON.stringify(record, null, 2)}\n`, {
      mode: 0o600,
      mkdir: true,
    });
  }
}

/** The console's environment without its secrets (the admin password, tokens) and Node options. */
export function serviceEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    // The state service's own Redis password is meant for it (docs/state-store.md §1).
    Object.entries(env).filter(([name]) => name === REDIS_PASSWORD_VARIABLE || !PRIVATE_ENV.test(name)),
  );
}

/** Settings as the API shows them: a Redis password masked. */
function masked(settings: StateServiceSettings): StateServiceSettings {
  return settings.store === undefined ? settings : { ...settings, store: maskStoreUrl(settings.store) };
}

function toStore(store: NonNullable<StateServerStatus['store']>): StateServiceStore {
  const result: StateServiceStore = {
    kind: store.kind === 'redis' ? 'redis' : 'memory',
    reachable: store.reachable === true,
  };
  if (typeof store.address === 'string') result.address = store.address;
  if (typeof store.keyPrefix === 'string') result.keyPrefix = store.keyPrefix;
  if (typeof store.roundTripMs === 'number') result.roundTripMs = store.roundTripMs;
  if (typeof store.instances === 'number') result.instances = store.instances;
  if (typeof store.lastError === 'string') result.lastError = store.lastError;
  return result;
}

function toCounters(counters: StateServerStatus['counters']): StateServiceCounters {
  const int = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : 0);
  return {
    activeSessions: int(counters.sessionsActive),
    totalSessions: int(counters.sessionsTotal),
    sessionsTimedOut: int(counters.sessionsTimedOut),
    sessionsAbandoned: int(counters.sessionsAbandoned),
    bytesInMemory: int(counters.bytesInMemory),
    connections: int(counters.connections),
  };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
