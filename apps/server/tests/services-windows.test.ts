// The Windows controller's readers of sc.exe and reg.exe output, against the samples of
// docs/state-protocol.md §9.3–§9.4 byte for byte (with LF as printed there, and CRLF as sc
// prints on Windows), and the controller itself driving an injected command runner that answers
// in those formats. Nothing here runs sc.exe or reg.exe.
import { afterAll, describe, expect, it } from 'vitest';
import {
  parseRegError,
  parseRegQuery,
  parseScConfig,
  parseScFailure,
  parseScQc,
  parseScQuery,
  scStartValue,
  ScOutputError,
  serviceStatusOf,
  startupTypeOf,
} from '../src/services/sc-output.js';
import { createStateServiceController } from '../src/services/create-controller.js';
import { ServiceError } from '../src/services/controller.js';
import {
  STATE_SERVICE_PARAMETERS_KEY,
  systemTool,
  WindowsStateServiceController,
  type CommandResult,
  type CommandRunner,
} from '../src/services/windows-controller.js';
import { makeRoot, removeRoot } from './helpers.js';

// docs/state-protocol.md §9.3, `sc query <name>`:
const SC_QUERY_RUNNING = `SERVICE_NAME: aspnet_state
        TYPE               : 10  WIN32_OWN_PROCESS
        STATE              : 4  RUNNING
                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)
        WIN32_EXIT_CODE    : 0  (0x0)
        SERVICE_EXIT_CODE  : 0  (0x0)
        CHECKPOINT         : 0x0
        WAIT_HINT          : 0x0
`;

// docs/state-protocol.md §9.3, `sc qc <name>`:
const SC_QC = String.raw`[SC] QueryServiceConfig SUCCESS

SERVICE_NAME: aspnet_state
        TYPE               : 10  WIN32_OWN_PROCESS
        START_TYPE         : 3   DEMAND_START
        ERROR_CONTROL      : 1   NORMAL
        BINARY_PATH_NAME   : C:\Windows\Microsoft.NET\Framework64\v4.0.30319\aspnet_state.exe
        LOAD_ORDER_GROUP   :
        TAG                : 0
        DISPLAY_NAME       : ASP.NET State Service
        DEPENDENCIES       :
        SERVICE_START_NAME : NT AUTHORITY\NetworkService
`;

// docs/state-protocol.md §9.4, sc's errors (the FAILED line, a blank line, the sentence):
const SC_ERRORS = {
  queryMissing:
    '[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n',
  openMissing:
    '[SC] OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n',
  startDisabled:
    '[SC] StartService FAILED 1058:\n\nThe service cannot be started, either because it is disabled or because it has no enabled devices associated with it.\n\n',
  startRunning: '[SC] StartService FAILED 1056:\n\nAn instance of the service is already running.\n\n',
  stopStopped: '[SC] ControlService FAILED 1062:\n\nThe service has not been started.\n\n',
};
const SC_CONFIG_SUCCESS = '[SC] ChangeServiceConfig SUCCESS\n';

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** The §9.3 query block with another STATE, exit code and the queryex lines §9.3 describes. */
function queryBlock(state: string, controls: string, options: { exit?: string; pid?: number } = {}): string {
  let text = SC_QUERY_RUNNING.replace('4  RUNNING', state).replace(
    '(STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)',
    controls,
  );
  if (options.exit !== undefined)
    text = text.replace('WIN32_EXIT_CODE    : 0  (0x0)', `WIN32_EXIT_CODE    : ${options.exit}`);
  if (options.pid !== undefined)
    text += `        PID                : ${options.pid}\n        FLAGS              :\n`;
  return text;
}

describe('sc output (docs/state-protocol.md §9.3, §9.4)', () => {
  it.each([
    ['LF', (t: string) => t],
    ['CRLF', crlf],
  ])('reads the `sc query` sample of docs/state-protocol.md §9.3 (%s)', (_eol, eol) => {
    expect(parseScQuery(eol(SC_QUERY_RUNNING))).toEqual({
      ok: true,
      value: {
        serviceName: 'aspnet_state',
        type: { code: 10, name: 'WIN32_OWN_PROCESS' },
        state: { code: 4, name: 'RUNNING' },
        controls: ['STOPPABLE', 'NOT_PAUSABLE', 'ACCEPTS_SHUTDOWN'],
        win32ExitCode: 0,
        serviceExitCode: 0,
        checkpoint: 0,
        waitHint: 0,
      },
    });
  });

  it('reads a stopped, never-started service and `sc queryex`’s PID and FLAGS', () => {
    const stopped = queryBlock('1  STOPPED', '(NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)', {
      exit: '1077  (0x435)',
      pid: 0,
    });
    const parsed = parseScQuery(crlf(stopped));
    expect(parsed).toMatchObject({
      ok: true,
      value: { state: { code: 1, name: 'STOPPED' }, win32ExitCode: 1077, pid: 0, flags: '' },
    });
    // `sc start`: START_PENDING with its controls on the same line, as §9.3 describes it.
    const starting = SC_QUERY_RUNNING.replace(
      '4  RUNNING\n                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)',
      '2  START_PENDING (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)',
    ).replace('WAIT_HINT          : 0x0', 'WAIT_HINT          : 0x7d0');
    expect(
      parseScQuery(`${starting}        PID                : 4242\n        FLAGS              :\n`),
    ).toMatchObject({
      ok: true,
      value: {
        state: { code: 2, name: 'START_PENDING' },
        controls: ['NOT_STOPPABLE', 'NOT_PAUSABLE', 'IGNORES_SHUTDOWN'],
        waitHint: 2000,
        pid: 4242,
      },
    });
  });

  it.each([
    ['LF', (t: string) => t],
    ['CRLF', crlf],
  ])('reads the `sc qc` sample of docs/state-protocol.md §9.3 (%s)', (_eol, eol) => {
    expect(parseScQc(eol(SC_QC))).toEqual({
      ok: true,
      value: {
        serviceName: 'aspnet_state',
        type: { code: 10, name: 'WIN32_OWN_PROCESS' },
        startType: { code: 3, name: 'DEMAND_START', delayed: false },
        errorControl: { code: 1, name: 'NORMAL' },
        binaryPathName: 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\aspnet_state.exe',
        loadOrderGroup: '',
        tag: 0,
        displayName: 'ASP.NET State Service',
        dependencies: [],
        serviceStartName: 'NT AUTHORITY\\NetworkService',
      },
    });
  });

  it('reads every START_TYPE, a delayed automatic start as Automatic', () => {
    const withStart = (value: string) => SC_QC.replace('3   DEMAND_START', value);
    const read = (value: string) => {
      const result = parseScQc(withStart(value));
      if (!result.ok) throw new Error('failed');
      return result.value.startType;
    };
    expect(read('2   AUTO_START')).toEqual({ code: 2, name: 'AUTO_START', delayed: false });
    expect(read('2   AUTO_START  (DELAYED)')).toEqual({ code: 2, name: 'AUTO_START', delayed: true });
    expect(read('4   DISABLED')).toEqual({ code: 4, name: 'DISABLED', delayed: false });
    expect([2, 3, 4].map(startupTypeOf)).toEqual(['Automatic', 'Manual', 'Disabled']);
    expect((['Automatic', 'Manual', 'Disabled'] as const).map(scStartValue)).toEqual([
      'auto',
      'demand',
      'disabled',
    ]);
  });

  it('maps STATE to the API’s statuses (docs/state-protocol.md §10.3)', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(serviceStatusOf)).toEqual([
      'Stopped',
      'StartPending',
      'StopPending',
      'Running',
      'StartPending',
      'Running',
      'Running',
    ]);
    expect(() => serviceStatusOf(9)).toThrow(ScOutputError);
  });

  it.each([
    [
      'queryMissing',
      'EnumQueryServicesStatus:OpenService',
      1060,
      'The specified service does not exist as an installed service.',
    ],
    ['openMissing', 'OpenService', 1060, 'The specified service does not exist as an installed service.'],
    [
      'startDisabled',
      'StartService',
      1058,
      'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
    ],
    ['startRunning', 'StartService', 1056, 'An instance of the service is already running.'],
    ['stopStopped', 'ControlService', 1062, 'The service has not been started.'],
  ] as const)('reads the error %s', (key, operation, code, message) => {
    const failure = { operation, code, message };
    expect(parseScFailure(SC_ERRORS[key])).toEqual(failure);
    expect(parseScFailure(crlf(SC_ERRORS[key]))).toEqual(failure);
    expect(parseScQuery(SC_ERRORS[key])).toEqual({ ok: false, failure });
    expect(parseScQc(crlf(SC_ERRORS[key]))).toEqual({ ok: false, failure });
  });

  it('reads `sc config`’s SUCCESS and refuses output it does not know', () => {
    expect(parseScConfig(SC_CONFIG_SUCCESS)).toEqual({ ok: true, value: true });
    expect(parseScConfig(crlf(SC_CONFIG_SUCCESS))).toEqual({ ok: true, value: true });
    expect(parseScConfig(SC_ERRORS.openMissing)).toMatchObject({ ok: false, failure: { code: 1060 } });
    expect(() => parseScConfig('')).toThrow(ScOutputError);
    expect(() => parseScQuery('DESCRIPTION: nothing')).toThrow(ScOutputError);
    expect(() => parseScQc(SC_QUERY_RUNNING)).toThrow(/QueryServiceConfig SUCCESS/);
    expect(parseScFailure(SC_QUERY_RUNNING)).toBeUndefined();
  });

  it('reads `reg query` values and `reg` errors', () => {
    const output = crlf(
      `\n${STATE_SERVICE_PARAMETERS_KEY.replace('HKLM', 'HKEY_LOCAL_MACHINE')}\n    Port    REG_DWORD    0xa5b9\n    AllowRemoteConnection    REG_DWORD    0x1\n    Note    REG_SZ    two  spaces\n    Empty    REG_SZ\n\n`,
    );
    const values = parseRegQuery(output);
    expect(values.get('port')).toEqual({ name: 'Port', type: 'REG_DWORD', data: 42425 });
    expect(values.get('allowremoteconnection')?.data).toBe(1);
    expect(values.get('note')?.data).toBe('two  spaces');
    expect(values.get('empty')?.data).toBe('');
    expect(parseRegError('ERROR: Access is denied.\r\n')).toBe('Access is denied.');
    expect(parseRegError('The operation completed successfully.\r\n')).toBeUndefined();
  });

  it('runs sc.exe and reg.exe from System32, never from the PATH', () => {
    expect(systemTool('sc.exe', { SystemRoot: 'D:\\Win' })).toBe('D:\\Win\\System32\\sc.exe');
    expect(systemTool('reg.exe', {})).toBe('C:\\Windows\\System32\\reg.exe');
  });
});

/**
 * A command runner that answers as sc.exe and reg.exe would for one service, in the formats above,
 * and records every command line.
 */
class ScriptedScm {
  state: 1 | 2 | 3 | 4 = 1;
  startType: 2 | 3 | 4 = 3;
  pid = 0;
  registry = new Map<string, number>();
  installed = true;
  /** Polls a pending state answers before it settles. */
  pendingPolls = 1;
  /** What a start ends in. */
  startEndsIn: 1 | 4 = 4;
  commands: string[] = [];
  #polls = 0;

  run: CommandRunner = async (file, args) => {
    this.commands.push([file.split('\\').pop(), ...args].join(' '));
    const ok = (stdout: string): CommandResult => ({ exitCode: 0, stdout: crlf(stdout), stderr: '' });
    const failed = (stdout: string): CommandResult => ({ exitCode: 1060, stdout: crlf(stdout), stderr: '' });
    if (file.endsWith('reg.exe')) return this.#reg(args);
    const [verb] = args;
    if (!this.installed) return failed(verb === 'queryex' ? SC_ERRORS.queryMissing : SC_ERRORS.openMissing);
    switch (verb) {
      case 'queryex':
        if ((this.state === 2 || this.state === 3) && ++this.#polls > this.pendingPolls) {
          this.state = this.state === 2 ? this.startEndsIn : 1;
          if (this.state === 1) this.pid = 0;
        }
        return ok(this.#block());
      case 'qc':
        return ok(
          SC_QC.replace(
            '3   DEMAND_START',
            { 2: '2   AUTO_START', 3: '3   DEMAND_START', 4: '4   DISABLED' }[this.startType],
          ),
        );
      case 'start':
        if (this.startType === 4) return failed(SC_ERRORS.startDisabled);
        if (this.state !== 1) return failed(SC_ERRORS.startRunning);
        this.state = 2;
        this.pid = 4000 + this.commands.length;
        this.#polls = 0;
        return ok(this.#block());
      case 'stop':
        if (this.state === 1) return failed(SC_ERRORS.stopStopped);
        this.state = 3;
        this.#polls = 0;
        return ok(this.#block());
      case 'config':
        expect(args.slice(1, 3)).toEqual(['aspnet_state', 'start=']);
        this.startType = ({ auto: 2, demand: 3, disabled: 4 } as const)[
          args[3] as 'auto' | 'demand' | 'disabled'
        ];
        return ok(SC_CONFIG_SUCCESS);
      default:
        throw new Error(`unexpected sc ${args.join(' ')}`);
    }
  };

  #block(): string {
    const names = { 1: 'STOPPED', 2: 'START_PENDING', 3: 'STOP_PENDING', 4: 'RUNNING' };
    const controls =
      this.state === 4
        ? '(STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)'
        : '(NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)';
    const exit = this.state === 1 && this.startEndsIn === 1 ? '1067  (0x42b)' : '0  (0x0)';
    return queryBlock(`${this.state}  ${names[this.state]}`, controls, { exit, pid: this.pid });
  }

  #reg(args: readonly string[]): CommandResult {
    expect(args[1]).toBe('HKLM\\SYSTEM\\CurrentControlSet\\Services\\aspnet_state\\Parameters');
    if (args[0] === 'query') {
      if (this.registry.size === 0) {
        return {
          exitCode: 1,
          stdout: '',
          stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n',
        };
      }
      const lines = [...this.registry].map(
        ([name, value]) => `    ${name}    REG_DWORD    0x${value.toString(16)}`,
      );
      return {
        exitCode: 0,
        stdout: crlf(
          `\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\aspnet_state\\Parameters\n${lines.join('\n')}\n\n`,
        ),
        stderr: '',
      };
    }
    expect(args.slice(2)).toEqual(['/v', args[3], '/t', 'REG_DWORD', '/d', args[7], '/f']);
    this.registry.set(args[3] as string, Number(args[7]));
    return { exitCode: 0, stdout: 'The operation completed successfully.\r\n', stderr: '' };
  }
}

describe('WindowsStateServiceController (injected command runner)', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await removeRoot(root);
  });

  async function controllerWith(scm: ScriptedScm) {
    const root = await makeRoot();
    roots.push(root);
    return new WindowsStateServiceController({
      root,
      run: scm.run,
      sc: 'C:\\Windows\\System32\\sc.exe',
      reg: 'C:\\Windows\\System32\\reg.exe',
      pollIntervalMs: 1,
    });
  }

  it('describes the installed service from sc queryex, sc qc and the registry', async () => {
    const scm = new ScriptedScm();
    const controller = await controllerWith(scm);
    expect(await controller.describe()).toEqual({
      name: 'aspnet_state',
      displayName: 'ASP.NET State Service',
      status: 'Stopped',
      startupType: 'Manual',
      settings: { port: 42424, allowRemoteConnection: false, socketTimeout: 30 },
      runningSettings: null,
      pid: null,
      controller: 'windows',
      counters: null,
      restartRequired: false,
    });
    expect(scm.commands).toEqual([
      'sc.exe queryex aspnet_state',
      'sc.exe qc aspnet_state',
      'reg.exe query HKLM\\SYSTEM\\CurrentControlSet\\Services\\aspnet_state\\Parameters',
    ]);
  });

  it('starts, stops and restarts with sc, waiting out the pending states', async () => {
    const scm = new ScriptedScm();
    const controller = await controllerWith(scm);
    const started = await controller.start();
    expect(started).toMatchObject({
      status: 'Running',
      runningSettings: { port: 42424 },
      restartRequired: false,
    });
    expect(started.pid).toBe(scm.pid);
    expect(scm.commands).toContain('sc.exe start aspnet_state');

    await expect(controller.start()).rejects.toMatchObject({
      win32Code: 1056,
      code: 'ERROR_SERVICE_ALREADY_RUNNING',
      message: 'An instance of the service is already running.',
    });

    const restarted = await controller.restart();
    expect(restarted.status).toBe('Running');
    expect(restarted.pid).not.toBe(started.pid);

    expect(await controller.stop()).toMatchObject({ status: 'Stopped', pid: null });
    await expect(controller.stop()).rejects.toMatchObject({
      win32Code: 1062,
      message: 'The service has not been started.',
    });
  });

  it('sets the startup type with `sc config … start=` and refuses to start a Disabled service (1058)', async () => {
    const scm = new ScriptedScm();
    const controller = await controllerWith(scm);
    expect((await controller.configure({ startupType: 'Disabled' })).startupType).toBe('Disabled');
    expect(scm.commands).toContain('sc.exe config aspnet_state start= disabled');
    const refused = await controller.start().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({
      win32Code: 1058,
      code: 'ERROR_SERVICE_DISABLED',
      message:
        'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
    });
    await expect(controller.restart()).rejects.toMatchObject({ win32Code: 1058 });
    expect(scm.commands).not.toContain('sc.exe stop aspnet_state');

    await controller.configure({ startupType: 'Automatic' });
    expect(scm.commands).toContain('sc.exe config aspnet_state start= auto');
    expect(await controller.startIfAutomatic()).toBe('started');
    expect(await controller.startIfAutomatic()).toBe('already-running');
    await controller.configure({ startupType: 'Manual' });
    expect(scm.commands).toContain('sc.exe config aspnet_state start= demand');
    expect(await controller.startIfAutomatic()).toBe('not-automatic');
  });

  it('writes the registry parameters with reg add; the running service needs a restart', async () => {
    const scm = new ScriptedScm();
    const controller = await controllerWith(scm);
    await controller.start();
    const changed = await controller.configure({
      port: 42425,
      allowRemoteConnection: true,
      socketTimeout: 30,
    });
    expect(scm.commands.filter((c) => c.startsWith('reg.exe add'))).toEqual([
      'reg.exe add HKLM\\SYSTEM\\CurrentControlSet\\Services\\aspnet_state\\Parameters /v Port /t REG_DWORD /d 42425 /f',
      'reg.exe add HKLM\\SYSTEM\\CurrentControlSet\\Services\\aspnet_state\\Parameters /v AllowRemoteConnection /t REG_DWORD /d 1 /f',
    ]);
    expect(changed).toMatchObject({
      status: 'Running',
      settings: { port: 42425, allowRemoteConnection: true, socketTimeout: 30 },
      runningSettings: { port: 42424, allowRemoteConnection: false },
      restartRequired: true,
    });
    const restarted = await controller.restart();
    expect(restarted).toMatchObject({ runningSettings: { port: 42425 }, restartRequired: false });
  });

  it('reports a service that stops during its start as 1067 and its exit code', async () => {
    const scm = new ScriptedScm();
    scm.startEndsIn = 1;
    const controller = await controllerWith(scm);
    await expect(controller.start()).rejects.toMatchObject({
      win32Code: 1067,
      message: 'The process terminated unexpectedly. The service stopped with error 1067.',
    });
    expect(await controller.describe()).toMatchObject({
      status: 'Stopped',
      lastFailure: 'The service stopped with error 1067.',
    });
  });

  it('a missing service is 1060; the factory then falls back to the built-in service', async () => {
    const scm = new ScriptedScm();
    scm.installed = false;
    const controller = await controllerWith(scm);
    await expect(controller.describe()).rejects.toMatchObject({
      win32Code: 1060,
      code: 'ERROR_SERVICE_DOES_NOT_EXIST',
      message: 'The specified service does not exist as an installed service.',
    });
    expect(await controller.isInstalled()).toBe(false);

    const root = await makeRoot();
    roots.push(root);
    const missing = await createStateServiceController({
      root,
      platform: 'win32',
      windows: { run: scm.run },
    });
    expect(missing.kind).toBe('builtin');
    scm.installed = true;
    const installed = await createStateServiceController({
      root,
      platform: 'win32',
      windows: { run: scm.run },
    });
    expect(installed.kind).toBe('windows');
    expect(
      (await createStateServiceController({ root, platform: 'linux', windows: { run: scm.run } })).kind,
    ).toBe('builtin');
    expect((await createStateServiceController({ root, kind: 'windows', platform: 'linux' })).kind).toBe(
      'windows',
    );
  });
});
