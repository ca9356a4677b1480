import type { ConfigurationSystem } from '../ConfigurationSystem.js';
import { buildConfigChain } from '../hierarchy/ConfigChain.js';
import type { ConfigFile } from '../hierarchy/ConfigFileCache.js';
import { configPathOf, parseSitePath } from '../hierarchy/configPath.js';
import { ConfigError, printable } from '../errors.js';
import { effectiveAttributes } from '../engine/mergeElement.js';
import { collectSectionLayers } from '../hierarchy/sectionLayers.js';
import type { SectionLayer } from '../hierarchy/sectionLayers.js';
import { resolveSitePath } from '../apphost/ServerTree.js';
import type { ServerTree } from '../apphost/ServerTree.js';
import { SESSION_STATE_SECTION } from '@iis-console/config-common';
import { attributeSchemaOf } from './attributeSchemaOf.js';
import type { Origin } from './SessionStateFeature.js';
import { displayDefault, interpretValue } from '@iis-console/config-common';
import { maskPasswords } from '@iis-console/config-common';
import { COOKIE_MODE_LABELS, SESSION_MODE_LABELS } from '@iis-console/config-common';
import type { CookieMode, SessionMode } from '@iis-console/config-common';

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
  /** Why the level's configuration cannot be read, if it cannot. */
  error?: string;
}

export interface OverviewQuery {
  filter?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

const SHOWN = ['mode', 'stateConnectionString', 'sqlConnectionString', 'cookieless', 'timeout'] as const;
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
  }> = [];
  private tree?: ServerTree;
  private shared: ConfigFile[] = [];
  private last?: OverviewEntry[];
  /** The cache's quiet mark when `last` was checked (see ConfigFileCache.quietMark). */
  private quietMark?: number;
  private lastQuery?: { entries: OverviewEntry[]; key: string; items: OverviewEntry[] };

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
      this.tree = tree;
      this.shared = shared;
      this.levels = tree.sites.flatMap((site) =>
        site.applications.map((app) =>
          app.path === '/'
            ? { path: site.name, kind: 'site' as const }
            : { path: site.name + app.path, kind: 'application' as const },
        ),
      );
    }
    // Watching and no event since the last answer (and the tree is the same): nothing to check.
    const mark = system.files.quietMark();
    if (!reset && mark !== undefined && mark === this.quietMark && this.last) return this.last;
    let changed = this.last === undefined || this.last.length !== this.levels.length;
    for (let i = 0; i < this.levels.length; i++) {
      const level = this.levels[i]!;
      if (!level.entry || !unchanged(system, level.files!)) {
        this.compute(tree, level);
        changed = true;
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

  private page(entries: OverviewEntry[], q: OverviewQuery): { items: OverviewEntry[]; total: number } {
    const filter = (q.filter ?? '').trim().toLowerCase();
    const sort = q.sort ?? 'path';
    // Filtering and sorting 10,000 rows is the cost of a page: keep the last result while no level changed.
    const key = `${sort}\u0000${filter}`;
    let items =
      this.lastQuery?.entries === entries && this.lastQuery.key === key ? this.lastQuery.items : undefined;
    if (!items) {
      items = filter ? entries.filter((e) => searchText(e).includes(filter)) : entries;
      items = sortEntries(items, sort);
      this.lastQuery = { entries, key, items };
    }
    const pageSize = q.pageSize ?? 50;
    const page = q.page ?? 1;
    return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
  }

  private compute(
    tree: ServerTree,
    target: { path: string; kind: OverviewEntry['kind']; files?: ConfigFile[]; entry?: OverviewEntry },
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
    const chain = buildConfigChain(system, level, { includeAppHost: true });
    const chainFiles = chain.map((c) => c.file);
    const layers = collectSectionLayers(system.root, system.files, tree, chain, level.sitePath, SECTION_PATH);
    // The engine's reader, with the root's schema (its defaults) as the page has them.
    const sectionSchema = system.schema().section(SESSION_STATE_SECTION)!;
    const originOf = (layer: SectionLayer, offset: number) => {
      const pos = layer.file.doc?.position(offset) ?? {
        line: layer.element.line,
        column: layer.element.column,
      };
      return { file: system.root.relative(layer.file.path), configPath: layer.configPath, ...pos };
    };
    const effective = effectiveAttributes(sectionSchema, layers.layers, originOf, SHOWN);
    const values: Record<string, string> = {};
    for (const name of SHOWN) {
      const schema = attributeSchemaOf(system, SESSION_STATE_SECTION, name);
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

/** Sorted by a column (`-` first = descending), then by path; timeouts numerically (`Infinite` last). */
function sortEntries(items: readonly OverviewEntry[], sort: string): OverviewEntry[] {
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as keyof OverviewEntry;
  const value = (e: OverviewEntry): string | number =>
    key === 'timeout'
      ? Number(e.timeout) || Number.MAX_SAFE_INTEGER
      : key === 'origin'
        ? originText(e.origin)
        : String(e[key] ?? '');
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
