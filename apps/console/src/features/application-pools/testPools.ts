// Test data for the Application Pools page in the API's shapes: the list, and the section read with
// IIS's defaults for a pool (what `GET /api/config/section?section=…applicationPools` answers).

import type {
  ApplicationPoolItem,
  ApplicationPoolsResponse,
  AttributeValue,
  ConfigElement,
  SectionResponse,
} from '@iis-console/contracts';
import type { PoolSettings } from './poolModel';

export const NOT_WINDOWS =
  'This host does not run IIS (W3SVC): the state of application pools and sites is unknown, and Start, Stop and Recycle are unavailable.';

const BOOL = 'bool';
type Spec = [name: string, type: AttributeValue['type'], value: string, choices?: string[]];

/** IIS's defaults of a pool, by element (a subset of the schema, with its types and choices). */
const SCHEMA: Record<string, Spec[]> = {
  '': [
    ['name', 'string', ''],
    ['queueLength', 'uint', '1000'],
    ['autoStart', BOOL, 'true'],
    ['enable32BitAppOnWin64', BOOL, 'false'],
    ['managedRuntimeVersion', 'string', 'v4.0'],
    ['managedPipelineMode', 'enum', 'Integrated', ['Integrated', 'Classic']],
    ['startMode', 'enum', 'OnDemand', ['OnDemand', 'AlwaysRunning']],
  ],
  processModel: [
    [
      'identityType',
      'enum',
      'ApplicationPoolIdentity',
      ['LocalSystem', 'LocalService', 'NetworkService', 'SpecificUser', 'ApplicationPoolIdentity'],
    ],
    ['userName', 'string', ''],
    ['password', 'string', ''],
    ['idleTimeout', 'timeSpan', '00:20:00'],
    ['idleTimeoutAction', 'enum', 'Terminate', ['Terminate', 'Suspend']],
    ['maxProcesses', 'uint', '1'],
    ['pingInterval', 'timeSpan', '00:00:30'],
  ],
  cpu: [
    ['limit', 'uint', '0'],
    ['action', 'enum', 'NoAction', ['NoAction', 'KillW3wp', 'Throttle', 'ThrottleUnderLoad']],
  ],
  recycling: [['disallowOverlappingRotation', BOOL, 'false']],
  'recycling.periodicRestart': [
    ['memory', 'uint', '0'],
    ['privateMemory', 'uint', '0'],
    ['requests', 'uint', '0'],
    ['time', 'timeSpan', '1.05:00:00'],
  ],
};

function attribute([name, type, value, choices]: Spec, overrides: Record<string, string>, path: string) {
  const key = path === '' ? name : `${path}.${name}`;
  const v = overrides[key] ?? value;
  const attr: AttributeValue = {
    name,
    type,
    value: v,
    origin: 'default',
    local: false,
    locked: false,
    defaultValue: value,
  };
  return choices ? { ...attr, choices } : attr;
}

function element(name: string, path: string, overrides: Record<string, string>): ConfigElement {
  const children = Object.keys(SCHEMA).filter(
    (p) => p.startsWith(`${path}.`) && !p.slice(path.length + 1).includes('.'),
  );
  return {
    name,
    path,
    attributes: Object.fromEntries((SCHEMA[path] ?? []).map((s) => [s[0], attribute(s, overrides, path)])),
    elements: Object.fromEntries(
      children.map((c) => [c.split('.').pop()!, element(c.split('.').pop()!, c, overrides)]),
    ),
    locked: false,
    unknownAttributes: [],
  };
}

/** A pool's settings: IIS's defaults, `overrides` by key (`processModel.idleTimeout`), specific times. */
export function poolSettings(
  name: string,
  options: { overrides?: Record<string, string>; schedule?: string[] } = {},
): PoolSettings & { key: Record<string, string> } {
  const overrides = { name, ...options.overrides };
  const elements = Object.fromEntries(
    ['processModel', 'cpu', 'recycling'].map((e) => [e, element(e, e, overrides)]),
  );
  const restart = elements.recycling!.elements.periodicRestart!;
  restart.elements.schedule = {
    name: 'schedule',
    path: 'recycling.periodicRestart.schedule',
    attributes: {},
    elements: {},
    locked: false,
    unknownAttributes: [],
    collection: {
      addElement: ['add'],
      keys: ['value'],
      allowDuplicates: false,
      mergeAppend: true,
      lockedElements: [],
      items: (options.schedule ?? []).map((value) => ({
        elementName: 'add',
        key: { value },
        attributes: { value: attribute(['value', 'timeSpan', value], {}, '') },
        elements: {},
        origin: 'default',
        local: true,
        locked: false,
      })),
    },
  };
  return { key: { name }, attributes: element('', '', overrides).attributes, elements };
}

export function poolItem(name: string, overrides: Partial<ApplicationPoolItem> = {}): ApplicationPoolItem {
  return {
    name,
    status: 'Unknown',
    managedRuntimeVersion: 'v4.0',
    managedPipelineMode: 'Integrated',
    identity: 'ApplicationPoolIdentity',
    identityType: 'ApplicationPoolIdentity',
    autoStart: true,
    startMode: 'OnDemand',
    applications: 0,
    ...overrides,
  };
}

export function poolList(items: ApplicationPoolItem[], etag = '"e1"'): ApplicationPoolsResponse {
  return { items, statusReason: items.some((i) => i.status === 'Unknown') ? NOT_WINDOWS : null, etag };
}

/** The section read: the pools given, and `<applicationPoolDefaults>` with IIS's defaults. */
export function poolsSection(pools: ReturnType<typeof poolSettings>[], etag = '"e1"'): SectionResponse {
  const defaults = poolSettings('');
  return {
    section: 'system.applicationHost/applicationPools',
    sitePath: '',
    configPath: 'MACHINE/WEBROOT/APPHOST',
    levelKind: 'server',
    name: 'applicationPools',
    path: '',
    attributes: {},
    elements: {
      applicationPoolDefaults: {
        name: 'applicationPoolDefaults',
        path: 'applicationPoolDefaults',
        attributes: Object.fromEntries(Object.entries(defaults.attributes).filter(([k]) => k !== 'name')),
        elements: defaults.elements,
        locked: false,
        unknownAttributes: [],
      },
    },
    collection: {
      addElement: ['add'],
      keys: ['name'],
      allowDuplicates: false,
      mergeAppend: true,
      lockedElements: [],
      items: pools.map((p) => ({ elementName: 'add', origin: 'default', local: true, locked: false, ...p })),
    },
    locked: false,
    unknownAttributes: [],
    declaration: { allowDefinition: 'AppHostOnly', overrideModeDefault: 'Deny', file: null },
    overrideMode: 'Deny',
    sectionLocked: false,
    target: {
      file: 'Windows/System32/inetsrv/config/applicationHost.config',
      configPath: 'MACHINE/WEBROOT/APPHOST',
      location: null,
      commitPath: 'MACHINE/WEBROOT/APPHOST',
      exists: true,
    },
    readOnly: null,
    errors: [],
    etag,
  };
}
