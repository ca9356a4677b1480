// Pure readers of what sc.exe and reg.exe print (docs/state-protocol.md §9.3, §9.4). sc's labels and
// symbolic names are the same in every Windows language; only the error sentences are translated,
// so everything here keys on the labels and the numbers.
import type { ServiceStatus, StartupType } from '@iis-console/contracts';

/** A code with its symbolic name, as sc prints `4  RUNNING`. */
export interface ScCode {
  code: number;
  name: string;
}

/** `sc query` / `sc queryex`. */
export interface ScServiceStatus {
  serviceName: string;
  type: ScCode;
  state: ScCode;
  /** The line under STATE: `STOPPABLE`, `NOT_PAUSABLE`, `ACCEPTS_SHUTDOWN`, … */
  controls: string[];
  win32ExitCode: number;
  serviceExitCode: number;
  checkpoint: number;
  waitHint: number;
  /** `sc queryex` only. */
  pid?: number;
  /** `sc queryex` only (empty for most services). */
  flags?: string;
}

/** `sc qc`. */
export interface ScServiceConfig {
  serviceName: string;
  type: ScCode;
  /** 2 AUTO_START, 3 DEMAND_START, 4 DISABLED; `delayed` for `AUTO_START  (DELAYED)`. */
  startType: ScCode & { delayed: boolean };
  errorControl: ScCode;
  binaryPathName: string;
  loadOrderGroup: string;
  tag: number;
  displayName: string;
  dependencies: string[];
  serviceStartName: string;
}

/** `[SC] StartService FAILED 1058:` and the sentence after it. */
export interface ScFailure {
  /** `StartService`, `ControlService`, `OpenService`, `EnumQueryServicesStatus:OpenService`, … */
  operation: string;
  code: number;
  message: string;
}

export type ScResult<T> = { ok: true; value: T } | { ok: false; failure: ScFailure };

/** Output sc printed that none of these readers recognise. */
export class ScOutputError extends Error {
  override name = 'ScOutputError';
}

const FAILED = /^\[SC\] (\S+) FAILED (\d+):\s*$/m;
const FIELD = /^\s+([A-Z][A-Z0-9_]*)\s*: ?(.*?)\s*$/;
const CODE = /^(\d+)\s+(\S+)(?:\s+\((\S[^)]*)\))?$/;
const CONTINUATION = /^\s+\((.*)\)\s*$/;

/** The `[SC] … FAILED n:` block of any sc verb, or undefined when the output has none. */
export function parseScFailure(output: string): ScFailure | undefined {
  const text = normalize(output);
  const match = FAILED.exec(text);
  if (match === null) return undefined;
  const [, operation = '', code = ''] = match;
  const after = text.slice((match.index ?? 0) + match[0].length);
  const message = after
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  return { operation, code: Number(code), message };
}

/** `sc query <name>` or `sc queryex <name>` (and what `sc start` / `sc stop` print on success). */
export function parseScQuery(output: string): ScResult<ScServiceStatus> {
  const failure = parseScFailure(output);
  if (failure !== undefined) return { ok: false, failure };
  const { serviceName, fields, continuations } = readFields(output);
  const state = code(fields, 'STATE');
  const value: ScServiceStatus = {
    serviceName,
    type: withoutDetail(code(fields, 'TYPE')),
    state: withoutDetail(state),
    // Under STATE on its own line, or after the name on the same line.
    controls: (continuations.get('STATE') ?? state.detail ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    win32ExitCode: leadingNumber(fields, 'WIN32_EXIT_CODE'),
    serviceExitCode: leadingNumber(fields, 'SERVICE_EXIT_CODE'),
    checkpoint: leadingNumber(fields, 'CHECKPOINT'),
    waitHint: leadingNumber(fields, 'WAIT_HINT'),
  };
  if (fields.has('PID')) value.pid = leadingNumber(fields, 'PID');
  if (fields.has('FLAGS')) value.flags = fields.get('FLAGS') ?? '';
  return { ok: true, value };
}

/** `sc qc <name>`. */
export function parseScQc(output: string): ScResult<ScServiceConfig> {
  const failure = parseScFailure(output);
  if (failure !== undefined) return { ok: false, failure };
  if (!/^\[SC\] QueryServiceConfig SUCCESS\s*$/m.test(normalize(output))) {
    throw new ScOutputError('sc qc printed no "[SC] QueryServiceConfig SUCCESS" line');
  }
  const { serviceName, fields } = readFields(output);
  const startType = code(fields, 'START_TYPE');
  const dependencies = fields.get('DEPENDENCIES') ?? '';
  return {
    ok: true,
    value: {
      serviceName,
      type: withoutDetail(code(fields, 'TYPE')),
      startType: { code: startType.code, name: startType.name, delayed: startType.detail === 'DELAYED' },
      errorControl: withoutDetail(code(fields, 'ERROR_CONTROL')),
      binaryPathName: fields.get('BINARY_PATH_NAME') ?? '',
      loadOrderGroup: fields.get('LOAD_ORDER_GROUP') ?? '',
      tag: leadingNumber(fields, 'TAG'),
      displayName: fields.get('DISPLAY_NAME') ?? '',
      dependencies: dependencies === '' ? [] : dependencies.split('/').map((d) => d.trim()),
      serviceStartName: fields.get('SERVICE_START_NAME') ?? '',
    },
  };
}

/** `sc config <name> start= …`: true on `[SC] ChangeServiceConfig SUCCESS`. */
export function parseScConfig(output: string): ScResult<true> {
  const failure = parseScFailure(output);
  if (failure !== undefined) return { ok: false, failure };
  if (/^\[SC\] ChangeServiceConfig SUCCESS\s*$/m.test(normalize(output))) return { ok: true, value: true };
  throw new ScOutputError('sc config printed neither SUCCESS nor FAILED');
}

/**
 * sc's STATE as the API names it (docs/state-protocol.md §10.3). Pause is not supported: a paused
 * service still runs.
 */
export function serviceStatusOf(state: number): ServiceStatus {
  switch (state) {
    case 1:
      return 'Stopped';
    case 2:
    case 5: // CONTINUE_PENDING
      return 'StartPending';
    case 3:
      return 'StopPending';
    case 4:
    case 6: // PAUSE_PENDING
    case 7: // PAUSED
      return 'Running';
    default:
      throw new ScOutputError(`unknown service state ${state}`);
  }
}

/**
 * sc's START_TYPE as the API names it (docs/state-protocol.md §10.2); a delayed automatic start is
 * Automatic.
 */
export function startupTypeOf(startType: number): StartupType {
  switch (startType) {
    case 0: // BOOT_START, SYSTEM_START: drivers; not seen for aspnet_state
    case 1:
    case 2:
      return 'Automatic';
    case 3:
      return 'Manual';
    case 4:
      return 'Disabled';
    default:
      throw new ScOutputError(`unknown start type ${startType}`);
  }
}

/** The `start=` word of `sc config` for a startup type (docs/state-protocol.md §10.2). */
export function scStartValue(startupType: StartupType): 'auto' | 'demand' | 'disabled' {
  return startupType === 'Automatic' ? 'auto' : startupType === 'Manual' ? 'demand' : 'disabled';
}

/** One value of `reg query`. */
export interface RegValue {
  name: string;
  type: string;
  /** REG_DWORD / REG_QWORD as a number; other types as printed. */
  data: number | string;
}

/**
 * `reg query <key>`: the key line, then one line per value, `    <name>    <type>    <data>`
 * (four spaces around the type; REG_DWORD printed as `0x…`). Sub-keys and blank lines are skipped.
 */
export function parseRegQuery(output: string): Map<string, RegValue> {
  const values = new Map<string, RegValue>();
  for (const line of normalize(output).split('\n')) {
    const match = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (match === null) continue;
    const [, name = '', type = '', raw = ''] = match;
    const data =
      (type === 'REG_DWORD' || type === 'REG_QWORD') && /^0x[0-9a-f]+$/i.test(raw) ? Number(raw) : raw;
    values.set(name.toLowerCase(), { name, type, data });
  }
  return values;
}

/** `ERROR: <sentence>` of reg.exe, or undefined. */
export function parseRegError(output: string): string | undefined {
  const match = /^ERROR: (.*?)\s*$/m.exec(normalize(output));
  return match?.[1];
}

// ---------------------------------------------------------------------------------------------

function normalize(output: string): string {
  return output.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

interface Fields {
  serviceName: string;
  fields: Map<string, string>;
  /** `(STOPPABLE, …)` lines, by the field they follow. */
  continuations: Map<string, string>;
}

function readFields(output: string): Fields {
  const lines = normalize(output).split('\n');
  let serviceName: string | undefined;
  const fields = new Map<string, string>();
  const continuations = new Map<string, string>();
  let last: string | undefined;
  for (const line of lines) {
    const name = /^SERVICE_NAME: ?(.*?)\s*$/.exec(line);
    if (name !== null) {
      if (serviceName !== undefined) break; // a second service (sc query with no name): first only
      serviceName = name[1] ?? '';
      continue;
    }
    if (serviceName === undefined) continue;
    const continuation = CONTINUATION.exec(line);
    if (continuation !== null && last !== undefined && !FIELD.test(line)) {
      continuations.set(last, continuation[1] ?? '');
      continue;
    }
    const field = FIELD.exec(line);
    if (field !== null) {
      last = field[1] ?? '';
      fields.set(last, field[2] ?? '');
    }
  }
  if (serviceName === undefined) throw new ScOutputError('no SERVICE_NAME line in the output of sc');
  return { serviceName, fields, continuations };
}

function code(fields: Map<string, string>, label: string): ScCode & { detail?: string } {
  const text = fields.get(label);
  const match = text === undefined ? null : CODE.exec(text);
  if (match === null) throw new ScOutputError(`no ${label} in the output of sc`);
  const [, number = '', name = '', detail] = match;
  return { code: Number(number), name, ...(detail !== undefined ? { detail } : {}) };
}

function withoutDetail({ code, name }: ScCode): ScCode {
  return { code, name };
}

/** `1077  (0x435)` → 1077; `0x0` → 0; `1234` → 1234. */
function leadingNumber(fields: Map<string, string>, label: string): number {
  const text = fields.get(label);
  const match = text === undefined ? null : /^(0x[0-9a-f]+|\d+)/i.exec(text);
  if (match === null) throw new ScOutputError(`no ${label} in the output of sc`);
  return Number(match[1]);
}
