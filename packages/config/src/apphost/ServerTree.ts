import type { XmlElement } from '../xml/XmlElement.js';
import { attrValue, childElements, descend, firstChild } from '../hierarchy/elements.js';
import { splitSitePath } from '../hierarchy/configPath.js';

/** A virtual directory of an application, as applicationHost.config declares it. */
export interface VirtualDirectory {
  /** Path inside the application, `/` for the application's root virtual directory. */
  path: string;
  /** As written in the file (`%SystemDrive%\inetpub\wwwroot`); resolve through the system drive root. */
  physicalPath: string;
}

export interface Application {
  /** Path inside the site, `/` for the site's root application. */
  path: string;
  applicationPool: string;
  virtualDirectories: VirtualDirectory[];
}

export interface Binding {
  protocol: string;
  bindingInformation: string;
}

export interface Site {
  name: string;
  id: string;
  serverAutoStart: boolean;
  bindings: Binding[];
  applications: Application[];
}

export interface ApplicationPool {
  name: string;
  managedRuntimeVersion: string;
  managedPipelineMode: string;
}

/** The server as applicationHost.config describes it: sites → applications → virtual directories, and pools. */
export interface ServerTree {
  sites: Site[];
  applicationPools: ApplicationPool[];
}

/** Reads `system.applicationHost/sites` and `applicationPools` from an applicationHost.config document root. */
export function readServerTree(configuration: XmlElement | undefined): ServerTree {
  if (!configuration) return { sites: [], applicationPools: [] };
  const host = firstChild(configuration, 'system.applicationHost');
  if (!host) return { sites: [], applicationPools: [] };

  const poolsEl = firstChild(host, 'applicationPools');
  const poolDefaults = poolsEl ? firstChild(poolsEl, 'applicationPoolDefaults') : undefined;
  const applicationPools: ApplicationPool[] = (poolsEl ? childElements(poolsEl, 'add') : []).map((p) => ({
    name: attrValue(p, 'name') ?? '',
    managedRuntimeVersion:
      attrValue(p, 'managedRuntimeVersion') ??
      (poolDefaults && attrValue(poolDefaults, 'managedRuntimeVersion')) ??
      'v4.0',
    managedPipelineMode:
      attrValue(p, 'managedPipelineMode') ??
      (poolDefaults && attrValue(poolDefaults, 'managedPipelineMode')) ??
      'Integrated',
  }));

  const sitesEl = firstChild(host, 'sites');
  const appDefaults = sitesEl ? firstChild(sitesEl, 'applicationDefaults') : undefined;
  const defaultPool = (appDefaults && attrValue(appDefaults, 'applicationPool')) ?? 'DefaultAppPool';
  const sites: Site[] = (sitesEl ? childElements(sitesEl, 'site') : []).map((s) => ({
    name: attrValue(s, 'name') ?? '',
    id: attrValue(s, 'id') ?? '',
    serverAutoStart: (attrValue(s, 'serverAutoStart') ?? 'true').toLowerCase() !== 'false',
    bindings: (descend(s, ['bindings']) ? childElements(descend(s, ['bindings'])!, 'binding') : []).map(
      (b) => ({
        protocol: attrValue(b, 'protocol') ?? '',
        bindingInformation: attrValue(b, 'bindingInformation') ?? '',
      }),
    ),
    applications: childElements(s, 'application').map((a) => ({
      path: normalizeVirtualPath(attrValue(a, 'path') ?? '/'),
      applicationPool: attrValue(a, 'applicationPool') ?? defaultPool,
      virtualDirectories: childElements(a, 'virtualDirectory').map((v) => ({
        path: normalizeVirtualPath(attrValue(v, 'path') ?? '/'),
        physicalPath: attrValue(v, 'physicalPath') ?? '',
      })),
    })),
  }));
  return { sites, applicationPools };
}

/** `/app/` → `/app`; `` → `/`; backslashes become slashes. */
export function normalizeVirtualPath(p: string): string {
  const parts = p.replace(/\\/g, '/').split('/').filter(Boolean);
  return '/' + parts.join('/');
}

/** True when `path` equals `prefix` or lies below it (case-insensitive, as IIS compares URLs). */
export function isUnderVirtualPath(path: string, prefix: string): boolean {
  const p = path.toLowerCase();
  const q = prefix.toLowerCase();
  return q === '/' || p === q || p.startsWith(q + '/');
}

export type LevelKind = 'server' | 'site' | 'application' | 'virtualDirectory' | 'folder';

/** The path inside its site a virtual directory serves (`/shop/media`; `/` for the site's root). */
export function virtualDirectoryPath(application: Application, vdir: VirtualDirectory): string {
  if (application.path === '/') return vdir.path;
  return vdir.path === '/' ? application.path : `${application.path}${vdir.path}`;
}

/** Where a site path (`Default Web Site/shop/images`) lands in the server tree. */
export interface ResolvedLevel {
  /** Normalised site path: `Site/app/dir` with the site and segments as the tree spells them; '' for the server. */
  sitePath: string;
  kind: LevelKind;
  site?: Site;
  /** The application that contains the level (the nearest application at or above it). */
  application?: Application;
  /** The virtual directory that serves the level, and the path inside it. */
  virtualDirectory?: VirtualDirectory;
  /** Path below the virtual directory (`/dir/sub`), `/` at the virtual directory itself. */
  pathInVirtualDirectory?: string;
  /** Virtual path inside the site (`/shop/images`), `/` for the site root. */
  virtualPath?: string;
}

/**
 * Resolves a site path as appcmd takes it: `""` = server, `Site`, `Site/app`, `Site/app/vdir/folder`
 * (a path from a request must have been checked by `parseSitePath`: `ConfigurationSystem.resolveLevel`
 * does both). Returns undefined when the site does not exist. Any deeper path is a folder of the deepest
 * virtual directory that contains it (IIS serves such folders; whether they exist on disk is not checked here).
 */
export function resolveSitePath(tree: ServerTree, sitePath: string): ResolvedLevel | undefined {
  let memo = resolvedLevels.get(tree);
  if (!memo) resolvedLevels.set(tree, (memo = new Map()));
  const key = sitePath.toLowerCase();
  if (memo.has(key)) return memo.get(key);
  const level = resolveUncached(tree, sitePath);
  // Folders below virtual directories are unbounded in number: remember only the tree's own levels.
  if (!level || level.kind !== 'folder') memo.set(key, level);
  return level;
}

/** Levels already resolved in a tree (the tree is immutable: a new applicationHost.config makes a new one). */
const resolvedLevels = new WeakMap<ServerTree, Map<string, ResolvedLevel | undefined>>();

function resolveUncached(tree: ServerTree, sitePath: string): ResolvedLevel | undefined {
  const segments = splitSitePath(sitePath);
  if (segments.length === 0) return { sitePath: '', kind: 'server' };
  const [siteName, ...rest] = segments as [string, ...string[]];
  const site = siteIndex(tree).get(siteName.toLowerCase());
  if (!site) return undefined;
  const virtualPath = '/' + rest.join('/');
  const application = deepest(site.applications, virtualPath);
  if (!application) return undefined;
  const inApp = virtualPath.slice(application.path === '/' ? 0 : application.path.length) || '/';
  const virtualDirectory = deepest(application.virtualDirectories, inApp);
  const pathInVirtualDirectory = virtualDirectory
    ? inApp.slice(virtualDirectory.path === '/' ? 0 : virtualDirectory.path.length) || '/'
    : undefined;
  // Spell the path as the tree does for the known parts (site, application, virtual directory).
  const normalized = [site.name, ...rest].join('/');
  let kind: LevelKind;
  if (rest.length === 0) kind = 'site';
  else if (application.path.toLowerCase() === virtualPath.toLowerCase()) kind = 'application';
  else if (virtualDirectory && pathInVirtualDirectory === '/') kind = 'virtualDirectory';
  else kind = 'folder';
  return {
    sitePath: normalized,
    kind,
    site,
    application,
    virtualDirectory,
    pathInVirtualDirectory,
    virtualPath,
  };
}

const siteIndexes = new WeakMap<ServerTree, Map<string, Site>>();

/** Sites by lower-case name, built once per tree (a 10,000-site server is not scanned per lookup). */
function siteIndex(tree: ServerTree): Map<string, Site> {
  let index = siteIndexes.get(tree);
  if (!index) {
    index = new Map();
    for (const s of tree.sites) if (!index.has(s.name.toLowerCase())) index.set(s.name.toLowerCase(), s);
    siteIndexes.set(tree, index);
  }
  return index;
}

function deepest<T extends { path: string }>(items: T[], virtualPath: string): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (isUnderVirtualPath(virtualPath, item.path) && (!best || item.path.length > best.path.length))
      best = item;
  }
  return best;
}
