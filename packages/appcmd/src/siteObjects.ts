// appcmd's SITE, APP and VDIR objects (add, set, delete) on `system.applicationHost/sites`, through
// the configuration engine, with IIS's identifiers and output lines (docs/appcmd.md):
// sites by name, applications as `Site/path` (the root application `Site/`), virtual directories as
// `Site/app/vdir`.

import type { CollectionItemView, ConfigEngine, SectionChange, SectionView } from '@iis-console/config';
import { ConfigError } from '@iis-console/config';
import { itemChange, type RawParam } from './sectionConfig.js';

export const SITES = 'system.applicationHost/sites';

export interface SiteIo {
  stdout(text: string): void;
}

const q = (v: string) => v.replace(/'/g, '');
const siteSel = (name: string) => `[name='${q(name)}']`;
const appSel = (path: string) => `[path='${q(path)}']`;

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

function findSite(view: SectionView, name: string): CollectionItemView {
  const site = view.collection?.items.find((s) => s.key.name?.toLowerCase() === name.toLowerCase());
  if (!site) throw new ConfigError('NOT_FOUND', `Cannot find SITE object with identifier "${name}".`);
  return site;
}

function apps(site: CollectionItemView): CollectionItemView[] {
  return site.collection?.items ?? [];
}

/** `Site/x/y` → the site, and the application with the longest path that contains `/x/y`. */
function locate(view: SectionView, identifier: string, kind: 'APP' | 'VDIR') {
  const id = identifier.replace(/\\/g, '/');
  const slash = id.indexOf('/');
  const siteName = slash < 0 ? id : id.slice(0, slash);
  const rest = slash < 0 ? '/' : id.slice(slash) || '/';
  const site = view.collection?.items.find((s) => s.key.name?.toLowerCase() === siteName.toLowerCase());
  const missing = () =>
    new ConfigError('NOT_FOUND', `Cannot find ${kind} object with identifier "${identifier}".`);
  if (!site) throw missing();
  const norm = (p: string) => (p.length > 1 ? p.replace(/\/$/, '') : p).toLowerCase();
  const target = norm(rest);
  const app = apps(site)
    .filter((a) => {
      const p = norm(a.key.path ?? '');
      return p === '/' || target === p || target.startsWith(p + '/');
    })
    .sort((a, b) => (b.key.path ?? '').length - (a.key.path ?? '').length)[0];
  if (!app) throw missing();
  const appPath = app.key.path ?? '/';
  const inApp = norm(appPath) === '/' ? target : target.slice(norm(appPath).length) || '/';
  return { site, app, appPath, vdirPath: inApp };
}

function nextSiteId(view: SectionView): string {
  const ids = (view.collection?.items ?? []).map((s) => Number(s.attributes.id?.value ?? 0));
  return String(Math.max(0, ...ids) + 1);
}

export function addSite(engine: ConfigEngine, params: readonly RawParam[], io: SiteIo): number {
  const p = named(params);
  const name = p.get('name')?.value;
  if (!name) throw new ConfigError('VALIDATION', 'Must specify the SITE object with /name:<site name>.');
  const view = sites(engine);
  const attributes: Record<string, string> = { name, id: p.get('id')?.value ?? nextSiteId(view) };
  for (const [key, v] of p) {
    if (['name', 'id', 'physicalpath', 'bindings', 'applicationpool'].includes(key)) continue;
    attributes[v.name] = v.value;
  }
  const change: SectionChange = { collections: { '': [{ op: 'add', attributes }] } };
  const physicalPath = p.get('physicalpath')?.value;
  const pool = p.get('applicationpool')?.value;
  if (physicalPath !== undefined) {
    change.collections![siteSel(name)] = [
      { op: 'add', attributes: { path: '/', ...(pool ? { applicationPool: pool } : {}) } },
    ];
    change.collections![`${siteSel(name)}.${appSel('/')}`] = [
      { op: 'add', attributes: { path: '/', physicalPath } },
    ];
  }
  const bindings = p.get('bindings')?.value;
  if (bindings) {
    change.collections![`${siteSel(name)}.bindings`] = bindings.split(',').map((b) => {
      const slash = b.indexOf('/');
      if (slash < 1)
        throw new ConfigError(
          'VALIDATION',
          `Invalid binding "${b}": use protocol/bindingInformation, e.g. http/*:80:.`,
        );
      return {
        op: 'add' as const,
        attributes: { protocol: b.slice(0, slash), bindingInformation: b.slice(slash + 1) },
      };
    });
  }
  engine.apply(SITES, '', change, { client: 'appcmd' });
  io.stdout(`SITE object "${name}" added\n`);
  if (physicalPath !== undefined) io.stdout(`APP object "${name}/" added\nVDIR object "${name}/" added\n`);
  return 0;
}

export function setSite(engine: ConfigEngine, name: string, params: readonly RawParam[], io: SiteIo): number {
  const site = findSite(sites(engine), name);
  engine.apply(SITES, '', itemChange(siteSel(site.key.name ?? name), params), { client: 'appcmd' });
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
  const attributes: Record<string, string> = { path };
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
  const site = findSite(sites(engine), siteName);
  const s = siteSel(site.key.name!);
  const change: SectionChange = { collections: { [s]: [{ op: 'add', attributes }] } };
  const physicalPath = p.get('physicalpath')?.value;
  if (physicalPath !== undefined)
    change.collections![`${s}.${appSel(path)}`] = [{ op: 'add', attributes: { path: '/', physicalPath } }];
  engine.apply(SITES, '', change, { client: 'appcmd' });
  const id = `${site.key.name}${path}`;
  io.stdout(`APP object "${id}" added\n`);
  if (physicalPath !== undefined) io.stdout(`VDIR object "${id}/" added\n`);
  return 0;
}

export function addVdir(engine: ConfigEngine, params: readonly RawParam[], io: SiteIo): number {
  const { parent: appName, path, attributes } = newEntry(params, 'app.name', 'VDIR', []);
  const { site, app, appPath } = locate(sites(engine), appName, 'APP');
  engine.apply(
    SITES,
    '',
    { collections: { [`${siteSel(site.key.name!)}.${appSel(app.key.path!)}`]: [{ op: 'add', attributes }] } },
    { client: 'appcmd' },
  );
  io.stdout(`VDIR object "${site.key.name}${appPath === '/' ? '' : appPath}${path}" added\n`);
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
      : itemChange(`${entry.collection}.${appSel(entry.path)}`, params);
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
  const { site, app } = locate(sites(engine), identifier, 'APP');
  const id = `${site.key.name}${app.key.path === '/' ? '/' : app.key.path}`;
  const entry = { kind: 'APP' as const, id, collection: siteSel(site.key.name!), path: app.key.path! };
  return setOrDeleteEntry(engine, verb, entry, params, io);
}

export function setOrDeleteVdir(
  engine: ConfigEngine,
  verb: 'set' | 'delete',
  identifier: string,
  params: readonly RawParam[],
  io: SiteIo,
): number {
  const { site, app, vdirPath } = locate(sites(engine), identifier, 'VDIR');
  const vdir = app.collection?.items.find((v) => (v.key.path ?? '').toLowerCase() === vdirPath.toLowerCase());
  if (!vdir) throw new ConfigError('NOT_FOUND', `Cannot find VDIR object with identifier "${identifier}".`);
  const collection = `${siteSel(site.key.name!)}.${appSel(app.key.path!)}`;
  return setOrDeleteEntry(
    engine,
    verb,
    { kind: 'VDIR', id: identifier, collection, path: vdir.key.path! },
    params,
    io,
  );
}
