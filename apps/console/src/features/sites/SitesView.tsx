import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import type { SitesOverviewItem } from '@iis-console/contracts';
import { ADVISOR_CODES, SESSION_MODE_LABELS } from '@iis-console/config-common';
import type { SessionMode } from '@iis-console/config-common';
import { errorMessage } from '../../api/client';
import { SelectBox } from '../../components/controls';
import { Link } from '../../routing/Link';
import { useRoute, useRouter } from '../../routing/RouterContext';
import { featuresHref, sessionStateHref, SITES_HREF } from '../../routing/routes';
import { SiteActions } from './SiteActions';
import type { SiteLevel } from './SiteDialogs';
import { getSitesOverview, sitesKeys, type SitesParams, type SitesSort } from './sitesApi';

const PAGE_SIZE = 50;
const SORT_KEYS = ['path', 'id', 'binding', 'physicalPath', 'mode', 'origin', 'warnings'] as const;
type SortKey = (typeof SORT_KEYS)[number];

/** IIS Manager's Sites columns, then the session state review and the advisor's warnings. */
const COLUMNS: ReadonlyArray<{ label: string; sort: SortKey | null }> = [
  { label: 'Name', sort: 'path' },
  { label: 'ID', sort: 'id' },
  { label: 'Status', sort: null },
  { label: 'Binding', sort: 'binding' },
  { label: 'Path', sort: 'physicalPath' },
  { label: 'Mode', sort: 'mode' },
  { label: 'Set in', sort: 'origin' },
  { label: 'Warnings', sort: 'warnings' },
];

const WARNING_FILTERS = [
  { value: '', label: 'All' },
  { value: 'any', label: 'Any warning' },
  ...ADVISOR_CODES.map((c) => ({ value: c, label: c })),
];

function parseSort(text: string | null): SitesSort {
  const sort = text ?? 'path';
  return (SORT_KEYS as readonly string[]).includes(sort.replace(/^-/, '')) ? (sort as SitesSort) : 'path';
}

function modeLabel(mode: string): string {
  return SESSION_MODE_LABELS[mode as SessionMode] ?? mode;
}

function setIn(item: SitesOverviewItem): string {
  return item.origin === 'default' ? 'Default' : `${item.origin.file} (${item.origin.configPath})`;
}

function hrefWith(page: number, sort: SitesSort, filter: string, warning: string): string {
  const q = new URLSearchParams();
  if (page > 1) q.set('page', String(page));
  if (sort !== 'path') q.set('sort', sort);
  if (filter !== '') q.set('filter', filter);
  if (warning !== '') q.set('warning', warning);
  const s = q.toString();
  return s ? `${SITES_HREF}?${s}` : SITES_HREF;
}

export function levelOfRow(item: SitesOverviewItem): SiteLevel {
  return {
    kind: item.kind,
    path: item.path,
    site: item.site,
    physicalPath: item.physicalPath,
    applicationPool: item.applicationPool,
  };
}

function Warnings({ item }: { item: SitesOverviewItem }) {
  const warnings = item.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <ul className="warning-list">
      {warnings.map((w) => (
        <li key={w.code} className={`warning-badge ${w.severity}`} title={w.message}>
          <span className="visually-hidden">{w.severity === 'error' ? 'Error: ' : 'Warning: '}</span>
          {w.code}
        </li>
      ))}
    </ul>
  );
}

/**
 * The Sites node: IIS Manager's Sites list (Name, ID, Status, Binding, Path) with every application
 * below its site, each row's effective session state and the advisor's warnings; filtered (text and
 * warning), sorted and paged on the server (smooth with 10,000 sites). Page, sort and filters live in
 * the URL. A row selects with a click or the arrow keys; the Actions pane acts on it.
 */
export function SitesView() {
  const router = useRouter();
  const { search } = useRoute();
  const page = Math.max(1, Number.parseInt(search.get('page') ?? '1', 10) || 1);
  const sort = parseSort(search.get('sort'));
  const filter = search.get('filter') ?? '';
  const warning = search.get('warning') ?? '';
  const [filterText, setFilterText] = useState(filter);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const id = useId();
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());

  // Typing filters after a short pause, from the first page.
  useEffect(() => {
    if (filterText === filter) return;
    const timer = setTimeout(
      () => router.navigate(hrefWith(1, sort, filterText, warning), { replace: true }),
      250,
    );
    return () => clearTimeout(timer);
  }, [filterText, filter, sort, warning, router]);

  const params: SitesParams = { page, pageSize: PAGE_SIZE, filter, sort, warning };
  const query = useQuery({
    queryKey: sitesKeys.page(params),
    queryFn: ({ signal }) => getSitesOverview(params, signal),
    placeholderData: keepPreviousData,
  });
  const items = query.data?.items ?? [];
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const go = (p: number, s: SitesSort = sort, w: string = warning) =>
    router.navigate(hrefWith(p, s, filter, w), { replace: true });

  const sortBy = (key: SortKey) => go(1, sort === key ? (`-${key}` as SitesSort) : key);

  const selectedItem = items.find((i) => i.path === selected);
  const focusRow = selectedItem ? selectedItem.path : items[0]?.path;
  const select = (path: string | undefined) => {
    setSelected(path);
    if (path) rowRefs.current.get(path)?.focus();
  };
  const onRowKey = (event: KeyboardEvent, index: number, item: SitesOverviewItem) => {
    if (event.target !== event.currentTarget) return;
    const to =
      event.key === 'ArrowDown'
        ? index + 1
        : event.key === 'ArrowUp'
          ? index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? items.length - 1
              : undefined;
    if (to !== undefined) {
      event.preventDefault();
      const next = items[Math.max(0, Math.min(items.length - 1, to))];
      if (next) select(next.path);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      router.navigate(featuresHref(item.path));
    } else if (event.key === ' ') {
      event.preventDefault();
      setSelected(item.path);
    }
  };

  return (
    <div className="page sites-view">
      <header className="page-header">
        <h1>
          <span className="page-icon icon-sites" aria-hidden="true" />
          Sites
        </h1>
        <p className="page-description">
          Every site with its applications, the session state they run in and the advisor&apos;s warnings.
        </p>
      </header>
      <div className="toolbar">
        <TextField className="field inline" value={filterText} onChange={setFilterText}>
          <Label className="field-label">Filter</Label>
          <Input className="input" placeholder="Name, mode or connection string" />
        </TextField>
        <SelectBox
          id={`${id}-warning`}
          label="Show"
          value={warning}
          options={WARNING_FILTERS}
          onChange={(w) => go(1, sort, w)}
        />
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
          role="grid"
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
            {items.map((item, i) => {
              const isSelected = item.path === selected;
              const tab = item.path === focusRow ? 0 : -1;
              return (
                <tr
                  key={item.path}
                  ref={(el) => {
                    if (el) rowRefs.current.set(item.path, el);
                    else rowRefs.current.delete(item.path);
                  }}
                  aria-rowindex={(page - 1) * PAGE_SIZE + i + 2}
                  aria-selected={isSelected}
                  tabIndex={tab}
                  className={`${item.kind}-row${isSelected ? ' selected' : ''}`}
                  onClick={() => setSelected(item.path)}
                  onKeyDown={(e) => onRowKey(e, i, item)}
                >
                  <td role="gridcell">
                    <Link href={featuresHref(item.path)} tabIndex={isSelected ? 0 : -1}>
                      {item.path}
                    </Link>
                  </td>
                  <td role="gridcell">{item.site?.id ?? ''}</td>
                  <td role="gridcell">{item.site?.status ?? ''}</td>
                  <td role="gridcell">{item.site?.binding ?? ''}</td>
                  <td role="gridcell" className="path-cell">
                    {item.physicalPath}
                  </td>
                  <td role="gridcell" title={modeLabel(item.mode)}>
                    <Link href={sessionStateHref(item.path)} tabIndex={isSelected ? 0 : -1}>
                      {item.mode}
                    </Link>
                    {item.error && (
                      <span className="row-error" title={item.error}>
                        {' '}
                        ({item.error})
                      </span>
                    )}
                  </td>
                  <td role="gridcell">{setIn(item)}</td>
                  <td role="gridcell">
                    <Warnings item={item} />
                  </td>
                </tr>
              );
            })}
            {query.data && items.length === 0 && (
              <tr>
                <td role="gridcell" colSpan={COLUMNS.length}>
                  No site or application matches the filter.
                </td>
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
      <SiteActions
        level={selectedItem ? levelOfRow(selectedItem) : undefined}
        etag={query.data?.etag}
        statusReason={query.data?.statusReason}
        withAddWebsite
        onRemoved={() => setSelected(undefined)}
      />
    </div>
  );
}
