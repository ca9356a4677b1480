import type { ServerTree } from '../apphost/ServerTree.js';
import { resolveSitePath } from '../apphost/ServerTree.js';
import type { SystemDriveRoot } from '../root/SystemDriveRoot.js';
import { ConfigFileError } from '../errors.js';
import type { XmlElement } from '../xml/XmlElement.js';
import type { ChainFile } from './ConfigChain.js';
import type { ConfigFile, ConfigFileCache } from './ConfigFileCache.js';
import { attrValue, childElements, descend, findAttr, parseBool } from './elements.js';
import { configPathOf, joinSitePath, splitSitePath } from './configPath.js';

export type OverrideMode = 'Allow' | 'Deny' | 'Inherit';

/** One place along the hierarchy that sets a section for the level being read. */
export interface SectionLayer {
  /** The section element whose attributes count (inside the configSource file when redirected). */
  element: XmlElement;
  /** The file that holds `element` (the configSource file when redirected). */
  file: ConfigFile;
  /** The chain file that holds the section tag (the web.config, even when it points to configSource). */
  chainFile: ChainFile;
  chainIndex: number;
  /** Config path the layer applies at (the file's level, or its location path). */
  configPath: string;
  sitePath: string;
  /** The `<location>` element it sits in, if any, and that location's override mode. */
  location?: XmlElement;
  overrideMode: OverrideMode;
  /** True when this layer is the file's own level: directly under <configuration> or in location path "." / "". */
  ownLevel: boolean;
  /** The configSource value when the section is redirected. */
  configSource?: string;
}

export interface SectionLayersResult {
  layers: SectionLayer[];
  /** Problems found while collecting (configSource errors, both overrideMode and allowOverride, …). */
  errors: ConfigFileError[];
  /**
   * Sections whose content could not be read (a configSource that is missing, broken or not allowed):
   * their values are unknown, so nothing may be written on top of them. Also listed in `errors`.
   */
  unreadable: ConfigFileError[];
  /** Every file read, for the ETag (configSource files included). */
  files: ConfigFile[];
}

/**
 * Collects, parent first, every element that sets `sectionPath` for `targetSitePath`: in each file of
 * the chain the section at the file's own level, then `<location>` tags whose path covers the target
 * (shorter paths first), honouring `inheritInChildApplications="false"`
 * (docs/placement-and-locking.md §4.3, §4.7).
 */
export function collectSectionLayers(
  root: SystemDriveRoot,
  cache: ConfigFileCache,
  tree: ServerTree,
  chain: ChainFile[],
  targetSitePath: string,
  sectionPath: readonly string[],
): SectionLayersResult {
  const layers: SectionLayer[] = [];
  const errors: ConfigFileError[] = [];
  const unreadable: ConfigFileError[] = [];
  const files: ConfigFile[] = chain.map((c) => c.file);
  const targetApp = applicationKey(tree, targetSitePath);

  chain.forEach((chainFile, chainIndex) => {
    const configuration = chainFile.file.doc?.root;
    if (!configuration) return;
    const found: Array<{ el: XmlElement; location?: XmlElement; sitePath: string; ownLevel: boolean }> = [];
    const direct = descend(configuration, sectionPath);
    if (direct) found.push({ el: direct, sitePath: chainFile.sitePath, ownLevel: true });
    const index = locationIndex(configuration);
    // Only the location paths that can cover the target: the file's own level and each deeper prefix.
    const candidates = [''];
    if (index.size > 0) {
      const below = splitSitePath(targetSitePath).slice(splitSitePath(chainFile.sitePath).length);
      for (let i = 1; i <= below.length; i++) candidates.push(below.slice(0, i).join('/').toLowerCase());
    }
    for (const key of candidates) {
      for (const location of index.get(key) ?? []) {
        const el = descend(location, sectionPath);
        if (!el) continue;
        const ownLevel = key === '';
        const sitePath = ownLevel
          ? chainFile.sitePath
          : joinSitePath(chainFile.sitePath, attrValue(location, 'path') ?? '');
        const inherit = parseBool(attrValue(location, 'inheritInChildApplications'));
        if (inherit === false && applicationKey(tree, sitePath) !== targetApp) continue;
        found.push({ el, location, sitePath, ownLevel });
      }
    }
    // Shorter paths first; the document order is kept among equal paths (stable sort).
    if (found.length > 1)
      found.sort((a, b) => splitSitePath(a.sitePath).length - splitSitePath(b.sitePath).length);

    for (const f of found) {
      const overrideMode = f.location ? readOverrideMode(chainFile.file, f.location, errors) : 'Inherit';
      const configSource = attrValue(f.el, 'configSource');
      let element = f.el;
      let file = chainFile.file;
      if (configSource !== undefined) {
        const redirected = readConfigSource(root, cache, chainFile, f.el, configSource, unreadable);
        if (!redirected) continue;
        element = redirected.element;
        file = redirected.file;
        files.push(file);
      }
      layers.push({
        element,
        file,
        chainFile,
        chainIndex,
        configPath: f.ownLevel ? chainFile.configPath : configPathOf(f.sitePath),
        sitePath: f.sitePath,
        location: f.location,
        overrideMode,
        ownLevel: f.ownLevel,
        configSource,
      });
    }
  });
  errors.push(...unreadable);
  return { layers, errors, unreadable, files };
}

const locationIndexes = new WeakMap<XmlElement, Map<string, XmlElement[]>>();

/**
 * The `<location>` children of a document root by normalised path (lower case, no leading or trailing
 * '/', '.' and '' both as ''), in document order. Built once per parse: a 10,000-site
 * applicationHost.config is then not scanned again for every level.
 */
function locationIndex(configuration: XmlElement): Map<string, XmlElement[]> {
  let index = locationIndexes.get(configuration);
  if (!index) {
    index = new Map();
    for (const location of childElements(configuration, 'location')) {
      const raw = (attrValue(location, 'path') ?? '').trim();
      const key = raw === '.' ? '' : splitSitePath(raw).join('/').toLowerCase();
      const list = index.get(key);
      if (list) list.push(location);
      else index.set(key, [location]);
    }
    locationIndexes.set(configuration, index);
  }
  return index;
}

/** Identifies the application that contains a site path: `site|/app` (or '' at server level). */
function applicationKey(tree: ServerTree, sitePath: string): string {
  const level = resolveSitePath(tree, sitePath);
  if (!level?.site || !level.application) return sitePath.toLowerCase();
  return `${level.site.name.toLowerCase()}|${level.application.path.toLowerCase()}`;
}

function readOverrideMode(file: ConfigFile, location: XmlElement, errors: ConfigFileError[]): OverrideMode {
  const mode = attrValue(location, 'overrideMode');
  const allow = attrValue(location, 'allowOverride');
  if (mode !== undefined && allow !== undefined) {
    errors.push(
      new ConfigFileError(
        file.path,
        location.line,
        location.column,
        "The 'overrideMode' and 'allowOverride' attributes cannot both be specified on the same location tag.",
      ),
    );
  }
  if (mode !== undefined) {
    const m = mode.trim().toLowerCase();
    if (m === 'allow') return 'Allow';
    if (m === 'deny') return 'Deny';
    return 'Inherit';
  }
  if (allow !== undefined) {
    const b = parseBool(allow);
    if (b === true) return 'Allow';
    if (b === false) return 'Deny';
  }
  return 'Inherit';
}

function readConfigSource(
  root: SystemDriveRoot,
  cache: ConfigFileCache,
  chainFile: ChainFile,
  el: XmlElement,
  configSource: string,
  errors: ConfigFileError[],
): { element: XmlElement; file: ConfigFile } | undefined {
  const where = findAttr(el, 'configSource');
  const pos = { line: el.line, column: el.column };
  if (where && chainFile.file.doc) Object.assign(pos, chainFile.file.doc.position(where.nameStart));
  if (chainFile.kind === 'apphost') {
    errors.push(
      new ConfigFileError(chainFile.file.path, pos.line, pos.column, "Unrecognized attribute 'configSource'"),
    );
    return undefined;
  }
  let file: ConfigFile;
  try {
    const baseDir = chainFile.file.path.replace(/[\\/][^\\/]*$/, '');
    file = cache.get(root.resolve(configSource, { baseDir }));
  } catch (e) {
    errors.push(
      new ConfigFileError(
        chainFile.file.path,
        pos.line,
        pos.column,
        `Specified configSource cannot be parsed. ${(e as Error).message}`,
      ),
    );
    return undefined;
  }
  if (!file.exists || file.error || !file.doc) {
    const why = file.error
      ? ` ${root.contains(file.error.file) ? root.relative(file.error.file) : file.error.file}(${file.error.line},${file.error.column}): ${file.error.reason}`
      : !file.exists
        ? ` The file '${configSource}' does not exist.`
        : '';
    errors.push(
      new ConfigFileError(
        chainFile.file.path,
        pos.line,
        pos.column,
        `Specified configSource cannot be parsed.${why}`,
      ),
    );
    return undefined;
  }
  if (file.doc.root.name !== el.name) {
    errors.push(
      new ConfigFileError(
        file.path,
        file.doc.root.line,
        file.doc.root.column,
        `The root element of a configSource file must be <${el.name}>.`,
      ),
    );
    return undefined;
  }
  return { element: file.doc.root, file };
}
