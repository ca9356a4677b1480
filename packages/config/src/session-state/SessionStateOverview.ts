import type { ConfigurationSystem } from '../ConfigurationSystem.js';
import { buildConfigChain } from '../hierarchy/ConfigChain.js';
import type { ConfigFile } from '../hierarchy/ConfigFileCache.js';
import { configPathOf } from '../hierarchy/configPath.js';
import { computeEffectiveSection } from '../hierarchy/effectiveSection.js';
import { findSectionDeclaration } from '../hierarchy/sectionDeclaration.js';
import { collectSectionLayers } from '../hierarchy/sectionLayers.js';
import { resolveSitePath } from '../apphost/ServerTree.js';
import { SESSION_STATE_SECTION } from '../schema/extensions.js';
import { SESSION_STATE_ATTRIBUTES } from './attributes.js';
import type { Origin } from './SessionStateFeature.js';
import { displayDefault, interpretValue } from './values.js';

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
const ALL_ATTRIBUTES = SESSION_STATE_ATTRIBUTES.map((a) => a.name);

/**
 * The effective session state of every site and application. Each level's answer is kept with the
 * exact file versions it was computed from; the next call re-checks every file (one stat each) and
 * recomputes only the levels whose files changed, so 10,000 sites stay cheap and never stale.
 */
export class SessionStateOverview {
  private readonly memo = new Map<string, { files: ConfigFile[]; entry: OverviewEntry }>();

  constructor(private readonly system: ConfigurationSystem) {}

  entries(): OverviewEntry[] {
    const system = this.system;
    const tree = system.serverTree();
    const out: OverviewEntry[] = [];
    const live = new Set<string>();
    for (const site of tree.sites) {
      for (const app of site.applications) {
        const path = app.path === '/' ? site.name : `${site.name}${app.path}`;
        live.add(path);
        out.push(this.entry(path, app.path === '/' ? 'site' : 'application'));
      }
    }
    for (const key of this.memo.keys()) if (!live.has(key)) this.memo.delete(key);
    return out;
  }

  /** Filtered (case-insensitive substring of path, mode or connection strings), sorted and paged. */
  query(q: OverviewQuery = {}): { items: OverviewEntry[]; total: number } {
    let items = this.entries();
    const filter = (q.filter ?? '').trim().toLowerCase();
    if (filter) {
      items = items.filter((e) =>
        [
          e.path,
          e.mode,
          e.stateConnectionString,
          e.sqlConnectionString,
          e.cookieless,
          originText(e.origin),
        ].some((v) => v.toLowerCase().includes(filter)),
      );
    }
    const sort = q.sort ?? 'path';
    const desc = sort.startsWith('-');
    const key = (desc ? sort.slice(1) : sort) as keyof OverviewEntry;
    const value = (e: OverviewEntry): string | number =>
      key === 'timeout'
        ? Number(e.timeout) || Number.MAX_SAFE_INTEGER
        : key === 'origin'
          ? originText(e.origin)
          : String(e[key] ?? '');
    items = [...items].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return (desc ? -c : c) || a.path.localeCompare(b.path);
    });
    const pageSize = q.pageSize ?? 50;
    const page = q.page ?? 1;
    return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
  }

  private entry(path: string, kind: OverviewEntry['kind']): OverviewEntry {
    const system = this.system;
    const tree = system.serverTree();
    const level = resolveSitePath(tree, path)!;
    const chain = buildConfigChain(system.root, system.resolvePhysicalPath, system.files, tree, level, {
      includeAppHost: true,
    });
    const chainFiles = chain.map((c) => c.file);
    const memo = this.memo.get(path);
    if (memo && memo.files.length >= chainFiles.length && chainFiles.every((f, i) => f === memo.files[i])) {
      // configSource files were read too: they must be unchanged as well.
      const extra = memo.files.slice(chainFiles.length);
      if (extra.every((f) => system.files.get(f.path) === f)) return memo.entry;
    }
    const layers = collectSectionLayers(system.root, system.files, tree, chain, level.sitePath, SECTION_PATH);
    const effective = computeEffectiveSection(
      tree,
      layers.layers,
      findSectionDeclaration(chain, SESSION_STATE_SECTION),
      ALL_ATTRIBUTES,
      undefined,
    );
    const values: Record<string, string> = {};
    for (const name of SHOWN) {
      const schema = SESSION_STATE_ATTRIBUTES.find((a) => a.name === name)!;
      const stored = effective.attributes.get(name)?.stored;
      values[name] =
        stored === undefined
          ? displayDefault(schema)
          : interpretValue(schema, stored, SESSION_STATE_SECTION).value;
    }
    const modeOrigin = effective.attributes.get('mode')?.origin;
    const broken = chainFiles.find((f) => f.error) ?? layers.files.find((f) => f.error);
    const entry: OverviewEntry = {
      path: level.sitePath,
      configPath: configPathOf(level.sitePath),
      kind,
      mode: values.mode!,
      origin: modeOrigin
        ? {
            file: system.root.relative(modeOrigin.file),
            configPath: modeOrigin.configPath,
            line: modeOrigin.line,
            column: modeOrigin.column,
          }
        : 'default',
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
    const files = [...chainFiles, ...layers.files.slice(chainFiles.length)];
    this.memo.set(path, { files, entry });
    return entry;
  }
}

function originText(o: Origin): string {
  return o === 'default' ? 'default' : `${o.file} ${o.configPath}`;
}

/** `password=secret;` → `password=*****;` (also `pwd`), for lists and logs. */
export function maskPasswords(connectionString: string): string {
  return connectionString.replace(/((?:^|;)\s*(?:password|pwd)\s*=\s*)("[^"]*"|'[^']*'|[^;]*)/gi, '$1*****');
}
