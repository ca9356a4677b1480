// appcmd's APPPOOL object on `system.applicationHost/applicationPools`, through the configuration
// engine: `list`, `add`, `set`, `delete` with IIS's output lines (docs/appcmd.md).

import type { CollectionChange, ConfigEngine, SectionView } from '@iis-console/config';
import { ConfigError } from '@iis-console/config';
import { itemChange, type RawParam } from './sectionConfig.js';

export const APPPOOLS = 'system.applicationHost/applicationPools';

export interface AppPoolIo {
  stdout(text: string): void;
}

function pools(view: SectionView) {
  return view.collection?.items ?? [];
}

/** `APPPOOL "DefaultAppPool" (MgdVersion:v4.0,MgdMode:Integrated,state:Unknown)` per pool. */
export function listAppPools(engine: ConfigEngine, identifier: string | undefined, io: AppPoolIo): number {
  const view = engine.getSection(APPPOOLS, '', { client: 'appcmd' });
  const rows = pools(view).filter(
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
  const op: CollectionChange = { op: 'add', attributes };
  engine.apply(APPPOOLS, '', { collections: { '': [op] } }, { client: 'appcmd' });
  io.stdout(`APPPOOL object "${attributes[nameKey]}" added\n`);
  return 0;
}

export function setAppPool(
  engine: ConfigEngine,
  name: string,
  params: readonly RawParam[],
  io: AppPoolIo,
): number {
  requirePool(engine, name);
  engine.apply(APPPOOLS, '', itemChange(`[name='${name.replace(/'/g, '')}']`, params), { client: 'appcmd' });
  io.stdout(`APPPOOL object "${name}" changed\n`);
  return 0;
}

export function deleteAppPool(engine: ConfigEngine, name: string, io: AppPoolIo): number {
  requirePool(engine, name);
  engine.apply(
    APPPOOLS,
    '',
    { collections: { '': [{ op: 'remove', key: { name } }] } },
    { client: 'appcmd' },
  );
  io.stdout(`APPPOOL object "${name}" deleted\n`);
  return 0;
}

function requirePool(engine: ConfigEngine, name: string): void {
  const view = engine.getSection(APPPOOLS, '', { client: 'appcmd' });
  if (!pools(view).some((p) => p.key.name?.toLowerCase() === name.toLowerCase()))
    throw new ConfigError('NOT_FOUND', `Cannot find APPPOOL object with identifier "${name}".`);
}
