import { join } from 'node:path';
import type { ResolvedLevel, ServerTree } from '../apphost/ServerTree.js';
import { resolveSitePath } from '../apphost/ServerTree.js';
import { ConfigError } from '../errors.js';
import type { ConfigFile, ConfigFileCache } from './ConfigFileCache.js';
import { APPHOST, MACHINE, WEBROOT, configPathOf, splitSitePath } from './configPath.js';

export type ConfigFileKind = 'machine' | 'webroot' | 'apphost' | 'web';

/** One file of the configuration hierarchy for a level, parent first. */
export interface ChainFile {
  file: ConfigFile;
  kind: ConfigFileKind;
  /** Config path of the file's own level (`MACHINE`, `MACHINE/WEBROOT`, `…/APPHOST/Site/app`). */
  configPath: string;
  /** Site path of the file's own level ('' for the machine-level files). */
  sitePath: string;
  /** The level this web.config belongs to ('' for machine-level files). */
  level?: ResolvedLevel;
}

/** Maps a Windows path (a physical path of applicationHost.config) to a host path inside the root. */
export type PathResolver = (windowsPath: string) => string;

export interface ConfigChainOptions {
  /**
   * Include applicationHost.config. The console's server level is MACHINE/WEBROOT (root web.config,
   * P6, docs/session-state.md §0): its effective values come from machine.config and the root
   * web.config only.
   */
  includeAppHost: boolean;
}

/**
 * Builds the hierarchy for a level: machine.config → root web.config → applicationHost.config →
 * the web.config of the site and of every deeper folder down the path (docs/placement-and-locking.md §4.3).
 */
/** What a chain is built from: the parse cache, the well-known files and the path resolver of a root. */
export interface ChainSource {
  readonly files: ConfigFileCache;
  wellKnown(name: 'machineConfig' | 'rootWebConfig' | 'applicationHostConfig'): string;
  resolvePhysicalPath: PathResolver;
  serverTree(): ServerTree;
}

export function buildConfigChain(
  source: ChainSource,
  level: ResolvedLevel,
  options: ConfigChainOptions,
): ChainFile[] {
  const cache = source.files;
  const tree = source.serverTree();
  const resolvePath = source.resolvePhysicalPath;
  const chain: ChainFile[] = [
    {
      file: cache.get(source.wellKnown('machineConfig')),
      kind: 'machine',
      configPath: MACHINE,
      sitePath: '',
    },
    {
      file: cache.get(source.wellKnown('rootWebConfig')),
      kind: 'webroot',
      configPath: WEBROOT,
      sitePath: '',
    },
  ];
  if (options.includeAppHost) {
    chain.push({
      file: cache.get(source.wellKnown('applicationHostConfig')),
      kind: 'apphost',
      configPath: APPHOST,
      sitePath: '',
    });
  }
  const segments = splitSitePath(level.sitePath);
  for (let i = 1; i <= segments.length; i++) {
    const sitePath = segments.slice(0, i).join('/');
    const at = resolveSitePath(tree, sitePath);
    const dir = at && physicalDirectoryOf(resolvePath, at);
    if (!dir) continue;
    chain.push({
      file: cache.get(join(dir, 'web.config')),
      kind: 'web',
      configPath: configPathOf(sitePath),
      sitePath: at.sitePath,
      level: at,
    });
  }
  return chain;
}

/** The physical folder that serves a level, resolved inside the system drive root. */
export function physicalDirectoryOf(resolvePath: PathResolver, level: ResolvedLevel): string | undefined {
  if (!level.virtualDirectory) return undefined;
  const base = level.virtualDirectory.physicalPath;
  if (!base) return undefined;
  const rel = (level.pathInVirtualDirectory ?? '/').split('/').filter(Boolean).join('\\');
  return resolvePath(rel ? `${base.replace(/[\\/]+$/, '')}\\${rel}` : base);
}

/** The web.config of a level (site, application, virtual directory or folder). */
export function webConfigPathOf(resolvePath: PathResolver, level: ResolvedLevel): string {
  const dir = physicalDirectoryOf(resolvePath, level);
  if (!dir) {
    throw new ConfigError('NOT_FOUND', `The level "${level.sitePath}" has no physical path.`);
  }
  return join(dir, 'web.config');
}
