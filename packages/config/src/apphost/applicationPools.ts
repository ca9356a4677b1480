// IIS's application pools (`system.applicationHost/applicationPools`) as IIS Manager and appcmd see
// them: the list with its columns, add / change / remove a pool, and the pool defaults, all through
// the configuration engine (lossless, history, ETag). Shared by the API and appcmd's APPPOOL object.

import type {
  AdvisorPoolInput,
  CollectionItemView,
  SectionApplyResult,
  SectionChange,
  SectionView,
} from '@iis-console/config-common';
import { APPLICATION_POOLS_SECTION, poolItemPath } from '@iis-console/config-common';
import type { ConfigEngine, EngineApplyOptions } from '../engine/ConfigEngine.js';
import { ConfigError, ValidationError } from '../errors.js';
import type { ServerTree } from './ServerTree.js';

export { APPLICATION_POOLS_SECTION } from '@iis-console/config-common';

/** Characters Microsoft.Web.Administration refuses in a pool name (`ApplicationPoolCollection.InvalidApplicationPoolNameCharacters`). */
export const INVALID_POOL_NAME_CHARACTERS = [
  '\\',
  '/',
  '"',
  '|',
  '<',
  '>',
  ':',
  '*',
  '?',
  ']',
  '[',
  '+',
  '=',
  ';',
  ',',
  '@',
  '&',
];
/** WAS ignores a pool whose name is longer (event 5050). */
export const MAX_POOL_NAME_LENGTH = 64;

/** IIS's value error for a bad pool name (`applicationPoolName` validator). */
export const INVALID_POOL_NAME_MESSAGE = "The 'name' attribute is invalid.  Invalid application pool name";

/** Refuses a pool name IIS refuses (empty, white space only, a reserved character) or WAS would ignore (> 64). */
export function checkApplicationPoolName(name: string, attribute = 'name'): void {
  if (name.trim() === '' || INVALID_POOL_NAME_CHARACTERS.some((c) => name.includes(c))) {
    throw new ValidationError([{ attribute, rule: 'VALUE', message: INVALID_POOL_NAME_MESSAGE }]);
  }
  if (name.length > MAX_POOL_NAME_LENGTH) {
    throw new ValidationError([
      {
        attribute,
        rule: 'VALUE',
        message: `The application pool name is ${name.length} characters long; IIS ignores application pools whose name is longer than ${MAX_POOL_NAME_LENGTH} characters.`,
      },
    ]);
  }
}

/** One row of IIS Manager's Application Pools view. */
export interface ApplicationPoolRow {
  name: string;
  /** `v4.0`, `v2.0`, or '' (IIS Manager: "No Managed Code"). */
  managedRuntimeVersion: string;
  managedPipelineMode: string;
  /** `ApplicationPoolIdentity`, `NetworkService`, … or the user name of a SpecificUser identity. */
  identity: string;
  identityType: string;
  autoStart: boolean;
  startMode: string;
  /** Applications whose pool this is. */
  applications: number;
}

export function applicationPoolsView(engine: ConfigEngine): SectionView {
  return engine.getSection(APPLICATION_POOLS_SECTION, '', { client: 'console' });
}

export function poolItems(view: SectionView): CollectionItemView[] {
  return view.collection?.items ?? [];
}

export function findApplicationPool(view: SectionView, name: string): CollectionItemView | undefined {
  const lower = name.toLowerCase();
  return poolItems(view).find((p) => (p.key.name ?? '').toLowerCase() === lower);
}

/** appcmd's and IIS's "not found" for a pool. */
export function requireApplicationPool(view: SectionView, name: string): CollectionItemView {
  const pool = findApplicationPool(view, name);
  if (!pool) throw new ConfigError('NOT_FOUND', `Cannot find APPPOOL object with identifier "${name}".`);
  return pool;
}

const value = (item: { attributes: Record<string, { value: string }> } | undefined, name: string) =>
  item?.attributes[name]?.value ?? '';

/** Applications per pool (lower-case pool name), from the server tree (`applicationDefaults` applied). */
export function applicationsByPool(tree: ServerTree): Map<string, Array<{ site: string; path: string }>> {
  const out = new Map<string, Array<{ site: string; path: string }>>();
  for (const site of tree.sites) {
    for (const app of site.applications) {
      const key = app.applicationPool.toLowerCase();
      const list = out.get(key) ?? [];
      list.push({ site: site.name, path: app.path });
      out.set(key, list);
    }
  }
  return out;
}

export function applicationPoolRow(pool: CollectionItemView, applications: number): ApplicationPoolRow {
  const processModel = pool.elements.processModel;
  const identityType = value(processModel, 'identityType') || 'ApplicationPoolIdentity';
  return {
    name: pool.key.name ?? '',
    managedRuntimeVersion: value(pool, 'managedRuntimeVersion'),
    managedPipelineMode: value(pool, 'managedPipelineMode') || 'Integrated',
    identity: identityType === 'SpecificUser' ? value(processModel, 'userName') : identityType,
    identityType,
    autoStart: value(pool, 'autoStart') !== 'false',
    startMode: value(pool, 'startMode') || 'OnDemand',
    applications,
  };
}

/** Every pool as IIS Manager lists it, with the number of applications in each. */
export function listApplicationPools(
  engine: ConfigEngine,
  tree: ServerTree,
): { rows: ApplicationPoolRow[]; view: SectionView } {
  const view = applicationPoolsView(engine);
  const byPool = applicationsByPool(tree);
  const rows = poolItems(view).map((p) =>
    applicationPoolRow(p, byPool.get((p.key.name ?? '').toLowerCase())?.length ?? 0),
  );
  return { rows, view };
}

/** What the session state advisor reads of a pool (docs/advisor.md). */
export function advisorPoolInput(pool: CollectionItemView): AdvisorPoolInput {
  const processModel = pool.elements.processModel;
  const periodicRestart = pool.elements.recycling?.elements.periodicRestart;
  return {
    name: pool.key.name ?? '',
    maxProcesses: value(processModel, 'maxProcesses') || '1',
    idleTimeout: value(processModel, 'idleTimeout'),
    idleTimeoutAction: value(processModel, 'idleTimeoutAction'),
    periodicRestartTime: value(periodicRestart, 'time'),
    schedule: (periodicRestart?.elements.schedule?.collection?.items ?? []).map((i) => value(i, 'value')),
  };
}

/** The advisor's view of every pool, by lower-case name. */
export function advisorPools(view: SectionView): Map<string, AdvisorPoolInput> {
  return new Map(poolItems(view).map((p) => [(p.key.name ?? '').toLowerCase(), advisorPoolInput(p)]));
}

/** A change below one pool, in the pool's own terms (paths relative to the `<add>`), as IIS Manager's dialogs make it. */
export interface PoolChange {
  attributes?: Record<string, string | null>;
  /** Child elements by dotted path below the pool: `processModel`, `recycling.periodicRestart`. */
  elements?: Record<string, { attributes: Record<string, string | null> }>;
  /** Collections below the pool: `recycling.periodicRestart.schedule`, `environmentVariables`. */
  collections?: SectionChange['collections'];
}

/** The same change as the engine takes it for the section (every path prefixed by the pool's item path). */
export function poolSectionChange(name: string, change: PoolChange): SectionChange {
  const item = poolItemPath(name);
  const out: SectionChange = {};
  if (change.attributes && Object.keys(change.attributes).length > 0)
    out.elements = { [item]: { attributes: change.attributes } };
  for (const [path, edit] of Object.entries(change.elements ?? {}))
    (out.elements ??= {})[`${item}.${path}`] = edit;
  for (const [path, ops] of Object.entries(change.collections ?? {}))
    (out.collections ??= {})[path === '' ? item : `${item}.${path}`] = ops;
  return out;
}

/**
 * Adds a pool (IIS Manager's Add Application Pool…, appcmd `add apppool`): the name checked as IIS
 * checks it, a duplicate refused with IIS's message, attributes and child elements written as given.
 */
export function addApplicationPool(
  engine: ConfigEngine,
  input: { name: string; attributes?: Record<string, string>; elements?: PoolChange['elements'] },
  options: EngineApplyOptions,
): SectionApplyResult {
  checkApplicationPoolName(input.name);
  const attributes: Record<string, string> = { name: input.name };
  for (const [k, v] of Object.entries(input.attributes ?? {}))
    if (k.toLowerCase() !== 'name') attributes[k] = v;
  const change: SectionChange = { collections: { '': [{ op: 'add', attributes }] } };
  const rest = poolSectionChange(input.name, { elements: input.elements });
  if (rest.elements) change.elements = rest.elements;
  return engine.apply(APPLICATION_POOLS_SECTION, '', change, options);
}

/** Changes one pool (Basic Settings…, Advanced Settings…, Recycling…, appcmd `set apppool`). */
export function changeApplicationPool(
  engine: ConfigEngine,
  name: string,
  change: PoolChange | SectionChange,
  options: EngineApplyOptions & { raw?: boolean },
): SectionApplyResult {
  const view = applicationPoolsView(engine);
  const pool = requireApplicationPool(view, name);
  const poolName = pool.key.name ?? name;
  if (
    !options.raw &&
    Object.keys((change as PoolChange).attributes ?? {}).some((k) => k.toLowerCase() === 'name')
  ) {
    // Applications name their pool: a renamed pool would leave them pointing at nothing.
    throw new ValidationError([
      {
        attribute: 'name',
        rule: 'VALUE',
        message:
          'An application pool is not renamed by a change of its settings: add a pool with the new name, move the applications to it, then remove the old one.',
      },
    ]);
  }
  const sectionChange = options.raw
    ? (change as SectionChange)
    : poolSectionChange(poolName, change as PoolChange);
  return engine.apply(APPLICATION_POOLS_SECTION, '', sectionChange, options);
}

/** Why a pool that applications use is not removed. */
export function poolInUseMessage(
  poolName: string,
  users: ReadonlyArray<{ site: string; path: string }>,
): string {
  const list = users
    .slice(0, 5)
    .map((a) => `${a.site}${a.path === '/' ? '/' : a.path}`)
    .join(', ');
  const n = users.length;
  return `The application pool "${poolName}" cannot be removed: ${n} application${n === 1 ? '' : 's'} use${n === 1 ? 's' : ''} it (${list}${n > 5 ? ', …' : ''}). Move ${n === 1 ? 'it' : 'them'} to another application pool first.`;
}

/**
 * Removes a pool. The console refuses while applications use it (they would answer 503 until moved);
 * appcmd's `delete apppool`, like IIS's, removes it anyway (`allowInUse`).
 */
export function removeApplicationPool(
  engine: ConfigEngine,
  tree: ServerTree,
  name: string,
  options: EngineApplyOptions & { allowInUse?: boolean },
): SectionApplyResult {
  const view = applicationPoolsView(engine);
  const pool = requireApplicationPool(view, name);
  const poolName = pool.key.name ?? name;
  const users = applicationsByPool(tree).get(poolName.toLowerCase()) ?? [];
  if (users.length > 0 && !options.allowInUse)
    throw new ConfigError('CONFLICT', poolInUseMessage(poolName, users));
  return engine.apply(
    APPLICATION_POOLS_SECTION,
    '',
    { collections: { '': [{ op: 'remove', key: { name: poolName } }] } },
    options,
  );
}

/** Set Application Pool Defaults…: `<applicationPoolDefaults>` and its child elements. */
export function setApplicationPoolDefaults(
  engine: ConfigEngine,
  change: Pick<PoolChange, 'attributes' | 'elements'>,
  options: EngineApplyOptions,
): SectionApplyResult {
  const elements: NonNullable<SectionChange['elements']> = {};
  if (change.attributes && Object.keys(change.attributes).length > 0)
    elements.applicationPoolDefaults = { attributes: change.attributes };
  for (const [path, edit] of Object.entries(change.elements ?? {}))
    elements[`applicationPoolDefaults.${path}`] = edit;
  return engine.apply(APPLICATION_POOLS_SECTION, '', { elements }, options);
}
