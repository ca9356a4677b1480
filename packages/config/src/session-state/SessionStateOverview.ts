import type { ConfigurationSystem } from '../ConfigurationSystem.js';
import { buildConfigChain } from '../hierarchy/ConfigChain.js';
import type { ConfigFile } from '../hierarchy/ConfigFileCache.js';
import { configPathOf, parseSitePath } from '../hierarchy/configPath.js';
import { ConfigError, printable } from '../errors.js';
import { winningAttributes } from '../engine/mergeElement.js';
import { collectSectionLayers } from '../hierarchy/sectionLayers.js';
import type { SectionLayer } from '../hierarchy/sectionLayers.js';
import { resolveSitePath } from '../apphost/ServerTree.js';
import type { ServerTree } from '../apphost/ServerTree.js';
import { bindingDisplay } from '../apphost/sites.js';
import { SESSION_STATE_SECTION } from '@iis-console/config-common';
import { attributeSchemaOf } from './attributeSchemaOf.js';
import type { Origin } from './SessionStateFeature.js';
import { displayDefault, interpretValue } from '@iis-console/config-common';
import { maskPasswords } from '@iis-console/config-common';
import { COOKIE_MODE_LABELS, SESSION_MODE_LABELS } from '@iis-console/config-common';
import type { AttributeSchema, CookieMode, SessionMode } from '@iis-console/config-common';

export interface OverviewEntry {
  /** Site path (`Default Web Site/shop`). */
  path: string;
  configPath: string;
  kind: 'site' | 'application';
  mode: string;
  /** Where the mode is set. */
  origin: Origin;
  stateConnectionString: string;
  sqlConnectionString: string;
  cookieless: string;
  timeout: string;
  /** Effective `cookieSameSite` (for the session state advisor, docs/advisor.md). */
  cookieSameSite?: string;
  /** Why the level's configuration cannot be read, if it cannot. */
  error?: string;
}

export interface OverviewQuery {
  filter?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

/**
 * The Sites list's own columns of a level, for sorting (`id`, `binding`, `physicalPath`): its site's
 * ID and bindings, and the physical path of its root virtual directory, as written.
 */
interface SiteColumns {
  id: number;
  binding: string;
  physicalPath: string;
}

const SHOWN = [
  'mode',
  'stateConnectionString',
  'sqlConnectionString',
  'cookieless',
  'timeout',
  'cookieSameSite',
] as const;
const SECTION_PATH = ['system.web', 'sessionState'];

/**
 * The effective session state of every site and application. Each level's answer is kept with the
 * exact file versions it was computed from; the next call re-checks every file (one stat each) and
 * recomputes only the levels whose files changed, so 10,000 sites stay cheap and never stale.
 */
export class SessionStateOverview {
  /** Every site and application of the current tree, with the answer last computed for it. */
  private levels: Array<{
    path: string;
    kind: OverviewEntry['kind'];
    files?: ConfigFile[];
    entry?: OverviewEntry;
    /** The answer depends on the disk, not on files read (a path refused): computed again each time. */
    retry?: boolean;
  }> = [];
  private tree?: ServerTree;
  /** The Sites list's columns of every level (lower-case path), for sorting by them. */
  private columns = new Map<string, SiteColumns>();
  private shared: ConfigFile[] = [];
  private last?: OverviewEntry[];
  /** The cache's quiet mark when `last` was checked (see ConfigFileCache.quietMark). */
  private quietMark?: number;
  private lastQuery?: { entries: OverviewEntry[]; key: string; items: OverviewEntry[] };
  /** Root-relative names of the files origins point to (a few shared files, one per level). */
  private readonly names = new Map<string, string>();
  private readonly schemas = new Map<string, AttributeSchema>();

  constructor(private readonly system: ConfigurationSystem) {}

  entries(): OverviewEntry[] {
    return this.system.files.withPass(() => this.refresh());
  }

  private refresh(): OverviewEntry[] {
    const system = this.system;
    const tree = system.serverTree();
    // The machine-level files are shared by every level: checked once; any change recomputes all.
    const shared = (['machineConfig', 'rootWebConfig', 'applicationHostConfig'] as const).map((k) =>
      system.files.get(system.wellKnown(k)),
    );
    const reset = this.tree !== tree || shared.some((f, i) => f !== this.shared[i]);
    if (reset) {
      this.names.clear();
      this.tree = tree;
      this.shared = shared;
      this.levels = tree.sites.flatMap((site) =>
        site.applications.map((app) =>
          app.path === '/'
            ? { path: site.name, kind: 'site' as const }
            : { path: site.name + app.path, kind: 'application' as const },
        ),
      );
      this.columns = siteColumns(tree);
    }
    // Watching and no event since the last answer (and the tree is the same): nothing to check.
    const mark = system.files.quietMark();
    if (!reset && mark !== undefined && mark === this.quietMark && this.last) return this.last;
    let changed = this.last === undefined || this.last.length !== this.levels.length;
    for (let i = 0; i < this.levels.length; i++) {
      const level = this.levels[i]!;
      if (!level.entry || level.retry || !unchanged(system, level.files!)) {
        const before = level.retry ? level.entry : undefined;
        this.compute(tree, level);
        // A level computed again only because its path was refused changes nothing if still refused.
        if (before && JSON.stringify(before) === JSON.stringify(level.entry)) level.entry = before;
        else changed = true;
      }
    }
    // The same array while nothing changed, so callers can keep what they derived from it.
    if (changed) this.last = this.levels.map((l) => l.entry!);
    this.quietMark = mark;
    return this.last!;
  }

  /** Filtered (case-insensitive substring of path, mode or connection strings), sorted and paged. */
  query(q: OverviewQuery = {}): { items: OverviewEntry[]; total: number } {
    return this.queryAll([q])[0]!;
  }

  /** Several queries answered from one check of the files (requests that arrived together). */
  queryAll(queries: readonly OverviewQuery[]): Array<{ items: OverviewEntry[]; total: number }> {
    const entries = this.entries();
    return queries.map((q) => this.page(entries, q));
  }

  page(entries: OverviewEntry[], q: OverviewQuery): { items: OverviewEntry[]; total: number } {
    const filter = (q.filter ?? '').trim().toLowerCase();
    const sort = q.sort ?? 'path';
    // Filtering and sorting 10,000 rows is the cost of a page: keep the last result while no level changed.
    const key = `${sort}\u0000${filter}`;
    let items =
      this.lastQuery?.entries === entries && this.lastQuery.key === key ? this.lastQuery.items : undefined;
    if (!items) {
      items = filter ? entries.filter((e) => searchText(e).includes(filter)) : entries;
      items = sortEntries(items, sort, this.columns);
      this.lastQuery = { entries, key, items };
    }
    const pageSize = q.pageSize ?? 50;
    const page = q.page ?? 1;
    return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
  }

  private compute(
    tree: ServerTree,
    target: {
      path: string;
      kind: OverviewEntry['kind'];
      files?: ConfigFile[];
      entry?: OverviewEntry;
      retry?: boolean;
    },
  ): void {
    const system = this.system;
    const { path, kind } = target;
    // Paths come from applicationHost.config; one that is no site path (a site name with "/" or
    // "..") is listed with the reason, and the other levels are still computed.
    let level: ReturnType<typeof resolveSitePath>;
    try {
      level = resolveSitePath(tree, parseSitePath(path).join('/'));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      target.files = [];
      target.entry = unaddressable(path, kind, e.message);
      return;
    }
    if (!level) {
      target.files = [];
      target.entry = unaddressable(
        path,
        kind,
        `The site path "${printable(path)}" does not name a site of the server.`,
      );
      return;
    }
    // A physical path that leaves the root (a link out of it) is that level's error, not the page's.
    let chain: ReturnType<typeof buildConfigChain>;
    let layers: ReturnType<typeof collectSectionLayers>;
    try {
      chain = buildConfigChain(system, level, { includeAppHost: true });
      layers = collectSectionLayers(system.root, system.files, tree, chain, level.sitePath, SECTION_PATH);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      target.files = [];
      target.entry = unaddressable(level.sitePath, kind, e.message);
      target.retry = true;
      return;
    }
    target.retry = false;
    const chainFiles = chain.map((c) => c.file);
    // The engine's layers and its last-wins rule, with the root's schema (its defaults) as the page has them.
    const originOf = (layer: SectionLayer, offset: number) => {
      const pos = layer.file.doc?.position(offset) ?? {
        line: layer.element.line,
        column: layer.element.column,
      };
      return { file: this.nameOf(layer.file.path), configPath: layer.configPath, ...pos };
    };
    const effective = winningAttributes(layers.layers, originOf, SHOWN);
    const values: Record<string, string> = {};
    for (const name of SHOWN) {
      const schema = this.schemaOf(name);
      const stored = effective[name]?.stored;
      values[name] =
        stored === undefined
          ? displayDefault(schema)
          : interpretValue(schema, stored, SESSION_STATE_SECTION).value;
    }
    const modeOrigin = effective.mode?.origin;
    const broken = chainFiles.find((f) => f.error) ?? layers.files.find((f) => f.error);
    const entry: OverviewEntry = {
      path: level.sitePath,
      configPath: configPathOf(level.sitePath),
      kind,
      mode: values.mode!,
      origin: modeOrigin ?? 'default',
      stateConnectionString: values.stateConnectionString!,
      sqlConnectionString: maskPasswords(values.sqlConnectionString!),
      cookieless: values.cookieless!,
      timeout: values.timeout!,
      cookieSameSite: values.cookieSameSite!,
      ...(broken?.error
        ? {
            error: `${system.root.relative(broken.path)}(${broken.error.line},${broken.error.column}): ${broken.error.reason}`,
          }
        : {}),
    };
    // Kept with the level: its own files (web.config files, configSource files), not the shared ones.
    const files = [
      ...chain.filter((c) => c.kind === 'web').map((c) => c.file),
      ...layers.files.slice(chainFiles.length),
    ];
    target.files = files;
    target.entry = entry;
  }

  /** The schema of a shown attribute (the root's schema is read once per configuration system). */
  private schemaOf(name: string): AttributeSchema {
    let schema = this.schemas.get(name);
    if (!schema) {
      schema = attributeSchemaOf(this.system, SESSION_STATE_SECTION, name);
      this.schemas.set(name, schema);
    }
    return schema;
  }

  private nameOf(path: string): string {
    let name = this.names.get(path);
    if (name === undefined) {
      name = this.system.root.relative(path);
      this.names.set(path, name);
    }
    return name;
  }
}

function unaddressable(path: string, kind: OverviewEntry['kind'], error: string): OverviewEntry {
  return {
    path,
    configPath: configPathOf(path),
    kind,
    mode: '',
    origin: 'default',
    stateConnectionString: '',
    sqlConnectionString: '',
    cookieless: '',
    timeout: '',
    error,
  };
}

function unchanged(system: ConfigurationSystem, files: readonly ConfigFile[]): boolean {
  for (const f of files) if (!system.files.isCurrent(f)) return false;
  return true;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * What a filter matches: the path, the mode and cookie mode by name and by their IIS Manager label
 * ("Not enabled", "Use Cookies"), the connection strings, and the file the mode is set in — what the
 * Sites view shows, not the config path (every site's config path holds "APPHOST").
 */
function searchText(e: OverviewEntry): string {
  const modeLabel = SESSION_MODE_LABELS[e.mode as SessionMode] ?? '';
  const cookieLabel = COOKIE_MODE_LABELS[e.cookieless as CookieMode] ?? '';
  const origin = e.origin === 'default' ? 'default' : e.origin.file;
  return [
    e.path,
    e.mode,
    modeLabel,
    e.cookieless,
    cookieLabel,
    e.stateConnectionString,
    e.sqlConnectionString,
    origin,
  ]
    .join('\u0000')
    .toLowerCase();
}

/** Each level's Sites-list columns: its site's ID and bindings, its root virtual directory's path. */
function siteColumns(tree: ServerTree): Map<string, SiteColumns> {
  const columns = new Map<string, SiteColumns>();
  for (const site of tree.sites) {
    const id = Number(site.id);
    const binding = site.bindings.map(bindingDisplay).join(', ');
    for (const app of site.applications) {
      const physicalPath = app.virtualDirectories.find((v) => v.path === '/')?.physicalPath ?? '';
      const path = app.path === '/' ? site.name : site.name + app.path;
      columns.set(path.toLowerCase(), {
        id: Number.isFinite(id) ? id : Number.MAX_SAFE_INTEGER,
        binding,
        physicalPath,
      });
    }
  }
  return columns;
}

/**
 * Sorted by a column (`-` first = descending), then by path; timeouts numerically (`Infinite` last);
 * the Sites list's `id` (numerically), `binding` and `physicalPath` from the server tree.
 */
function sortEntries(
  items: readonly OverviewEntry[],
  sort: string,
  columns: ReadonlyMap<string, SiteColumns>,
): OverviewEntry[] {
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const column = (e: OverviewEntry) => columns.get(e.path.toLowerCase());
  const value = (e: OverviewEntry): string | number =>
    key === 'timeout'
      ? Number(e.timeout) || Number.MAX_SAFE_INTEGER
      : key === 'origin'
        ? originText(e.origin)
        : key === 'id'
          ? (column(e)?.id ?? Number.MAX_SAFE_INTEGER)
          : key === 'binding' || key === 'physicalPath'
            ? (column(e)?.[key] ?? '')
            : String(e[key as keyof OverviewEntry] ?? '');
  const keyed = items.map((e) => ({ e, v: value(e) }));
  keyed.sort((a, b) => {
    const c =
      typeof a.v === 'number' && typeof b.v === 'number'
        ? a.v - b.v
        : collator.compare(String(a.v), String(b.v));
    return (desc ? -c : c) || collator.compare(a.e.path, b.e.path);
  });
  return keyed.map((k) => k.e);
}

function originText(o: Origin): string {
  return o === 'default' ? 'default' : `${o.file} ${o.configPath}`;
}
