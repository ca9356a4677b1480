// IIS Manager's Content View of a level: the applications and virtual directories directly below it
// (from applicationHost.config) and the folders and files of the physical folder that serves it.
import { readdirSync, type Dirent } from 'node:fs';
import type { ConfigurationSystem } from '../ConfigurationSystem.js';
import { ConfigError, FileAccessError } from '../errors.js';
import { physicalDirectoryOf } from '../hierarchy/ConfigChain.js';
import { virtualDirectoryPath, type LevelKind, type ResolvedLevel, type Site } from './ServerTree.js';

export type ContentItemKind = 'application' | 'virtualDirectory' | 'folder' | 'file';

export interface ContentItem {
  name: string;
  kind: ContentItemKind;
  /** The item's site path (`Site/app/images`): a level of its own for every kind but a file. */
  path: string;
}

export interface LevelContent {
  /** The level's site path as the tree spells it. */
  path: string;
  kind: Exclude<LevelKind, 'server'>;
  /** The physical folder that serves the level, as Windows names it (`C:\inetpub\wwwroot\images`). */
  physicalPath: string;
  /** False when that folder does not exist (the virtual items are still listed). */
  exists: boolean;
  /** Applications and virtual directories first, then folders, then files; each by name. */
  items: ContentItem[];
  /** True when the folder holds more entries than `limit`: the rest are not listed. */
  truncated: boolean;
}

const ORDER: Record<ContentItemKind, number> = { application: 0, virtualDirectory: 0, folder: 1, file: 2 };
const byName = (a: ContentItem, b: ContentItem) =>
  ORDER[a.kind] - ORDER[b.kind] || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });

/** Applications and virtual directories whose virtual path's parent is `virtualPath`. */
function virtualChildren(site: Site, virtualPath: string): ContentItem[] {
  const parent = virtualPath.toLowerCase();
  const items: ContentItem[] = [];
  for (const app of site.applications) {
    for (const vdir of app.virtualDirectories) {
      const full = virtualDirectoryPath(app, vdir);
      if (full === '/') continue;
      const cut = full.lastIndexOf('/');
      if ((cut === 0 ? '/' : full.slice(0, cut)).toLowerCase() !== parent) continue;
      items.push({
        name: full.slice(cut + 1),
        kind: vdir.path === '/' ? 'application' : 'virtualDirectory',
        path: `${site.name}${full}`,
      });
    }
  }
  return items;
}

/**
 * The Content View of a site, application, virtual directory or folder (the server has none). The
 * physical folder is resolved inside the system drive root like every path of applicationHost.config;
 * symbolic links are not listed (the console never follows a link, which could leave the root), and
 * at most `limit` entries of the folder are read.
 */
export function levelContent(system: ConfigurationSystem, sitePath: string, limit = 5000): LevelContent {
  const level: ResolvedLevel = system.resolveLevel(sitePath);
  if (level.kind === 'server' || !level.site) {
    throw new ConfigError(
      'INVALID_PATH',
      'Content View shows a site, an application, a virtual directory or a folder; the server has none.',
    );
  }
  const virtual = virtualChildren(level.site, level.virtualPath ?? '/');
  const taken = new Set(virtual.map((v) => v.name.toLowerCase()));
  const dir = physicalDirectoryOf(system.resolvePhysicalPath, level);
  const base = level.sitePath;
  const items = [...virtual];
  let exists = false;
  let truncated = false;
  if (dir !== undefined) {
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
      exists = true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        const folder = system.root.relative(dir);
        throw new FileAccessError({
          file: folder,
          folder,
          operation: 'read',
          problem: code === 'EACCES' || code === 'EPERM' ? 'access-denied' : 'failed',
          ...(code ? { errno: code } : {}),
          cause: e,
        });
      }
    }
    let listed = 0;
    for (const entry of entries) {
      if (taken.has(entry.name.toLowerCase())) continue;
      const kind = entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : undefined;
      if (!kind) continue;
      if (++listed > limit) {
        truncated = true;
        break;
      }
      items.push({ name: entry.name, kind, path: `${base}/${entry.name}` });
    }
  }
  return {
    path: base,
    kind: level.kind,
    physicalPath: dir === undefined ? '' : system.root.toWindowsPath(dir),
    exists,
    items: items.sort(byName),
    truncated,
  };
}
