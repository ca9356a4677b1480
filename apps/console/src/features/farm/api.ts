// The farm's calls (docs/farm.md; apps/server/src/routes/servers and routes/farm): the registered
// servers, and one site path's session state compared across servers and changed on each of them.

import type {
  FarmApplyRequest,
  FarmApplyResponse,
  FarmPreviewRequest,
  FarmPreviewResponse,
  FarmSessionStateResponse,
  ProbeServerResponse,
  RegisterServerRequest,
  ServerList,
  ServerStatus,
  ServerSummary,
} from '@iis-console/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';

export const farmKeys = {
  servers: ['servers'] as const,
  status: (id: string) => ['servers', id, 'status'] as const,
  compareAll: ['farm', 'session-state'] as const,
  compare: (path: string, servers: readonly string[]) =>
    ['farm', 'session-state', path.toLowerCase(), servers.join(',')] as const,
};

/** `GET /api/servers`: this console (`local`) first, then every registered server. */
export function serversQuery() {
  return queryOptions({
    queryKey: farmKeys.servers,
    queryFn: ({ signal }) => api<ServerList>('/api/servers', { signal }),
    staleTime: 30_000,
  });
}

/** `POST /api/servers/probe`: the certificate fingerprint a console at `url` presents (no token sent). */
export const probeServer = (url: string, allowInsecure: boolean) =>
  api<ProbeServerResponse>('/api/servers/probe', {
    method: 'POST',
    body: { url, ...(allowInsecure ? { allowInsecure } : {}) },
  });

/** `GET /api/servers/<id>/status`: whether it answers now, and whether its certificate changed. */
export function serverStatusQuery(id: string) {
  return queryOptions({
    queryKey: farmKeys.status(id),
    queryFn: ({ signal }) => api<ServerStatus>(`/api/servers/${encodeURIComponent(id)}/status`, { signal }),
    staleTime: 10_000,
  });
}

export const registerServer = (request: RegisterServerRequest) =>
  api<ServerSummary>('/api/servers', { method: 'POST', body: request });

export const removeServer = (id: string) =>
  api<void>(`/api/servers/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const acceptCertificate = (id: string, fingerprint: string) =>
  api<ServerSummary>(`/api/servers/${encodeURIComponent(id)}/accept-certificate`, {
    method: 'POST',
    body: { fingerprint },
  });

/** `GET /api/farm/session-state`: `servers` in the order chosen (never empty: the route's default is all). */
export function farmCompareQuery(path: string, servers: readonly string[]) {
  return queryOptions({
    queryKey: farmKeys.compare(path, servers),
    queryFn: ({ signal }) =>
      api<FarmSessionStateResponse>(
        `/api/farm/session-state?path=${encodeURIComponent(path)}&servers=${encodeURIComponent(servers.join(','))}`,
        { signal },
      ),
    // Each read asks every server: no refetch on focus, the page has Refresh.
    staleTime: 30_000,
    refetchOnWindowFocus: false,
  });
}

/** `POST /api/farm/session-state/preview`: each server's diff and the ETag it was computed on; nothing written. */
export const previewOnServers = (request: FarmPreviewRequest) =>
  api<FarmPreviewResponse>('/api/farm/session-state/preview', { method: 'POST', body: request });

export const applyToServers = (request: FarmApplyRequest) =>
  api<FarmApplyResponse>('/api/farm/session-state', { method: 'POST', body: request });

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** How a URL typed in Connect to a Server… would be sent: `https`, `http` to loopback, other `http`. */
export function urlKind(text: string): 'https' | 'loopback' | 'insecure' | 'invalid' {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'invalid';
  }
  if (url.protocol === 'https:') return 'https';
  if (url.protocol !== 'http:') return 'invalid';
  return LOOPBACK.test(url.hostname) ? 'loopback' : 'insecure';
}
