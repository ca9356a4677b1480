// The Application Pools page's rules, pure: IIS Manager's labels for the list and the dialogs, the
// Advanced Settings property grid (IIS Manager's categories, names and units over the engine's
// attributes), the Recycling dialog's form, and how each becomes the change the server takes.

import type { AttributeValue, ConfigElement, FieldError } from '@iis-console/contracts';
import { timeSpanSeconds, timeSpanText } from '@iis-console/config-common';
import type { PoolChange } from './api';

/** IIS Manager's ".NET CLR version" choices (`managedRuntimeVersion`; '' = No Managed Code). */
export const CLR_VERSIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'v4.0', label: '.NET CLR Version v4.0.30319' },
  { value: 'v2.0', label: '.NET CLR Version v2.0.50727' },
  { value: '', label: 'No Managed Code' },
];

export const PIPELINE_MODES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'Integrated', label: 'Integrated' },
  { value: 'Classic', label: 'Classic' },
];

/** The list's ".NET CLR Version" column: `v4.0`, `v2.0`, or "No Managed Code". */
export function clrColumn(version: string): string {
  return version === '' ? 'No Managed Code' : version;
}

/** A pool's settings as the section read gives them: an `<add>` of the collection, or `<applicationPoolDefaults>`. */
export interface PoolSettings {
  attributes: Record<string, AttributeValue>;
  elements: Record<string, ConfigElement>;
}

/** The attribute at `element` (dotted path below the pool, '' = the pool itself). */
export function attributeAt(
  settings: PoolSettings,
  element: string,
  name: string,
): AttributeValue | undefined {
  let el: PoolSettings | undefined = settings;
  for (const part of element === '' ? [] : element.split('.')) el = el?.elements[part];
  return el?.attributes[name];
}

// ---- Advanced Settings ----

/** How a value is shown: as stored, or a time span / number in IIS Manager's unit. */
type Unit =
  | { kind: 'timeSpan'; seconds: number }
  /** Stored in `per` units for each shown one (CPU Limit: 1/1000 of a percent, shown in percent). */
  | { kind: 'scaled'; per: number };

const MINUTES: Unit = { kind: 'timeSpan', seconds: 60 };
const SECONDS: Unit = { kind: 'timeSpan', seconds: 1 };

export interface PoolProperty {
  category: string;
  /** IIS Manager's name of the property, word for word. */
  label: string;
  /** Dotted element path below the pool ('' = the pool's own attribute). */
  element: string;
  attribute: string;
  unit?: Unit;
  /** The only choices (.NET CLR Version's drop-down). */
  choices?: ReadonlyArray<{ value: string; label: string }>;
  /** Shown, never edited here (Name). */
  readOnly?: boolean;
  /** Only for a pool, not for the defaults. */
  poolOnly?: boolean;
  /** Shown only when another value of the form is this (User name and Password of a SpecificUser identity). */
  when?: { key: string; value: string };
  /** The value is the times of the schedule collection (Specific Times), not an attribute. */
  collection?: true;
}

/** The key of a property in forms and errors: `processModel.idleTimeout`, `queueLength`. */
export function propertyKey(p: { element: string; attribute: string }): string {
  return p.element === '' ? p.attribute : `${p.element}.${p.attribute}`;
}

const IDENTITY_TYPE = 'processModel.identityType';

type Row = [label: string, element: string, attribute: string, extra?: Partial<PoolProperty>];

function category(name: string, rows: readonly Row[]): PoolProperty[] {
  return rows.map(([label, element, attribute, extra]) => ({
    category: name,
    label,
    element,
    attribute,
    ...extra,
  }));
}

const PM = 'processModel';
const RESTART = 'recycling.periodicRestart';
const SPECIFIC_USER = { when: { key: IDENTITY_TYPE, value: 'SpecificUser' } };
const CLR_CHOICES = [
  { value: 'v4.0', label: 'v4.0' },
  { value: 'v2.0', label: 'v2.0' },
  { value: '', label: 'No Managed Code' },
];

/** IIS Manager's Advanced Settings of an application pool, by category, in its order. */
export const POOL_PROPERTIES: readonly PoolProperty[] = [
  ...category('(General)', [
    ['.NET CLR Version', '', 'managedRuntimeVersion', { choices: CLR_CHOICES }],
    ['Enable 32-Bit Applications', '', 'enable32BitAppOnWin64'],
    ['Managed Pipeline Mode', '', 'managedPipelineMode'],
    ['Name', '', 'name', { readOnly: true, poolOnly: true }],
    ['Queue Length', '', 'queueLength'],
    ['Start Mode', '', 'startMode'],
  ]),
  ...category('CPU', [
    ['Limit (percent)', 'cpu', 'limit', { unit: { kind: 'scaled', per: 1000 } }],
    ['Limit Action', 'cpu', 'action'],
    ['Limit Interval (minutes)', 'cpu', 'resetInterval', { unit: MINUTES }],
    ['Processor Affinity Enabled', 'cpu', 'smpAffinitized'],
    ['Processor Affinity Mask', 'cpu', 'smpProcessorAffinityMask'],
    ['Processor Affinity Mask (64-bit option)', 'cpu', 'smpProcessorAffinityMask2'],
  ]),
  ...category('Process Model', [
    ['Generate Process Model Event Log Entry', PM, 'logEventOnProcessModel'],
    ['Identity', PM, 'identityType'],
    ['User name', PM, 'userName', SPECIFIC_USER],
    ['Password', PM, 'password', SPECIFIC_USER],
    ['Idle Time-out (minutes)', PM, 'idleTimeout', { unit: MINUTES }],
    ['Idle Time-out Action', PM, 'idleTimeoutAction'],
    ['Load User Profile', PM, 'loadUserProfile'],
    ['Maximum Worker Processes', PM, 'maxProcesses'],
    ['Ping Enabled', PM, 'pingingEnabled'],
    ['Ping Maximum Response Time (seconds)', PM, 'pingResponseTime', { unit: SECONDS }],
    ['Ping Period (seconds)', PM, 'pingInterval', { unit: SECONDS }],
    ['Shutdown Time Limit (seconds)', PM, 'shutdownTimeLimit', { unit: SECONDS }],
    ['Startup Time Limit (seconds)', PM, 'startupTimeLimit', { unit: SECONDS }],
  ]),
  ...category('Process Orphaning', [
    ['Enabled', 'failure', 'orphanWorkerProcess'],
    ['Executable', 'failure', 'orphanActionExe'],
    ['Executable Parameters', 'failure', 'orphanActionParams'],
  ]),
  ...category('Rapid-Fail Protection', [
    ['"Service Unavailable" Response Type', 'failure', 'loadBalancerCapabilities'],
    ['Enabled', 'failure', 'rapidFailProtection'],
    ['Failure Interval (minutes)', 'failure', 'rapidFailProtectionInterval', { unit: MINUTES }],
    ['Maximum Failures', 'failure', 'rapidFailProtectionMaxCrashes'],
    ['Shutdown Executable', 'failure', 'autoShutdownExe'],
    ['Shutdown Executable Parameters', 'failure', 'autoShutdownParams'],
  ]),
  ...category('Recycling', [
    ['Disable Overlapped Recycle', 'recycling', 'disallowOverlappingRotation'],
    ['Disable Recycling for Configuration Changes', 'recycling', 'disallowRotationOnConfigChange'],
    ['Generate Recycle Event Log Entry', 'recycling', 'logEventOnRecycle'],
    ['Private Memory Limit (KB)', RESTART, 'privateMemory'],
    ['Regular Time Interval (minutes)', RESTART, 'time', { unit: MINUTES }],
    ['Request Limit', RESTART, 'requests'],
    ['Specific Times', RESTART, 'schedule', { collection: true, poolOnly: true }],
    ['Virtual Memory Limit (KB)', RESTART, 'memory'],
  ]),
];

/** The schedule's collection below a pool, also the property key of Specific Times. */
export const SCHEDULE_PATH = 'recycling.periodicRestart.schedule';

function hasProperty(settings: PoolSettings, p: PoolProperty): boolean {
  if (p.collection)
    return settings.elements.recycling?.elements.periodicRestart?.elements.schedule !== undefined;
  return attributeAt(settings, p.element, p.attribute) !== undefined;
}

/** A stored value as IIS Manager shows it (minutes, seconds, percent). */
export function shownValue(p: PoolProperty, stored: string): string {
  if (!p.unit) return stored;
  if (p.unit.kind === 'timeSpan') {
    const seconds = timeSpanSeconds(stored);
    return seconds === undefined ? stored : String(seconds / p.unit.seconds);
  }
  const n = Number(stored);
  return stored.trim() === '' || !Number.isFinite(n) ? stored : String(n / p.unit.per);
}

/** A shown value back to what the configuration stores; an error when it is no number. */
export function storedValue(p: PoolProperty, shown: string): { value: string } | { error: string } {
  if (!p.unit) return { value: shown };
  const text = shown.trim();
  if (!/^\d+(\.\d+)?$/.test(text))
    return { error: `'${shown}' is not a valid value for ${p.label}: enter a number.` };
  if (p.unit.kind === 'timeSpan')
    return { value: timeSpanText(BigInt(Math.round(Number(text) * p.unit.seconds))) };
  return { value: String(Math.round(Number(text) * p.unit.per)) };
}

/** The properties of the grid for a pool or for the defaults, with the settings they read. */
export function gridProperties(settings: PoolSettings, forPool: boolean): PoolProperty[] {
  return POOL_PROPERTIES.filter((p) => (forPool || !p.poolOnly) && hasProperty(settings, p));
}

export type FormValues = Record<string, string>;

/** The grid's values as shown (Specific Times as `hh:mm:ss, hh:mm:ss`). */
export function gridValues(settings: PoolSettings, properties: readonly PoolProperty[]): FormValues {
  const values: FormValues = {};
  for (const p of properties)
    values[propertyKey(p)] = p.collection
      ? scheduleTimes(settings).join(', ')
      : shownValue(p, attributeAt(settings, p.element, p.attribute)?.value ?? '');
  return values;
}

/** The pool's specific recycling times (`<schedule><add value="03:00:00" />`). */
export function scheduleTimes(settings: PoolSettings): string[] {
  const items = settings.elements.recycling?.elements.periodicRestart?.elements.schedule?.collection?.items;
  return (items ?? []).map((i) => i.attributes.value?.value ?? '').filter((v) => v !== '');
}

/** `3:00, 15:30` → `03:00:00`, `15:30:00`; an error names the first time that is not one. */
export function parseTimes(text: string): { times: string[] } | { error: string } {
  const times: string[] = [];
  for (const part of text.split(/[,;\s]+/).filter((s) => s !== '')) {
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(part);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? '0') > 59)
      return { error: `'${part}' is not a time of day (hh:mm).` };
    const pad = (s: string) => s.padStart(2, '0');
    const time = `${pad(m[1]!)}:${m[2]}:${m[3] ?? '00'}`;
    if (!times.includes(time)) times.push(time);
  }
  return { times };
}

/** The schedule edits that turn `before` into `after` (removes first, then adds). */
export function scheduleOps(
  before: readonly string[],
  after: readonly string[],
): NonNullable<PoolChange['collections']>[string] {
  const seconds = (t: string) => timeSpanSeconds(t);
  const has = (list: readonly string[], t: string) => list.some((x) => seconds(x) === seconds(t));
  return [
    ...before.filter((t) => !has(after, t)).map((value) => ({ op: 'remove' as const, key: { value } })),
    ...after.filter((t) => !has(before, t)).map((value) => ({ op: 'add' as const, attributes: { value } })),
  ];
}

export interface FormResult {
  change: PoolChange;
  /** Values refused before anything is sent, by property key. */
  errors: Record<string, string>;
  dirty: boolean;
}

function setAttribute(change: PoolChange, element: string, name: string, value: string | null): void {
  if (element === '') (change.attributes ??= {})[name] = value;
  else ((change.elements ??= {})[element] ??= { attributes: {} }).attributes[name] = value;
}

/** The change of the Advanced Settings grid: only the values that differ from what was loaded. */
export function gridChange(
  properties: readonly PoolProperty[],
  loaded: FormValues,
  values: FormValues,
): FormResult {
  const change: PoolChange = {};
  const errors: Record<string, string> = {};
  let dirty = false;
  for (const p of properties) {
    const key = propertyKey(p);
    if (p.readOnly || values[key] === loaded[key]) continue;
    dirty = true;
    if (p.collection) {
      addScheduleChange(change, errors, loaded[key] ?? '', values[key] ?? '');
      continue;
    }
    const stored = storedValue(p, values[key] ?? '');
    if ('error' in stored) errors[key] = stored.error;
    else setAttribute(change, p.element, p.attribute, stored.value);
  }
  return { change, errors, dirty };
}

function addScheduleChange(
  change: PoolChange,
  errors: Record<string, string>,
  before: string,
  after: string,
) {
  const old = parseTimes(before);
  const next = parseTimes(after);
  if ('error' in next) errors[SCHEDULE_PATH] = next.error;
  else {
    const ops = scheduleOps('times' in old ? old.times : [], next.times);
    if (ops.length > 0) (change.collections ??= {})[SCHEDULE_PATH] = ops;
  }
}

// ---- Recycling... (IIS Manager's "Edit Application Pool Recycling Settings") ----

export interface RecyclingForm {
  timeOn: boolean;
  /** Regular time intervals (in minutes). */
  time: string;
  requestsOn: boolean;
  requests: string;
  scheduleOn: boolean;
  schedule: string;
  memoryOn: boolean;
  /** Virtual memory usage (in KB). */
  memory: string;
  privateMemoryOn: boolean;
  privateMemory: string;
}

export function recyclingForm(settings: PoolSettings): RecyclingForm {
  const value = (name: string) => attributeAt(settings, RESTART, name)?.value ?? '0';
  const minutes = (timeSpanSeconds(value('time')) ?? 0) / 60;
  const times = scheduleTimes(settings);
  const number = (name: string) => (value(name) === '0' ? '' : value(name));
  return {
    timeOn: minutes > 0,
    time: minutes > 0 ? String(minutes) : '',
    requestsOn: value('requests') !== '0',
    requests: number('requests'),
    scheduleOn: times.length > 0,
    schedule: times.join(', '),
    memoryOn: value('memory') !== '0',
    memory: number('memory'),
    privateMemoryOn: value('privateMemory') !== '0',
    privateMemory: number('privateMemory'),
  };
}

const CONDITIONS = ['time', 'requests', 'memory', 'privateMemory'] as const;

/** IIS Manager's refusal of a checked condition without a number. */
export const NUMBER_NEEDED = 'Enter a whole number greater than 0.';

/** The Recycling dialog's change: unchecked conditions become 0 (and no specific times), as IIS Manager writes them. */
export function recyclingChange(before: RecyclingForm, form: RecyclingForm): FormResult {
  const change: PoolChange = {};
  const errors: Record<string, string> = {};
  const shown = (f: RecyclingForm, key: (typeof CONDITIONS)[number]) => (f[`${key}On`] ? f[key].trim() : '0');
  for (const key of CONDITIONS) {
    const text = shown(form, key);
    if (text === shown(before, key)) continue;
    if (!/^\d+$/.test(text) || (form[`${key}On`] && Number(text) === 0)) {
      errors[key] = NUMBER_NEEDED;
      continue;
    }
    const n = Number(text);
    setAttribute(change, RESTART, key, key === 'time' ? timeSpanText(BigInt(n * 60)) : String(n));
  }
  const scheduleText = (f: RecyclingForm) => (f.scheduleOn ? f.schedule : '');
  if (scheduleText(form) !== scheduleText(before))
    addScheduleChange(change, errors, scheduleText(before), scheduleText(form));
  const dirty = Object.keys(change).length > 0 || Object.keys(errors).length > 0;
  return { change, errors, dirty };
}

// ---- Errors of the server ----

/**
 * The server's field errors by property key: `[name='Pool'].processModel.idleTimeout` and
 * `applicationPoolDefaults.processModel.idleTimeout` → `processModel.idleTimeout`.
 */
export function fieldErrors(errors: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = e.attribute
      .replace(/^\[name='(?:[^']|'')*'\]\.?/, '')
      .replace(/^applicationPoolDefaults\.?/, '');
    out[e.rule === 'DUPLICATE' ? 'name' : key] = e.message;
  }
  return out;
}
