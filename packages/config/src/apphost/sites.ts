// IIS's sites, applications and virtual directories (`system.applicationHost/sites`) as IIS Manager
// and appcmd see them: the Sites list, Add Website…, Edit Bindings…, Add Application…, Add Virtual
// Directory…, Convert to Application and Remove, all through the configuration engine (lossless,
// history, ETag). Removing never touches content on disk. Shared by the API and appcmd's SITE, APP and
// VDIR objects.

import type {
  CollectionChange,
  CollectionItemView,
  SectionApplyResult,
  SectionChange,
  SectionView,
} from '@iis-console/config-common';
import type { ConfigEngine, EngineApplyOptions } from '../engine/ConfigEngine.js';
import { ConfigError, ValidationError } from '../errors.js';

export const SITES_SECTION = 'system.applicationHost/sites';

/** Characters Microsoft.Web.Administration refuses in a site name (`SiteCollection.InvalidSiteNameCharacters`). */
export const INVALID_SITE_NAME_CHARACTERS = [
  '\\',
  '/',
  '?',
  ';',
  ':',
  '@',
  '&',
  '=',
  '+',
  '$',
  ',',
  '|',
  '"',
  '<',
  '>',
];
export const INVALID_SITE_NAME_MESSAGE = "The 'name' attribute is invalid.  Invalid site name";

const q = (v: string) => v.replace(/'/g, '');
/** `[name='Site']`: a site's item path in the sites section (appcmd's notation). */
export const siteSelector = (name: string) => `[name='${q(name)}']`;
/** `[path='/app']`: an application's (or a virtual directory's) item path below its parent. */
export const pathSelector = (path: string) => `[path='${q(path)}']`;

export interface SiteBinding {
  protocol: string;
  bindingInformation: string;
  sslFlags?: string;
}

export function checkSiteName(name: string): void {
  if (name.trim() === '' || INVALID_SITE_NAME_CHARACTERS.some((c) => name.includes(c)))
    throw new ValidationError([{ attribute: 'name', rule: 'VALUE', message: INVALID_SITE_NAME_MESSAGE }]);
}

export function sitesView(engine: ConfigEngine, client: 'console' | 'appcmd' = 'console'): SectionView {
  return engine.getSection(SITES_SECTION, '', { client });
}

export function siteItems(view: SectionView): CollectionItemView[] {
  return view.collection?.items ?? [];
}

/** A site by name (any case), or IIS's "not found". */
export function findSite(view: SectionView, name: string): CollectionItemView {
  const site = siteItems(view).find((s) => s.key.name?.toLowerCase() === name.toLowerCase());
  if (!site) throw new ConfigError('NOT_FOUND', `Cannot find SITE object with identifier "${name}".`);
  return site;
}

export function applicationItems(site: CollectionItemView): CollectionItemView[] {
  return site.collection?.items ?? [];
}

const norm = (p: string) => (p.length > 1 ? p.replace(/\/$/, '') : p).toLowerCase();

/**
 * `Site/x/y` (appcmd's identifier, or the API's site path) → the site, the application with the
 * longest path that contains `/x/y`, and the path inside that application.
 */
export function locateSitePath(view: SectionView, identifier: string, kind: 'APP' | 'VDIR' | 'SITE') {
  const id = identifier.replace(/\\/g, '/');
  const slash = id.indexOf('/');
  const siteName = slash < 0 ? id : id.slice(0, slash);
  const rest = slash < 0 ? '/' : id.slice(slash) || '/';
  const missing = () =>
    new ConfigError('NOT_FOUND', `Cannot find ${kind} object with identifier "${identifier}".`);
  const site = siteItems(view).find((s) => s.key.name?.toLowerCase() === siteName.toLowerCase());
  if (!site) throw missing();
  const target = norm(rest);
  const app = applicationItems(site)
    .filter((a) => {
      const p = norm(a.key.path ?? '');
      return p === '/' || target === p || target.startsWith(p + '/');
    })
    .sort((a, b) => (b.key.path ?? '').length - (a.key.path ?? '').length)[0];
  if (!app) throw missing();
  const appPath = app.key.path ?? '/';
  const vdirPath = norm(appPath) === '/' ? target : target.slice(norm(appPath).length) || '/';
  // The path inside the site as given (its case kept): `/app/docs`.
  const given = rest.length > 1 ? rest.replace(/\/+$/, '') || '/' : rest;
  return { site, app, appPath, vdirPath, virtualPath: target, given };
}

/** The next free site id (IIS: one more than the highest). */
export function nextSiteId(view: SectionView): string {
  const ids = siteItems(view).map((s) => Number(s.attributes.id?.value ?? 0));
  return String(Math.max(0, ...ids) + 1);
}

/** `*:80:shop.local` → `{ ip: '*', port: '80', host: 'shop.local' }` (an IPv6 address in brackets). */
export function parseBindingInformation(
  info: string,
): { ip: string; port: string; host: string } | undefined {
  const m = /^(\[[^\]]*\]|[^:]*):(\d*):(.*)$/.exec(info);
  if (!m) return undefined;
  return { ip: m[1] || '*', port: m[2] ?? '', host: m[3] ?? '' };
}

/** IIS Manager's Binding column: `*:80 (http)`, `shop.local on *:80 (http)`; other protocols as written. */
export function bindingDisplay(b: SiteBinding): string {
  const p =
    b.protocol.toLowerCase() === 'http' || b.protocol.toLowerCase() === 'https'
      ? parseBindingInformation(b.bindingInformation)
      : undefined;
  if (!p) return `${b.bindingInformation} (${b.protocol})`;
  return `${p.host ? `${p.host} on ` : ''}${p.ip}:${p.port} (${b.protocol})`;
}

/** Two bindings IIS cannot both listen on: same protocol family, port, host name, and overlapping IP. */
function sameEndpoint(a: SiteBinding, b: SiteBinding): boolean {
  const web = (p: string) =>
    p.toLowerCase() === 'https' || p.toLowerCase() === 'http' ? 'web' : p.toLowerCase();
  if (web(a.protocol) !== web(b.protocol)) return false;
  const pa = parseBindingInformation(a.bindingInformation);
  const pb = parseBindingInformation(b.bindingInformation);
  if (!pa || !pb) return a.bindingInformation.toLowerCase() === b.bindingInformation.toLowerCase();
  return (
    pa.port === pb.port &&
    pa.host.toLowerCase() === pb.host.toLowerCase() &&
    pa.ip.toLowerCase() === pb.ip.toLowerCase()
  );
}

/** IIS Manager's warning for a binding another site already has (`Binding` as it shows it: `*:80:`). */
export function duplicateBindingMessage(binding: SiteBinding): string {
  return `The binding '${binding.bindingInformation}' is assigned to another site. If you assign the same binding to this site, you will only be able to start one of the sites. Are you sure that you want to add this duplicate binding?`;
}

/** Bindings of `bindings` that another site (not `exceptSite`) already uses, with that site. */
export function bindingConflicts(
  view: SectionView,
  bindings: readonly SiteBinding[],
  exceptSite?: string,
): Array<{ binding: SiteBinding; site: string }> {
  const out: Array<{ binding: SiteBinding; site: string }> = [];
  for (const site of siteItems(view)) {
    const name = site.key.name ?? '';
    if (exceptSite !== undefined && name.toLowerCase() === exceptSite.toLowerCase()) continue;
    for (const item of site.elements.bindings?.collection?.items ?? []) {
      const other = {
        protocol: item.attributes.protocol?.value ?? '',
        bindingInformation: item.attributes.bindingInformation?.value ?? '',
      };
      for (const b of bindings) if (sameEndpoint(b, other)) out.push({ binding: b, site: name });
    }
  }
  return out;
}

/** One row of IIS Manager's Sites view. */
export interface SiteRow {
  name: string;
  id: string;
  bindings: SiteBinding[];
  /** IIS Manager's Binding column. */
  binding: string;
  /** The physical path of the root virtual directory of the root application (as written). */
  physicalPath: string;
  applicationPool: string;
  serverAutoStart: boolean;
}

export function siteRow(site: CollectionItemView): SiteRow {
  const bindings = (site.elements.bindings?.collection?.items ?? []).map((b) => ({
    protocol: b.attributes.protocol?.value ?? '',
    bindingInformation: b.attributes.bindingInformation?.value ?? '',
  }));
  const root = applicationItems(site).find((a) => a.key.path === '/');
  const rootVdir = root?.collection?.items.find((v) => v.key.path === '/');
  return {
    name: site.key.name ?? '',
    id: site.attributes.id?.value ?? '',
    bindings,
    binding: bindings.map(bindingDisplay).join(', '),
    physicalPath: rootVdir?.attributes.physicalPath?.value ?? '',
    applicationPool: root?.attributes.applicationPool?.value ?? '',
    serverAutoStart: site.attributes.serverAutoStart?.value !== 'false',
  };
}

export interface NewSite {
  name: string;
  /** Default: the next free id. */
  id?: string;
  physicalPath?: string;
  applicationPool?: string;
  bindings?: SiteBinding[];
  /** Other attributes of `<site>` (appcmd's `/serverAutoStart:false`). */
  attributes?: Record<string, string>;
}

/** The engine change that adds a site with its root application, root virtual directory and bindings. */
export function newSiteChange(view: SectionView, input: NewSite): { change: SectionChange; id: string } {
  checkSiteName(input.name);
  const id = input.id ?? nextSiteId(view);
  // IIS names the one key that is taken (not the root application and directory the new site would
  // also add again).
  const taken = (key: 'name' | 'id', v: string) =>
    siteItems(view).some((s) =>
      key === 'name' ? s.key.name?.toLowerCase() === v.toLowerCase() : s.attributes.id?.value === v,
    );
  for (const [key, v] of [
    ['name', input.name],
    ['id', id],
  ] as const) {
    if (taken(key, v))
      throw new ValidationError([
        {
          attribute: key,
          rule: 'DUPLICATE',
          message: `Cannot add duplicate collection entry of type 'site' with unique key attribute '${key}' set to '${v}'`,
        },
      ]);
  }
  const attributes: Record<string, string> = { name: input.name, id, ...(input.attributes ?? {}) };
  const change: SectionChange = { collections: { '': [{ op: 'add', attributes }] } };
  const s = siteSelector(input.name);
  if (input.physicalPath !== undefined) {
    change.collections![s] = [
      {
        op: 'add',
        attributes: {
          path: '/',
          ...(input.applicationPool ? { applicationPool: input.applicationPool } : {}),
        },
      },
    ];
    change.collections![`${s}.${pathSelector('/')}`] = [
      { op: 'add', attributes: { path: '/', physicalPath: input.physicalPath } },
    ];
  }
  if (input.bindings && input.bindings.length > 0) {
    change.collections![`${s}.bindings`] = input.bindings.map((b) => ({
      op: 'add' as const,
      attributes: {
        protocol: b.protocol,
        bindingInformation: b.bindingInformation,
        ...(b.sslFlags !== undefined ? { sslFlags: b.sslFlags } : {}),
      },
    }));
  }
  return { change, id };
}

/** Add Website… / `appcmd add site`: name and id unique (IIS's duplicate message), through the engine. */
export function addSite(
  engine: ConfigEngine,
  input: NewSite,
  options: EngineApplyOptions,
): SectionApplyResult {
  const { change } = newSiteChange(sitesView(engine, options.client), input);
  return engine.apply(SITES_SECTION, '', change, options);
}

/**
 * Edit Bindings…: the site's bindings become `bindings`. Bindings that stay are not rewritten;
 * removed ones are deleted, new ones appended (lossless: only the bindings that change are touched).
 */
export function bindingsChange(site: CollectionItemView, bindings: readonly SiteBinding[]): SectionChange {
  const key = (b: SiteBinding) => `${b.protocol.toLowerCase()}\u0000${b.bindingInformation.toLowerCase()}`;
  const current = (site.elements.bindings?.collection?.items ?? []).map((b) => ({
    protocol: b.attributes.protocol?.value ?? '',
    bindingInformation: b.attributes.bindingInformation?.value ?? '',
    sslFlags: b.attributes.sslFlags?.value,
  }));
  const wanted = new Map(bindings.map((b) => [key(b), b]));
  const have = new Map(current.map((b) => [key(b), b]));
  const ops: CollectionChange[] = [];
  for (const b of current) {
    if (!wanted.has(key(b)))
      ops.push({ op: 'remove', key: { protocol: b.protocol, bindingInformation: b.bindingInformation } });
  }
  for (const b of bindings) {
    const old = have.get(key(b));
    if (!old) {
      ops.push({
        op: 'add',
        attributes: {
          protocol: b.protocol,
          bindingInformation: b.bindingInformation,
          ...(b.sslFlags !== undefined ? { sslFlags: b.sslFlags } : {}),
        },
      });
    } else if (b.sslFlags !== undefined && b.sslFlags !== (old.sslFlags ?? '0')) {
      ops.push({
        op: 'set',
        key: { protocol: old.protocol, bindingInformation: old.bindingInformation },
        attributes: { sslFlags: b.sslFlags },
      });
    }
  }
  return ops.length > 0 ? { collections: { [`${siteSelector(site.key.name ?? '')}.bindings`]: ops } } : {};
}

export interface NewApplication {
  site: string;
  /** `/api` (inside the site). */
  path: string;
  physicalPath?: string;
  applicationPool?: string;
  attributes?: Record<string, string>;
}

/** Add Application… / `appcmd add app`: the application and its root virtual directory. */
export function newApplicationChange(
  view: SectionView,
  input: NewApplication,
): { change: SectionChange; siteName: string } {
  const site = findSite(view, input.site);
  const siteName = site.key.name!;
  const s = siteSelector(siteName);
  const attributes: Record<string, string> = {
    path: input.path,
    ...(input.applicationPool ? { applicationPool: input.applicationPool } : {}),
    ...(input.attributes ?? {}),
  };
  const change: SectionChange = { collections: { [s]: [{ op: 'add', attributes }] } };
  if (input.physicalPath !== undefined)
    change.collections![`${s}.${pathSelector(input.path)}`] = [
      { op: 'add', attributes: { path: '/', physicalPath: input.physicalPath } },
    ];
  return { change, siteName };
}

export interface NewVirtualDirectory {
  /** The application: `Site/` or `Site/app` (appcmd's `/app.name:`). */
  application: string;
  /** `/docs` (inside the application). */
  path: string;
  physicalPath?: string;
  attributes?: Record<string, string>;
}

/** Add Virtual Directory… / `appcmd add vdir`. */
export function newVirtualDirectoryChange(
  view: SectionView,
  input: NewVirtualDirectory,
): { change: SectionChange; id: string } {
  const { site, app, appPath } = locateSitePath(view, input.application, 'APP');
  const attributes: Record<string, string> = {
    path: input.path,
    ...(input.physicalPath !== undefined ? { physicalPath: input.physicalPath } : {}),
    ...(input.attributes ?? {}),
  };
  return {
    change: {
      collections: {
        [`${siteSelector(site.key.name!)}.${pathSelector(app.key.path!)}`]: [{ op: 'add', attributes }],
      },
    },
    id: `${site.key.name}${appPath === '/' ? '' : appPath}${input.path}`,
  };
}

/** Windows path join as IIS writes physical paths (`C:\inetpub\wwwroot` + `/a/b` → `C:\inetpub\wwwroot\a\b`). */
function joinPhysical(base: string, rest: string): string {
  const tail = rest.split('/').filter(Boolean).join('\\');
  if (!tail) return base;
  return `${base.replace(/[\\/]+$/, '')}\\${tail}`;
}

/**
 * Convert to Application: a virtual directory or a folder (`Site/app/dir`) becomes an application with
 * the same content. A virtual directory moves (with the virtual directories below it) into the new
 * application as its root; a folder gets a root virtual directory at its physical path. The new
 * application runs in the parent application's pool unless another is given.
 */
export function convertToApplicationChange(
  view: SectionView,
  sitePath: string,
  applicationPool?: string,
): { change: SectionChange; site: string; path: string } {
  const { site, app, appPath, vdirPath, virtualPath, given } = locateSitePath(view, sitePath, 'VDIR');
  if (virtualPath === norm(appPath))
    throw new ConfigError('VALIDATION', `"${sitePath}" is already an application.`);
  const siteName = site.key.name!;
  const vdirs = app.collection?.items ?? [];
  // The virtual directory serving the path: the longest whose path contains it.
  const serving = vdirs
    .filter((v) => {
      const p = norm(v.key.path ?? '');
      return p === '/' || vdirPath === p || vdirPath.startsWith(p + '/');
    })
    .sort((a, b) => (b.key.path ?? '').length - (a.key.path ?? '').length)[0];
  if (!serving) throw new ConfigError('NOT_FOUND', `Cannot find VDIR object with identifier "${sitePath}".`);
  const servingPath = norm(serving.key.path ?? '/');
  const isVdir = servingPath === vdirPath && servingPath !== '/';
  const physicalPath = isVdir
    ? (serving.attributes.physicalPath?.stored ?? serving.attributes.physicalPath?.value ?? '')
    : joinPhysical(
        serving.attributes.physicalPath?.stored ?? serving.attributes.physicalPath?.value ?? '',
        vdirPath.slice(servingPath === '/' ? 0 : servingPath.length),
      );
  // Virtual directories at or below the path move into the new application (paths made relative).
  const moving = vdirs.filter((v) => {
    const p = norm(v.key.path ?? '');
    return p !== '/' && (p === vdirPath || p.startsWith(vdirPath + '/'));
  });
  const newPath = given;
  const inApp = vdirPath.length;
  const appParent = `${siteSelector(siteName)}.${pathSelector(app.key.path!)}`;
  const pool = applicationPool ?? app.attributes.applicationPool?.stored ?? undefined;
  const change: SectionChange = {
    collections: {
      ...(moving.length > 0
        ? { [appParent]: moving.map((v) => ({ op: 'remove' as const, key: { path: v.key.path! } })) }
        : {}),
      [siteSelector(siteName)]: [
        { op: 'add', attributes: { path: newPath, ...(pool ? { applicationPool: pool } : {}) } },
      ],
      [`${siteSelector(siteName)}.${pathSelector(newPath)}`]: [
        { op: 'add', attributes: { path: '/', physicalPath } },
        ...moving
          .filter((v) => norm(v.key.path ?? '') !== vdirPath)
          .map((v) => {
            const attributes: Record<string, string> = { path: (v.key.path ?? '').slice(inApp) };
            for (const a of Object.values(v.attributes))
              if (a.local && a.name !== 'path' && a.stored !== undefined && !a.encrypted)
                attributes[a.name] = a.stored;
            return { op: 'add' as const, attributes };
          }),
      ],
    },
  };
  return { change, site: siteName, path: newPath };
}

/**
 * Remove: a site, an application (not a site's root application) or a virtual directory (not an
 * application's root). Only configuration is removed; content on disk is never touched.
 */
export function removeChange(
  view: SectionView,
  sitePath: string,
): { change: SectionChange; kind: 'site' | 'application' | 'virtualDirectory'; name: string } {
  const normalized = sitePath.replace(/\\/g, '/');
  if (!normalized.includes('/')) {
    const site = findSite(view, normalized);
    return {
      change: { collections: { '': [{ op: 'remove', key: { name: site.key.name! } }] } },
      kind: 'site',
      name: site.key.name!,
    };
  }
  const { site, app, appPath, vdirPath, virtualPath } = locateSitePath(view, sitePath, 'VDIR');
  const siteSel = siteSelector(site.key.name!);
  if (virtualPath === norm(appPath)) {
    if (norm(appPath) === '/')
      throw new ConfigError(
        'VALIDATION',
        `The root application of the site "${site.key.name}" cannot be removed; remove the site instead.`,
      );
    return {
      change: { collections: { [siteSel]: [{ op: 'remove', key: { path: app.key.path! } }] } },
      kind: 'application',
      name: `${site.key.name}${app.key.path}`,
    };
  }
  const vdir = app.collection?.items.find((v) => norm(v.key.path ?? '') === vdirPath);
  if (!vdir) throw new ConfigError('NOT_FOUND', `Cannot find VDIR object with identifier "${sitePath}".`);
  return {
    change: {
      collections: {
        [`${siteSel}.${pathSelector(app.key.path!)}`]: [{ op: 'remove', key: { path: vdir.key.path! } }],
      },
    },
    kind: 'virtualDirectory',
    name: `${site.key.name}${appPath === '/' ? '' : appPath}${vdir.key.path}`,
  };
}
