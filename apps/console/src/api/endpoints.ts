// Typed calls of the API routes the console uses (apps/server/src/routes, packages/contracts).

import type {
  ConfigSearchResponse,
  ContentResponse,
  CurrentUser,
  FileExcerptResponse,
  LocalLocksResponse,
  SectionChange,
  SectionResponse,
  SectionsResponse,
  LoginResponse,
  OverviewResponse,
  SessionStatePatch,
  SessionStatePreviewResponse,
  SessionStateResponse,
  StateServicePatch,
  StateServiceResponse,
  TestConnectionResponse,
  TreeNode,
} from '@iis-console/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, ApiRequestError, apiRequest, fetchCsrfToken, setCsrfToken } from './client';

/** `GET /api/history` (contracts HistoryListResponse). */
export interface HistoryList {
  items: Array<{
    id: string;
    time: string;
    user?: string;
    description?: string;
    files: Array<{ path: string; existed: boolean }>;
  }>;
}
/** `GET /api/history/:id` (contracts HistoryDiffResponse): each saved file against the current one. */
export interface HistoryDiff {
  id: string;
  files: Array<{ file: string; diff: string }>;
}

const level = (path: string) => `?path=${encodeURIComponent(path)}`;

export async function signIn(username: string, password: string): Promise<LoginResponse> {
  const result = await api<LoginResponse>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
    expectUnauthorized: true,
    withoutCsrf: true,
  });
  setCsrfToken(result.csrfToken);
  return result;
}

export async function signOut(): Promise<void> {
  await api<void>('/api/auth/logout', { method: 'POST' });
  setCsrfToken(null);
}

/** The signed-in user, or null without a session. */
export async function currentUser(): Promise<CurrentUser | null> {
  try {
    return await api<CurrentUser>('/api/auth/me', { expectUnauthorized: true });
  } catch (e) {
    if (e instanceof ApiRequestError && e.status === 401) return null;
    throw e;
  }
}

/** Asks for the CSRF token of the current session (after a reload of a signed-in page). */
export async function loadCsrfToken(): Promise<void> {
  await fetchCsrfToken();
}

export const getTree = (signal?: AbortSignal) => api<TreeNode>('/api/tree', signal ? { signal } : {});

/** Content View: the applications, virtual directories, folders and files of a level. */
export const getContent = (path: string, signal?: AbortSignal) =>
  api<ContentResponse>(`/api/content${level(path)}`, signal ? { signal } : {});

export const getSessionState = (path: string, signal?: AbortSignal) =>
  api<SessionStateResponse>(`/api/config/session-state${level(path)}`, signal ? { signal } : {});

export const patchSessionState = (path: string, body: SessionStatePatch, etag: string) =>
  api<SessionStateResponse>(`/api/config/session-state${level(path)}`, {
    method: 'PATCH',
    body,
    headers: { 'if-match': etag },
  });

export const previewSessionState = (path: string, body: SessionStatePatch, etag: string) =>
  api<SessionStatePreviewResponse>(`/api/config/session-state/preview${level(path)}`, {
    method: 'POST',
    body,
    headers: { 'if-match': etag },
  });

export type OverviewSort =
  | 'path'
  | '-path'
  | 'mode'
  | '-mode'
  | 'timeout'
  | '-timeout'
  | 'cookieless'
  | '-cookieless'
  | 'origin'
  | '-origin';

export interface OverviewParams {
  page: number;
  pageSize: number;
  filter: string;
  sort: OverviewSort;
}

export const getOverview = (p: OverviewParams, signal?: AbortSignal) => {
  const q = new URLSearchParams({
    page: String(p.page),
    pageSize: String(p.pageSize),
    filter: p.filter,
    sort: p.sort,
  });
  return api<OverviewResponse>(`/api/overview/session-state?${q.toString()}`, signal ? { signal } : {});
};

export const getHistory = () => api<HistoryList>('/api/history');
export const getHistoryEntry = (id: string) => api<HistoryDiff>(`/api/history/${encodeURIComponent(id)}`);
export const rollBack = (id: string) =>
  api<{ files: string[] }>(`/api/history/${encodeURIComponent(id)}/rollback`, { method: 'POST' });

/** The state service, or null where the server has no service API (404). */
export async function getStateService(): Promise<StateServiceResponse | null> {
  try {
    return await api<StateServiceResponse>('/api/services/aspnet_state');
  } catch (e) {
    if (e instanceof ApiRequestError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}

export type ServiceCommand = 'start' | 'stop' | 'restart';

export const controlStateService = (command: ServiceCommand) =>
  api<StateServiceResponse | undefined>(`/api/services/aspnet_state/${command}`, { method: 'POST' });

export const patchStateService = (body: StateServicePatch) =>
  api<StateServiceResponse | undefined>('/api/services/aspnet_state', { method: 'PATCH', body });

export const testStateServerConnection = (connectionString: string) =>
  apiRequest<TestConnectionResponse>('/api/state-server/test-connection', {
    method: 'POST',
    body: { connectionString },
  }).then((r) => r.data);

/** The Session State GET of a level, as the page and the shell's prefetch both ask for it. */
export function sessionStateQuery(path: string) {
  return queryOptions({
    queryKey: queryKeys.sessionState(path),
    queryFn: ({ signal }) => getSessionState(path, signal),
    // Fresh enough for the page that mounts right after the shell prefetched it; older data is re-read.
    staleTime: 2000,
  });
}

type Commit = SectionChange['commit'];

function sectionUrl(route: string, section: string, path: string, commit: Commit): string {
  const q = new URLSearchParams({ section, path });
  if (commit) q.set('commit', commit);
  return `/api/config/${route}?${q.toString()}`;
}

export const getSections = (path: string, signal?: AbortSignal) =>
  api<SectionsResponse>(`/api/config/sections${level(path)}`, signal ? { signal } : {});

export const getSection = (section: string, path: string, commit: Commit, signal?: AbortSignal) =>
  api<SectionResponse>(sectionUrl('section', section, path, commit), signal ? { signal } : {});

export const patchSection = (section: string, path: string, body: SectionChange, etag: string) =>
  api<SectionResponse>(sectionUrl('section', section, path, body.commit), {
    method: 'PATCH',
    body,
    headers: { 'if-match': etag },
  });

export const previewSection = (section: string, path: string, body: SectionChange, etag: string) =>
  api<SessionStatePreviewResponse>(sectionUrl('section/preview', section, path, body.commit), {
    method: 'POST',
    body,
    headers: { 'if-match': etag },
  });

export const lockSection = (section: string, path: string, overrideMode: 'Allow' | 'Deny') =>
  api<SectionResponse>(sectionUrl('section/lock', section, path, undefined), {
    method: 'POST',
    body: { overrideMode },
  });

/** The lock attributes set where a write at this level goes (Lock / Unlock Attribute). */
export const getLocalLocks = (section: string, path: string, commit: Commit, signal?: AbortSignal) =>
  api<LocalLocksResponse>(sectionUrl('section/local-locks', section, path, commit), signal ? { signal } : {});

/** Search Configuration: where a section is set across the server's files. */
export const searchConfiguration = (section: string, path: string, signal?: AbortSignal) =>
  api<ConfigSearchResponse>(
    `/api/config/search?${new URLSearchParams({ section, path }).toString()}`,
    signal ? { signal } : {},
  );

/** The lines of a configuration file around a line (the Config Error view). */
export const getFileExcerpt = (file: string, line: number, signal?: AbortSignal) =>
  api<FileExcerptResponse>(
    `/api/config/file-excerpt?${new URLSearchParams({ file, line: String(line) }).toString()}`,
    signal ? { signal } : {},
  );

/** A section at a level as the Configuration Editor reads it (`commit`: its "From"). */
export function sectionQuery(section: string, path: string, commit: Commit) {
  return queryOptions({
    queryKey: queryKeys.section(section, path, commit),
    queryFn: ({ signal }) => getSection(section, path, commit, signal),
    staleTime: 2000,
  });
}

export function sectionsQuery(path: string) {
  return queryOptions({
    queryKey: queryKeys.sections(path),
    queryFn: ({ signal }) => getSections(path, signal),
    staleTime: 60_000,
  });
}

/** React Query keys, one place. */
export const queryKeys = {
  section: (section: string, path: string, commit: Commit) =>
    ['section', section.toLowerCase(), path.toLowerCase(), commit ?? ''] as const,
  sectionAll: ['section'] as const,
  sections: (path: string) => ['sections', path.toLowerCase()] as const,
  tree: ['tree'] as const,
  content: (path: string) => ['content', path.toLowerCase()] as const,
  sessionState: (path: string) => ['session-state', path.toLowerCase()] as const,
  sessionStateAll: ['session-state'] as const,
  overview: (p: OverviewParams) => ['overview', p] as const,
  overviewAll: ['overview'] as const,
  history: ['history'] as const,
  historyEntry: (id: string) => ['history', id] as const,
  stateService: ['services', 'aspnet_state'] as const,
};
