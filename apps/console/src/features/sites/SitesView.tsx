import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import type { OverviewItem } from '@iis-console/contracts';
import { COOKIE_MODE_LABELS, SESSION_MODE_LABELS } from '@iis-console/config-common';
import type { CookieMode, SessionMode } from '@iis-console/config-common';
import { errorMessage } from '../../api/client';
import { getOverview, queryKeys, type OverviewSort } from '../../api/endpoints';
import { Link } from '../../routing/Link';
import { useRoute, useRouter } from '../../routing/RouterContext';
import { sessionStateHref, SITES_HREF } from '../../routing/routes';
import { ActionGroup, ActionLink, PageActions } from '../../shell/ActionsPane';

const PAGE_SIZE = 50;
const SORT_KEYS = ['path', 'mode', 'origin', 'timeout', 'cookieless'] as const;
type SortKey = (typeof SORT_KEYS)[number];

const COLUMNS: ReadonlyArray<{ label: string; sort: SortKey | null }> = [
  { label: 'Path', sort: 'path' },
  { label: 'Mode', sort: 'mode' },
  { label: 'Set in', sort: 'origin' },
  { label: 'Connection string', sort: null },
  { label: 'Cookie mode', sort: 'cookieless' },
  { label: 'Time-out', sort: 'timeout' },
];

function parseSort(text: string | null): OverviewSort {
  const sort = text ?? 'path';
  return (SORT_KEYS as readonly string[]).includes(sort.replace(/^-/, '')) ? (sort as OverviewSort) : 'path';
}

function modeLabel(mode: string): string {
  return SESSION_MODE_LABELS[mode as SessionMode] ?? mode;
}

function cookieLabel(cookieless: string): string {
  return COOKIE_MODE_LABELS[cookieless as CookieMode] ?? cookieless;
}

function connectionString(item: OverviewItem): string {
  if (item.mode === 'StateServer') return item.stateConnectionString;
  if (item.mode === 'SQLServer') return item.sqlConnectionString;
  return '';
}

function setIn(item: OverviewItem): string {
  return item.origin === 'default' ? 'Default' : `${item.origin.file} (${item.origin.configPath})`;
}

function hrefWith(page: number, sort: OverviewSort, filter: string): string {
  const q = new URLSearchParams();
  if (page > 1) q.set('page', String(page));
  if (sort !== 'path') q.set('sort', sort);
  if (filter !== '') q.set('filter', filter);
  const s = q.toString();
  return s ? `${SITES_HREF}?${s}` : SITES_HREF;
}

/**
 * The Sites view: every site and application with its effective session state, filtered, sorted and
 * paged on the server (smooth with 10,000 sites). Page, sort and filter live in the URL.
 */
export function SitesView() {
  const router = useRouter();
  const { search } = useRoute();
  const page = Math.max(1, Number.parseInt(search.get('page') ?? '1', 10) || 1);
  const sort = parseSort(search.get('sort'));
  const filter = search.get('filter') ?? '';
  const [filterText, setFilterText] = useState(filter);

  // Typing filters after a short pause, from the first page.
  useEffect(() => {
    if (filterText === filter) return;
    const timer = setTimeout(() => router.navigate(hrefWith(1, sort, filterText), { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [filterText, filter, sort, router]);

  const params = { page, pageSize: PAGE_SIZE, filter, sort };
  const query = useQuery({
    queryKey: queryKeys.overview(params),
    queryFn: ({ signal }) => getOverview(params, signal),
    placeholderData: keepPreviousData,
  });
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const go = (p: number, s: OverviewSort = sort) =>
    router.navigate(hrefWith(p, s, filter), { replace: true });

  const sortBy = (key: SortKey) => {
    const next: OverviewSort = sort === key ? (`-${key}` as OverviewSort) : (key as OverviewSort);
    go(1, next);
  };

  return (
    <div className="page sites-view">
      <header className="page-header">
        <h1>
          <span className="page-icon icon-sites" aria-hidden="true" />
          Sites
        </h1>
        <p className="page-description">Session state of every site and application.</p>
      </header>
      <div className="toolbar">
        <TextField className="field inline" value={filterText} onChange={setFilterText}>
          <Label className="field-label">Filter</Label>
          <Input className="input" placeholder="Path, mode or connection string" />
        </TextField>
        <span className="count" aria-live="polite">
          {query.data ? `${total} ${total === 1 ? 'item' : 'items'}` : ''}
        </span>
      </div>
      {query.isError && (
        <p role="alert" className="alert error">
          {errorMessage(query.error)}
        </p>
      )}
      <div className="grid-scroll">
        <table
          className="grid sites-grid"
          aria-label="Sites"
          aria-rowcount={total + 1}
          aria-busy={query.isFetching}
        >
          <thead>
            <tr aria-rowindex={1}>
              {COLUMNS.map((c) => {
                const active = c.sort !== null && sort.replace(/^-/, '') === c.sort;
                const ariaSort = active ? (sort.startsWith('-') ? 'descending' : 'ascending') : undefined;
                return (
                  <th key={c.label} scope="col" aria-sort={ariaSort}>
                    {c.sort ? (
                      <Button className="sort-button" onPress={() => sortBy(c.sort!)}>
                        {c.label}
                        <span className="sort-indicator" aria-hidden="true">
                          {active ? (sort.startsWith('-') ? '▼' : '▲') : ''}
                        </span>
                      </Button>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {query.data?.items.map((item, i) => (
              <tr key={item.path} aria-rowindex={(page - 1) * PAGE_SIZE + i + 2}>
                <td>
                  <Link href={sessionStateHref(item.path)}>{item.path}</Link>
                </td>
                {/* The configuration's own names, which the filter also matches; the page's label as a tip. */}
                <td title={modeLabel(item.mode)}>{item.mode}</td>
                <td>{setIn(item)}</td>
                <td className="mono">{connectionString(item)}</td>
                <td title={cookieLabel(item.cookieless)}>{item.cookieless}</td>
                <td>
                  {item.timeout}
                  {item.error && (
                    <span className="row-error" title={item.error}>
                      {' '}
                      ({item.error})
                    </span>
                  )}
                </td>
              </tr>
            ))}
            {query.data && query.data.items.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length}>No site or application matches the filter.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <Button className="button" isDisabled={page <= 1} onPress={() => go(page - 1)}>
          Previous page
        </Button>
        <span>
          Page {Math.min(page, pages)} of {pages}
        </span>
        <Button className="button" isDisabled={page >= pages} onPress={() => go(page + 1)}>
          Next page
        </Button>
      </div>
      <PageActions>
        <ActionGroup>
          <ActionLink
            icon="?"
            href="https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/sites/"
          >
            Help
          </ActionLink>
        </ActionGroup>
      </PageActions>
    </div>
  );
}
