import { execFile } from 'node:child_process';
import { readFile, unlink } from 'node:fs/promises';
import { join, win32 } from 'node:path';
import { z } from 'zod';
import {
  StateServiceSettings,
  type StartupType,
  type StateServicePatch,
  type StateServiceResponse,
} from '@iis-console/contracts';
import { writeFileAtomic } from '@iis-console/atomic-write';
import {
  applySettingsPatch,
  DEFAULT_STATE_SERVICE_SETTINGS,
  sameSettings,
  ServiceError,
  STATE_SERVICE_DISPLAY_NAME,
  STATE_SERVICE_NAME,
  type StateServiceController,
} from './controller.js';
import { delay } from './process-probe.js';
import {
  parseRegError,
  parseRegQuery,
  parseScConfig,
  parseScQc,
  parseScQuery,
  scStartValue,
  serviceStatusOf,
  startupTypeOf,
  type ScFailure,
  type ScResult,
  type ScServiceStatus,
} from './sc-output.js';
import { servicesDir } from './settings-store.js';
import { OperationQueue } from './OperationQueue.js';

export interface CommandResult {
  /** The process's exit code; -1 when it could not be run or was killed. */
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with arguments (no shell) and collects its output. Injected in tests. */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<CommandResult>;

/** execFile without a shell, a window or a console of its own; 30 s and 1 MiB at most. */
export const runCommand: CommandRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { windowsHide: true, timeout: 30_000, maxBuffer: 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ exitCode: 0, stdout, stderr });
        const code = (error as { code?: unknown }).code;
        resolve({
          exitCode: typeof code === 'number' ? code : -1,
          stdout,
          stderr: stderr !== '' || typeof code === 'number' ? stderr : error.message,
        });
      },
    );
  });

/** `%SystemRoot%\System32\<tool>`: never a program of that name found first on the PATH. */
export function systemTool(tool: 'sc.exe' | 'reg.exe', env: NodeJS.ProcessEnv = process.env): string {
  return win32.join(env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows', 'System32', tool);
}

/** The service's registry parameters (docs/state-protocol.md §8). */
export const STATE_SERVICE_PARAMETERS_KEY = `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${STATE_SERVICE_NAME}\\Parameters`;

export interface WindowsStateServiceControllerOptions {
  /** The system drive root (`C:\`): the console remembers what the running service started with. */
  root: string;
  run?: CommandRunner;
  /** sc.exe and reg.exe (default: in %SystemRoot%\System32). */
  sc?: string;
  reg?: string;
  /** How long start and stop wait for the service to leave the pending state (default 30 s). */
  timeoutMs?: number;
  /** How often sc is asked meanwhile (default 250 ms). */
  pollIntervalMs?: number;
}

/** What the running service was started with, so that a later change of its registry values shows. */
const RunningRecord = z.object({ pid: z.number().int(), settings: StateServiceSettings });
type RunningRecord = z.infer<typeof RunningRecord>;

/**
 * The real `aspnet_state` Windows service, through the Service Control Manager's command line
 * (docs/state-protocol.md §9.2): `sc.exe queryex | qc | start | stop | config …
 * start= auto|demand|disabled`, and its registry parameters through `reg.exe query | add` (§8).
 * Needs an elevated console for everything but reading. Counters are not read (they are Windows performance counters).
 */
export class WindowsStateServiceController implements StateServiceController {
  readonly kind = 'windows' as const;
  readonly #run: CommandRunner;
  readonly #sc: string;
  readonly #reg: string;
  readonly #timeoutMs: number;
  readonly #pollIntervalMs: number;
  readonly #recordFile: string;
  readonly #operations = new OperationQueue();

  constructor(options: WindowsStateServiceControllerOptions) {
    this.#run = options.run ?? runCommand;
    this.#sc = options.sc ?? systemTool('sc.exe');
    this.#reg = options.reg ?? systemTool('reg.exe');
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 250;
    this.#recordFile = join(servicesDir(options.root), `${STATE_SERVICE_NAME}.windows.json`);
  }

  /** Whether sc knows the service (false on 1060, or when sc.exe cannot be run). */
  async isInstalled(): Promise<boolean> {
    const result = await this.#run(this.#sc, ['queryex', STATE_SERVICE_NAME]);
    if (result.exitCode === -1 && result.stdout === '') return false;
    try {
      const parsed = parseScQuery(output(result));
      return parsed.ok || parsed.failure.code !== 1060;
    } catch {
      return false;
    }
  }

  async describe(): Promise<StateServiceResponse> {
    const status = await this.#query();
    const [startupType, settings, record] = await Promise.all([
      this.#startupType(),
      this.#readSettings(),
      this.#readRecord(),
    ]);
    const state = serviceStatusOf(status.state.code);
    const pid = state !== 'Stopped' && status.pid !== undefined && status.pid !== 0 ? status.pid : null;
    // Started by this console: what it was started with; otherwise (at boot, by hand) the values
    // in the registry are the best knowledge there is.
    const runningSettings = state === 'Stopped' ? null : record?.pid === pid ? record.settings : settings;
    const failure = state === 'Stopped' ? exitFailure(status) : undefined;
    return {
      name: STATE_SERVICE_NAME,
      displayName: STATE_SERVICE_DISPLAY_NAME,
      status: state,
      startupType,
      settings,
      runningSettings,
      pid,
      controller: 'windows',
      counters: null,
      restartRequired: runningSettings !== null && !sameSettings(runningSettings, settings),
      ...(failure !== undefined ? { lastFailure: failure } : {}),
    };
  }

  start(): Promise<StateServiceResponse> {
    return this.#operations.run(async () => {
      await this.#start();
      return this.describe();
    });
  }

  stop(): Promise<StateServiceResponse> {
    return this.#operations.run(async () => {
      await this.#stop();
      return this.describe();
    });
  }

  restart(): Promise<StateServiceResponse> {
    return this.#operations.run(async () => {
      if ((await this.#startupType()) === 'Disabled') throw ServiceError.of(1058);
      const status = await this.#query();
      if (serviceStatusOf(status.state.code) !== 'Stopped') await this.#stop();
      await this.#start();
      return this.describe();
    });
  }

  configure(patch: StateServicePatch): Promise<StateServiceResponse> {
    return this.#operations.run(async () => {
      if (patch.startupType !== undefined) {
        const result = await this.#run(this.#sc, [
          'config',
          STATE_SERVICE_NAME,
          'start=',
          scStartValue(patch.startupType),
        ]);
        unwrap(parseScConfig(output(result)));
      }
      const before = await this.#readSettings();
      const after = applySettingsPatch(before, patch);
      if (!sameSettings(before, after)) {
        // Remember what the running service started with before its registry values change.
        const status = await this.#query();
        if (serviceStatusOf(status.state.code) !== 'Stopped' && status.pid !== undefined) {
          const record = await this.#readRecord();
          if (record?.pid !== status.pid) await this.#writeRecord({ pid: status.pid, settings: before });
        }
        if (after.port !== before.port) await this.#setDword('Port', after.port);
        if (after.allowRemoteConnection !== before.allowRemoteConnection) {
          await this.#setDword('AllowRemoteConnection', after.allowRemoteConnection ? 1 : 0);
        }
        if (after.socketTimeout !== before.socketTimeout) {
          await this.#setDword('SocketTimeout', after.socketTimeout);
        }
      }
      return this.describe();
    });
  }

  startIfAutomatic(): Promise<'started' | 'already-running' | 'not-automatic'> {
    return this.#operations.run(async () => {
      if ((await this.#startupType()) !== 'Automatic') return 'not-automatic';
      if (serviceStatusOf((await this.#query()).state.code) !== 'Stopped') return 'already-running';
      await this.#start();
      return 'started';
    });
  }

  async close(): Promise<void> {
    await this.#operations.idle();
  }

  // ---------------------------------------------------------------------------------------------

  async #query(): Promise<ScServiceStatus> {
    return unwrap(parseScQuery(output(await this.#run(this.#sc, ['queryex', STATE_SERVICE_NAME]))));
  }

  async #startupType(): Promise<StartupType> {
    const config = unwrap(parseScQc(output(await this.#run(this.#sc, ['qc', STATE_SERVICE_NAME]))));
    return startupTypeOf(config.startType.code);
  }

  async #start(): Promise<void> {
    const settings = await this.#readSettings();
    let status = unwrap(parseScQuery(output(await this.#run(this.#sc, ['start', STATE_SERVICE_NAME]))));
    status = await this.#waitWhile(status, 2);
    if (status.state.code === 1) {
      throw new ServiceError(
        1067,
        `The process terminated unexpectedly. ${exitFailure(status) ?? ''}`.trim(),
      );
    }
    if (status.pid !== undefined && status.pid !== 0) await this.#writeRecord({ pid: status.pid, settings });
  }

  async #stop(): Promise<void> {
    const status = unwrap(parseScQuery(output(await this.#run(this.#sc, ['stop', STATE_SERVICE_NAME]))));
    const final = await this.#waitWhile(status, 3);
    if (final.state.code === 1) await unlink(this.#recordFile).catch(() => undefined);
  }

  /** Asks sc again while the service is in `pendingState`, up to the time limit. */
  async #waitWhile(initial: ScServiceStatus, pendingState: number): Promise<ScServiceStatus> {
    const deadline = Date.now() + this.#timeoutMs;
    let status = initial;
    while (status.state.code === pendingState && Date.now() < deadline) {
      await delay(this.#pollIntervalMs);
      status = await this.#query();
    }
    return status;
  }

  async #readSettings(): Promise<StateServiceSettings> {
    const result = await this.#run(this.#reg, ['query', STATE_SERVICE_PARAMETERS_KEY]);
    // A missing Parameters key (the usual case) means every value has its default.
    const values = result.exitCode === 0 ? parseRegQuery(result.stdout) : new Map();
    const dword = (name: string, min: number, max: number, fallback: number): number => {
      const data = values.get(name.toLowerCase())?.data;
      return typeof data === 'number' && data >= min && data <= max ? data : fallback;
    };
    const defaults = DEFAULT_STATE_SERVICE_SETTINGS;
    return {
      port: dword('Port', 1, 65535, defaults.port),
      allowRemoteConnection: dword('AllowRemoteConnection', 0, 0xffffffff, 0) !== 0,
      socketTimeout: dword('SocketTimeout', 1, 86400, defaults.socketTimeout),
    };
  }

  async #setDword(name: string, value: number): Promise<void> {
    const result = await this.#run(this.#reg, [
      'add',
      STATE_SERVICE_PARAMETERS_KEY,
      '/v',
      name,
      '/t',
      'REG_DWORD',
      '/d',
      String(value),
      '/f',
    ]);
    if (result.exitCode === 0) return;
    const message = parseRegError(output(result)) ?? `reg add ${name} failed (exit code ${result.exitCode}).`;
    throw new ServiceError(/denied/i.test(message) ? 5 : undefined, message);
  }

  async #readRecord(): Promise<RunningRecord | undefined> {
    try {
      const parsed = RunningRecord.safeParse(JSON.parse(await readFile(this.#recordFile, 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async #writeRecord(record: RunningRecord): Promise<void> {
    await writeFileAtomic(this.#recordFile, `${JSON.stringify(record, null, 2)}\n`, {
      mode: 0o600,
      mkdir: true,
    });
  }
}

/** sc's answer, or its `[SC] … FAILED n:` as the ServiceError with that code and sentence. */
function unwrap<T>(result: ScResult<T>): T {
  if (result.ok) return result.value;
  throw serviceErrorOf(result.failure);
}

export function serviceErrorOf(failure: ScFailure): ServiceError {
  return new ServiceError(failure.code, failure.message !== '' ? failure.message : undefined);
}

/** Why a stopped service stopped, when it did not stop cleanly (1077: never started since boot). */
function exitFailure(status: ScServiceStatus): string | undefined {
  const { win32ExitCode, serviceExitCode } = status;
  if (win32ExitCode === 0 || win32ExitCode === 1077) return undefined;
  return win32ExitCode === 1066
    ? `The service stopped with its own error ${serviceExitCode}.`
    : `The service stopped with error ${win32ExitCode}.`;
}

function output(result: CommandResult): string {
  return result.stdout !== '' ? result.stdout : result.stderr;
}
