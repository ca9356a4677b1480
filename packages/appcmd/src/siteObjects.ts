// appcmd's SITE, APP and VDIR objects (add, set, delete) on `system.applicationHost/sites`, through
// the configuration engine, with IIS's identifiers and output lines (docs/appcmd.md):
// sites by name, applications as `Site/path` (the root application `Site/`), virtual directories as
// `Site/app/vdir`. Lookups and the changes are the configuration system's
// (packages/config/src/apphost/sites.ts), shared with the API.

import type { ConfigEngine, SectionView, SiteBinding } from '@iis-console/config';
import {
  ConfigError,
  SITES_SECTION,
  findSite,
  locateSitePath,
  newApplicationChange,
  newSiteChange,
  newVirtualDirectoryChange,
  pathSelector,
  siteSelector,
} from '@iis-console/config';
import { itemChange, type RawParam } from './sectionConfig.js';

export const SITES = SITES_SECTION;

export interface SiteIo {
  stdout(text: string): void;
}

function sites(engine: ConfigEngine): SectionView {
  return engine.getSection(SITES, '', { client: 'appcmd' });
}

/** Parameters by lower-case name (values as given). */
function named(params: readonly RawParam[]): Map<string, { name: string; value: string }> {
  const out = new Map<string, { name: string; value: string }>();
  for (const p of params) {
    const colon = p.raw.indexOf(':');
    const name = colon < 0 ? p.raw : p.raw.slice(0, colon);
    out.set(name.toLowerCase(), { name, value: colon < 0 ? '' : p.raw.slice(colon + 1) });
  }
  return out;
}

/** `/bindings:http/*:80:,https/*:443:` → the bindings. */
function parseBindings(text: string): SiteBinding[] {
  return text.split(',').map((b) => {
    const slash = b.indexOf('/');
    if (slash < 1)
      throw new ConfigError(
        'VALIDATION',
        `Invalid binding "${b}": use protocol/bindingInformation, e.g. http/*:80:.`,
      );
    return { protocol: b.slice(0, slash), bindingInformation: b.slice(slash + 1) };
  });
}

export function addSite(engine: ConfigEngine, params: readonly RawParam[], io: SiteIo): number {
  const p = named(params);
  const name = p.get('name')?.value;
  if (!name) throw new ConfigError('VALIDATION', 'Must specify the SITE object with /name:<site name>.');
  const attributes: Record<string, string> = {};
  for (const [key, v] of p) {
    if (['name', 'id', 'physicalpath', 'bindings', 'applicationpool'].includes(key)) continue;
    attributes[v.name] = v.value;
  }
  const physicalPath = p.get('physicalpath')?.value;
  const pool = p.get('applicationpool')?.value;
  const bindings = p.get('bindings')?.value;
  const { change } = newSiteChange(sites(engine), {
    name,
    ...(p.get('id') ? { id: p.get('id')!.value } : {}),
    ...(physicalPath !== undefined ? { physicalPath } : {}),
    ...(pool ? { applicationPool: pool } : {}),
    ...(bindings ? { bindings: parseBindings(bindings) } : {}),
    attributes,
  });
  engine.apply(SITES, '', change, { client: 'appcmd' });
  io.stdout(`SITE object "${name}" added\n`);
  if (physicalPath !== undefined) io.stdout(`APP object "${name}/" added\nVDIR object "${name}/" added\n`);
  return 0;
}

export function setSite(engine: ConfigEngine, name: string, params: readonly RawParam[], io: SiteIo): number {
  const site = findSite(sites(engine), name);
  engine.apply(SITES, '', itemChange(siteSelector(site.key.name ?? name), params), { client: 'appcmd' });
  io.stdout(`SITE object "${site.key.name}" changed\n`);
  return 0;
}

export function deleteSite(engine: ConfigEngine, name: string, io: SiteIo): number {
  const site = findSite(sites(engine), name);
  engine.apply(
    SITES,
    '',
    { collections: { '': [{ op: 'remove', key: { name: site.key.name! } }] } },
    { client: 'appcmd' },
  );
  io.stdout(`SITE object "${site.key.name}" deleted\n`);
  return 0;
}

/**
 * The parent (`/site.name:` or `/app.name:`) and `/path:` a new APP or VDIR needs, and the other
 * properties as the new entry's attributes.
 */
function newEntry(params: readonly RawParam[], parentParam: string, kind: 'APP' | 'VDIR', skip: string[]) {
  const p = named(params);
  const parent = p.get(parentParam)?.value;
  const path = p.get('path')?.value;
  if (!parent || !path) {
    throw new ConfigError(
      'VALIDATION',
      `Must specify /${parentParam}:<name> and /path:/<path> for a new ${kind} object.`,
    );
  }
  const attributes: Record<string, string> = {};
  for (const [key, v] of p) if (![parentParam, 'path', ...skip].includes(key)) attributes[v.name] = v.value;
  return { parent, path, attributes, params: p };
}

export function addApp(engine: ConfigEngine, params: readonly RawParam[], io: SiteIo): number {
  const {
    parent: siteName,
    path,
    attributes,
    params: p,
  } = newEntry(params, 'site.name', 'APP', ['physicalpath']);
  const physicalPath = p.get('physicalpath')?.value;
  const { change, siteName: name } = newApplicationChange(sites(engine), {
    site: siteName,
    path,
    ...(physicalPath !== undefined ? { physicalPath } : {}),
    attributes,
  });
  engine.apply(SITES, '', change, { client: 'appcmd' });
  const id = `${name}${path}`;
  io.stdout(`APP object "${id}" added\n`);
  if (physicalPath !== undefined) io.stdout(`VDIR object "${id}/" added\n`);
  return 0;
}

export function addVdir(engine: ConfigEngine, params: readonly RawParam[], io: SiteIo): number {
  const { parent: appName, path, attributes } = newEntry(params, 'app.name', 'VDIR', []);
  const { change, id } = newVirtualDirectoryChange(sites(engine), { application: appName, path, attributes });
  engine.apply(SITES, '', change, { client: 'appcmd' });
  io.stdout(`VDIR object "${id}" added\n`);
  return 0;
}

/** `set` or `delete` of one entry of a collection of the sites section (an application, a virtual directory). */
function setOrDeleteEntry(
  engine: ConfigEngine,
  verb: 'set' | 'delete',
  entry: { kind: 'APP' | 'VDIR'; id: string; collection: string; path: string },
  params: readonly RawParam[],
  io: SiteIo,
): number {
  const change =
    verb === 'delete'
      ? { collections: { [entry.collection]: [{ op: 'remove' as const, key: { path: entry.path } }] } }
      : itemChange(`${entry.collection}.${pathSelector(entry.path)}`, params);
  engine.apply(SITES, '', change, { client: 'appcmd' });
  io.stdout(`${entry.kind} object "${entry.id}" ${verb === 'delete' ? 'deleted' : 'changed'}\n`);
  return 0;
}

export function setOrDeleteApp(
  engine: ConfigEngine,
  verb: 'set' | 'delete',
  identifier: string,
  params: readonly RawParam[],
  io: SiteIo,
): number {
  const { site, app } = locateSitePath(sites(engine), identifier, 'APP');
  const id = `${site.key.name}${app.key.path === '/' ? '/' : app.key.path}`;
  const entry = { kind: 'APP' as const, id, collection: siteSelector(site.key.name!), path: app.key.path! };
  return setOrDeleteEntry(engine, verb, entry, params, io);
}

export function setOrDeleteVdir(
  engine: ConfigEngine,
  verb: 'set' | 'delete',
  identifier: string,
  params: readonly RawParam[],
  io: SiteIo,
): number {
  const { site, app, vdirPath } = locateSitePath(sites(engine), identifier, 'VDIR');
  const vdir = app.collection?.items.find((v) => (v.key.path ?? '').toLowerCase() === vdirPath.toLowerCase());
  if (!vdir) throw new ConfigError('NOT_FOUND', `Cannot find VDIR object with identifier "${identifier}".`);
  const collection = `${siteSelector(site.key.name!)}.${pathSelector(app.key.path!)}`;
  return setOrDeleteEntry(
    engine,
    verb,
    { kind: 'VDIR', id: identifier, collection, path: vdir.key.path! },
    params,
    io,
  );
}
