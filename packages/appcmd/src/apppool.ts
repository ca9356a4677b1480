// appcmd's APPPOOL object on `system.applicationHost/applicationPools`: `list`, `add`, `set`, `delete`
// with IIS's output lines (docs/appcmd.md). The pool rules (names, lookups, the changes) are the
// configuration system's (packages/config/src/apphost/applicationPools.ts), shared with the API.

import type { ConfigEngine } from '@iis-console/config';
import {
  APPLICATION_POOLS_SECTION,
  ConfigError,
  addApplicationPool,
  changeApplicationPool,
  poolItemPath,
  poolItems,
  requireApplicationPool,
} from '@iis-console/config';
import { itemChange, type RawParam } from './sectionConfig.js';

export const APPPOOLS = APPLICATION_POOLS_SECTION;

export interface AppPoolIo {
  stdout(text: string): void;
}

/** `APPPOOL "DefaultAppPool" (MgdVersion:v4.0,MgdMode:Integrated,state:Unknown)` per pool. */
export function listAppPools(engine: ConfigEngine, identifier: string | undefined, io: AppPoolIo): number {
  const view = engine.getSection(APPPOOLS, '', { client: 'appcmd' });
  const rows = poolItems(view).filter(
    (p) => !identifier || p.key.name?.toLowerCase() === identifier.toLowerCase(),
  );
  for (const p of rows) {
    const a = p.attributes;
    // Status comes from W3SVC, which this tool cannot ask: "Unknown", as `list site` says.
    io.stdout(
      `APPPOOL "${p.key.name}" (MgdVersion:${a.managedRuntimeVersion?.value ?? ''},MgdMode:${a.managedPipelineMode?.value ?? ''},state:Unknown)\n`,
    );
  }
  return rows.length === 0 ? 1 : 0;
}

export function addAppPool(engine: ConfigEngine, params: readonly RawParam[], io: AppPoolIo): number {
  const attributes: Record<string, string> = {};
  for (const p of params) {
    const colon = p.raw.indexOf(':');
    const name = colon < 0 ? p.raw : p.raw.slice(0, colon);
    if (name.includes('.'))
      throw new ConfigError(
        'VALIDATION',
        `Set child elements with "appcmd set apppool" after adding the pool (${name}).`,
      );
    attributes[name] = colon < 0 ? '' : p.raw.slice(colon + 1);
  }
  const nameKey = Object.keys(attributes).find((k) => k.toLowerCase() === 'name');
  if (!nameKey)
    throw new ConfigError('VALIDATION', 'Must specify the APPPOOL object with /name:<pool name>.');
  const { [nameKey]: name, ...rest } = attributes;
  addApplicationPool(engine, { name: name!, attributes: rest }, { client: 'appcmd' });
  io.stdout(`APPPOOL object "${name}" added\n`);
  return 0;
}

export function setAppPool(
  engine: ConfigEngine,
  name: string,
  params: readonly RawParam[],
  io: AppPoolIo,
): number {
  const pool = requireApplicationPool(engine.getSection(APPPOOLS, '', { client: 'appcmd' }), name);
  changeApplicationPool(engine, name, itemChange(poolItemPath(pool.key.name ?? name), params), {
    client: 'appcmd',
    raw: true,
  });
  io.stdout(`APPPOOL object "${name}" changed\n`);
  return 0;
}

export function deleteAppPool(engine: ConfigEngine, name: string, io: AppPoolIo): number {
  const pool = requireApplicationPool(engine.getSection(APPPOOLS, '', { client: 'appcmd' }), name);
  // IIS's appcmd removes a pool that applications still use; the console refuses (they would fail).
  engine.apply(
    APPPOOLS,
    '',
    { collections: { '': [{ op: 'remove', key: { name: pool.key.name ?? name } }] } },
    { client: 'appcmd' },
  );
  io.stdout(`APPPOOL object "${name}" deleted\n`);
  return 0;
}
