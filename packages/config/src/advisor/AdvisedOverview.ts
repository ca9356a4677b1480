// The sites overview with the session state advisor's warnings on every row (docs/advisor.md). It
// takes what the overview already computed (each level's effective session state) and adds what the
// rules need besides: the pool of each level (one read of applicationPools per version of
// applicationHost.config, a map lookup per row), httpCookies (read only for the few levels whose
// session cookie says SameSite=None) and the state service (given with the query, never read here).

import type { AdvisorServiceInput, AdvisorWarning } from '@iis-console/config-common';
import { ADVISOR_CODES, adviseSessionState } from '@iis-console/config-common';
import type { ConfigurationSystem } from '../ConfigurationSystem.js';
import type { OverviewEntry, OverviewQuery } from '../session-state/SessionStateOverview.js';
import { SessionStateOverview } from '../session-state/SessionStateOverview.js';
import { configPathOf } from '../hierarchy/configPath.js';
import { AdvisorInputs } from './AdvisorInputs.js';

export interface AdvisedOverviewQuery extends OverviewQuery {
  /** Only levels with this warning (an advisor code, any case), or with any warning (`any`). */
  warning?: string;
  /** The local ASP.NET State Service as the server sees it now (StateServiceStopped needs it). */
  stateService?: AdvisorServiceInput;
  /** This machine's host name (a state server connection string naming it points here). */
  machineName?: string;
}

export type AdvisedOverviewEntry = OverviewEntry & { warnings: AdvisorWarning[] };

const ORDER = new Map<string, number>(ADVISOR_CODES.map((c, i) => [c, i]));

export class AdvisedOverview {
  readonly overview: SessionStateOverview;
  readonly inputs: AdvisorInputs;
  /** Warnings from configuration alone, per overview entry (an entry is replaced when its level changes). */
  private readonly configWarnings = new WeakMap<
    OverviewEntry,
    { pools: object; warnings: AdvisorWarning[] }
  >();
  private decorated?: {
    entries: OverviewEntry[];
    pools: object;
    service: string;
    list: AdvisedOverviewEntry[];
  };
  private filtered?: { list: AdvisedOverviewEntry[]; warning: string; result: AdvisedOverviewEntry[] };
  private byWarnings?: {
    list: AdvisedOverviewEntry[];
    filter: string;
    desc: boolean;
    result: AdvisedOverviewEntry[];
  };

  constructor(
    private readonly system: ConfigurationSystem,
    overview?: SessionStateOverview,
  ) {
    this.overview = overview ?? new SessionStateOverview(system);
    this.inputs = new AdvisorInputs(system);
  }

  entries(): OverviewEntry[] {
    return this.overview.entries();
  }

  query(q: AdvisedOverviewQuery = {}): { items: AdvisedOverviewEntry[]; total: number } {
    return this.queryAll([q])[0]!;
  }

  /** Several queries from one check of the files, as SessionStateOverview.queryAll. */
  queryAll(
    queries: readonly AdvisedOverviewQuery[],
  ): Array<{ items: AdvisedOverviewEntry[]; total: number }> {
    const entries = this.overview.entries();
    return this.system.files.withPass(() =>
      queries.map((q) => {
        const list = this.filter(this.decorate(entries, q), q.warning);
        if (q.sort === 'warnings' || q.sort === '-warnings') return this.pageByWarnings(list, q);
        const page = this.overview.page(list, q);
        return { items: page.items as AdvisedOverviewEntry[], total: page.total };
      }),
    );
  }

  /** Every entry with its warnings; the same array while nothing they depend on changed. */
  private decorate(entries: OverviewEntry[], q: AdvisedOverviewQuery): AdvisedOverviewEntry[] {
    const tree = this.inputs.tree();
    const pools = this.inputs.pools(tree);
    const service = JSON.stringify([q.stateService ?? null, q.machineName ?? null]);
    const d = this.decorated;
    if (d && d.entries === entries && d.pools === pools && d.service === service) return d.list;
    const list = entries.map((entry) => {
      let cached = this.configWarnings.get(entry);
      if (!cached || cached.pools !== pools) {
        cached = { pools, warnings: this.adviseFromConfig(entry, tree) };
        this.configWarnings.set(entry, cached);
      }
      const serviceWarnings =
        q.stateService && entry.mode === 'StateServer' && !entry.error
          ? adviseSessionState({
              path: entry.path,
              configPath: entry.configPath,
              sessionState: sessionStateOf(entry),
              stateService: q.stateService,
              ...(q.machineName ? { machineName: q.machineName } : {}),
            })
          : [];
      const warnings =
        serviceWarnings.length === 0
          ? cached.warnings
          : [...cached.warnings, ...serviceWarnings].sort((a, b) => ORDER.get(a.code)! - ORDER.get(b.code)!);
      return { ...entry, warnings };
    });
    this.decorated = { entries, pools, service, list };
    return list;
  }

  /**
   * Sorted by the warnings column: `warnings` puts the most severe rows first (more errors, then more
   * warnings, then by code in the advisor's order), rows without warnings last; `-warnings` reverses
   * that. Ties keep the path order. Cached while the filtered list is the same.
   */
  private pageByWarnings(
    list: AdvisedOverviewEntry[],
    q: AdvisedOverviewQuery,
  ): { items: AdvisedOverviewEntry[]; total: number } {
    const filter = q.filter ?? '';
    const desc = q.sort === '-warnings';
    let sorted = this.byWarnings;
    if (!sorted || sorted.list !== list || sorted.filter !== filter || sorted.desc !== desc) {
      // The filtered rows in path order (the overview's own filter), then by warnings (a stable sort).
      const all = this.overview.page(list, { filter, sort: 'path', page: 1, pageSize: list.length || 1 });
      const keyed = (all.items as AdvisedOverviewEntry[]).map((e) => ({ e, k: warningsKey(e.warnings) }));
      keyed.sort((a, b) => (a.k === b.k ? 0 : a.k < b.k !== desc ? -1 : 1));
      sorted = { list, filter, desc, result: keyed.map((x) => x.e) };
      this.byWarnings = sorted;
    }
    const pageSize = q.pageSize ?? 50;
    const page = q.page ?? 1;
    return {
      items: sorted.result.slice((page - 1) * pageSize, page * pageSize),
      total: sorted.result.length,
    };
  }

  private adviseFromConfig(entry: OverviewEntry, tree: ReturnType<AdvisorInputs['tree']>): AdvisorWarning[] {
    if (entry.error || entry.mode === '') return [];
    const sessionState = sessionStateOf(entry);
    const needsCookies =
      sessionState.mode !== 'Off' &&
      sessionState.cookieSameSite.toLowerCase() === 'none' &&
      !['useuri', 'true'].includes(sessionState.cookieless.toLowerCase());
    const pool = this.inputs.poolFor(entry.path, tree);
    const requireSSL = needsCookies ? this.inputs.httpCookiesRequireSSL(entry.path) : undefined;
    return adviseSessionState({
      path: entry.path,
      configPath: entry.configPath || configPathOf(entry.path),
      sessionState,
      ...(pool ? { applicationPool: pool } : {}),
      ...(requireSSL !== undefined ? { httpCookiesRequireSSL: requireSSL } : {}),
    });
  }

  /** Levels with a warning (`any`) or with one code; the same array for the same list and code. */
  private filter(list: AdvisedOverviewEntry[], warning: string | undefined): AdvisedOverviewEntry[] {
    const code = (warning ?? '').trim().toLowerCase();
    if (code === '') return list;
    const f = this.filtered;
    if (f && f.list === list && f.warning === code) return f.result;
    const result = list.filter((e) =>
      code === 'any' ? e.warnings.length > 0 : e.warnings.some((w) => w.code.toLowerCase() === code),
    );
    this.filtered = { list, warning: code, result };
    return result;
  }
}

/** A sort key: the most severe rows sort first (fewer "slots" left = more errors, then warnings). */
function warningsKey(warnings: readonly AdvisorWarning[]): string {
  if (warnings.length === 0) return '~';
  const errors = warnings.filter((w) => w.severity === 'error').length;
  const pad = (n: number) => String(999 - Math.min(n, 999)).padStart(3, '0');
  const codes = warnings.map((w) => String(ORDER.get(w.code) ?? 99).padStart(2, '0')).join('');
  return `${pad(errors)}${pad(warnings.length - errors)}${codes}`;
}

function sessionStateOf(entry: OverviewEntry) {
  return {
    mode: entry.mode,
    cookieless: entry.cookieless,
    cookieSameSite: entry.cookieSameSite ?? 'Lax',
    timeout: entry.timeout,
    stateConnectionString: entry.stateConnectionString,
  };
}
