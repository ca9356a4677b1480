// Typed calls of the API routes the console uses (apps/server/src/routes, packages/contracts).

import type {
  CurrentUser,
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

/** React Query keys, one place. */
export const queryKeys = {
  tree: ['tree'] as const,
  sessionState: (path: string) => ['session-state', path.toLowerCase()] as const,
  sessionStateAll: ['session-state'] as const,
  overview: (p: OverviewParams) => ['overview', p] as const,
  overviewAll: ['overview'] as const,
  history: ['history'] as const,
  historyEntry: (id: string) => ['history', id] as const,
  stateService: ['services', 'aspnet_state'] as const,
};
