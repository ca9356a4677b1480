// The Application Pools page's calls (`/api/application-pools`, apps/server/src/routes/application-pools)
// and its reads. Small on purpose: the registry imports it for the prefetch.

import type { ApplicationPoolsResponse, SectionResponse } from '@iis-console/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { getSection } from '../../api/endpoints';

export const POOLS_SECTION = 'system.applicationHost/applicationPools';

/** What every write answers: the list after the write. */
export type PoolsWriteResponse = ApplicationPoolsResponse & { changed: boolean; history?: string };

/** A change below one pool, or of `<applicationPoolDefaults>` (no collections there). */
export interface PoolChange {
  attributes?: Record<string, string | null>;
  elements?: Record<string, { attributes: Record<string, string | null> }>;
  collections?: Record<
    string,
    Array<{ op: 'add'; attributes: Record<string, string> } | { op: 'remove'; key: Record<string, string> }>
  >;
}

export interface PoolCreate {
  name: string;
  managedRuntimeVersion: string;
  managedPipelineMode: string;
  autoStart: boolean;
}

export type PoolCommand = 'start' | 'stop' | 'recycle';

/** View Applications (contracts PoolApplicationsResponse). */
export interface PoolApplications {
  items: Array<{ site: string; path: string; sitePath: string }>;
}

const poolUrl = (name: string) => `/api/application-pools/${encodeURIComponent(name)}`;
const write = (etag: string) => ({ 'if-match': etag });

export const poolKeys = {
  list: ['application-pools'] as const,
  applications: (name: string) => ['application-pools', 'applications', name.toLowerCase()] as const,
  section: ['application-pools', 'section'] as const,
};

export const getPools = (signal?: AbortSignal) =>
  api<ApplicationPoolsResponse>('/api/application-pools', signal ? { signal } : {});

/** The list: IIS Manager's columns, each pool's status (or Unknown with why) and the ETag. */
export function applicationPoolsQuery() {
  return queryOptions({
    queryKey: poolKeys.list,
    queryFn: ({ signal }) => getPools(signal),
    staleTime: 2000,
  });
}

/** Every setting of every pool and of `<applicationPoolDefaults>`, as the engine reads them (Advanced Settings). */
export function poolsSectionQuery() {
  return queryOptions({
    queryKey: poolKeys.section,
    queryFn: ({ signal }): Promise<SectionResponse> => getSection(POOLS_SECTION, '', undefined, signal),
    staleTime: 2000,
  });
}

export function poolApplicationsQuery(name: string) {
  return queryOptions({
    queryKey: poolKeys.applications(name),
    queryFn: ({ signal }) => api<PoolApplications>(`${poolUrl(name)}/applications`, signal ? { signal } : {}),
  });
}

export const addPool = (body: PoolCreate, etag: string) =>
  api<PoolsWriteResponse>('/api/application-pools', { method: 'POST', body, headers: write(etag) });

export const changePool = (name: string, body: PoolChange, etag: string) =>
  api<PoolsWriteResponse>(poolUrl(name), { method: 'PATCH', body, headers: write(etag) });

export const setPoolDefaults = (body: PoolChange, etag: string) =>
  api<PoolsWriteResponse>('/api/application-pool-defaults', { method: 'PATCH', body, headers: write(etag) });

export const removePool = (name: string, etag: string) =>
  api<PoolsWriteResponse>(poolUrl(name), { method: 'DELETE', headers: write(etag) });

export const controlPool = (name: string, command: PoolCommand) =>
  api<ApplicationPoolsResponse>(`${poolUrl(name)}/${command}`, { method: 'POST' });
