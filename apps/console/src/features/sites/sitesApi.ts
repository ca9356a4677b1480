// The Sites node's API calls (apps/server/src/routes/sites, packages/contracts/src/sites.ts): the joined
// list (one page of the session state overview with the site columns and applicationHost.config's
// ETag), the application pools for the pickers, and the writes, each with If-Match.

import { queryOptions } from '@tanstack/react-query';
import type {
  ApplicationCreate,
  ApplicationPoolsResponse,
  SiteBinding,
  SiteCreate,
  SiteSettingsChange,
  SitesOverviewQuery,
  SitesOverviewResponse,
  SiteWriteResponse,
  VirtualDirectoryCreate,
} from '@iis-console/contracts';
import { api } from '../../api/client';

export type SitesSort = SitesOverviewQuery['sort'];
export type SitesParams = Pick<SitesOverviewQuery, 'page' | 'pageSize' | 'filter' | 'sort'> & {
  warning: string;
};

export const sitesKeys = {
  all: ['sites-overview'] as const,
  page: (p: SitesParams) => ['sites-overview', 'page', p] as const,
  level: (path: string) => ['sites-overview', 'level', path.toLowerCase()] as const,
  pools: ['application-pools', 'names'] as const,
};

export function getSitesOverview(p: SitesParams, signal?: AbortSignal) {
  const q = new URLSearchParams({
    page: String(p.page),
    pageSize: String(p.pageSize),
    filter: p.filter,
    sort: p.sort,
  });
  if (p.warning) q.set('warning', p.warning);
  return api<SitesOverviewResponse>(`/api/sites/overview?${q.toString()}`, signal ? { signal } : {});
}

/** The row of one level (a site or an application; none for a virtual directory) and the ETag. */
export function levelQuery(path: string) {
  return queryOptions({
    queryKey: sitesKeys.level(path),
    queryFn: async ({ signal }) => {
      // The filter is a substring match: the exact row is among the first page of matches.
      const data = await getSitesOverview(
        { page: 1, pageSize: 500, filter: path, sort: 'path', warning: '' },
        signal,
      );
      const row = data.items.find((i) => i.path.toLowerCase() === path.toLowerCase());
      return { row, etag: data.etag, statusReason: data.statusReason };
    },
  });
}

/** The names of the application pools (the pickers of Add Website…, Add Application…, Basic Settings…). */
export function poolNamesQuery() {
  return queryOptions({
    queryKey: sitesKeys.pools,
    queryFn: async ({ signal }) =>
      (await api<ApplicationPoolsResponse>('/api/application-pools', signal ? { signal } : {})).items.map(
        (p) => p.name,
      ),
    staleTime: 10_000,
  });
}

const write = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, etag: string, body?: unknown) =>
  api<SiteWriteResponse>(url, {
    method,
    headers: { 'if-match': etag },
    ...(body !== undefined ? { body } : {}),
  });

const site = (name: string) => `/api/sites/${encodeURIComponent(name)}`;
const at = (path: string) => `?path=${encodeURIComponent(path)}`;

export const sitesWrites = {
  addSite: (body: SiteCreate, etag: string) => write('POST', '/api/sites', etag, body),
  setBindings: (name: string, bindings: SiteBinding[], etag: string, allowDuplicateBinding?: boolean) =>
    write('PUT', `${site(name)}/bindings`, etag, {
      bindings,
      ...(allowDuplicateBinding ? { allowDuplicateBinding } : {}),
    }),
  setSettings: (name: string, body: SiteSettingsChange, etag: string) =>
    write('PATCH', site(name), etag, body),
  removeSite: (name: string, etag: string) => write('DELETE', site(name), etag),
  addApplication: (body: ApplicationCreate, etag: string) => write('POST', '/api/applications', etag, body),
  addVirtualDirectory: (body: VirtualDirectoryCreate, etag: string) =>
    write('POST', '/api/virtual-directories', etag, body),
  convert: (path: string, applicationPool: string | undefined, etag: string) =>
    write('POST', '/api/applications/convert', etag, {
      path,
      ...(applicationPool ? { applicationPool } : {}),
    }),
  removeApplication: (path: string, etag: string) => write('DELETE', `/api/applications${at(path)}`, etag),
  removeVirtualDirectory: (path: string, etag: string) =>
    write('DELETE', `/api/virtual-directories${at(path)}`, etag),
};
