// The server's HTTP API, for set-up and for assertions the page cannot show (docs/design.md, "Contracts").
import { request, type APIRequestContext, type APIResponse } from '@playwright/test';
import type { Credentials } from './server.js';

export interface SessionStateAttribute {
  value: string;
  origin: 'default' | { file: string; configPath: string };
  local: boolean;
  locked: boolean;
}

export interface SessionStateView {
  attributes: Record<string, SessionStateAttribute>;
  unknownAttributes: Array<{ name: string; value: string }>;
  target: { file: string; configPath: string } | null;
  readOnly: string | null;
  etag: string;
}

export interface ApiErrorBody {
  error: { statusCode: number; code: string; message: string; errors?: Array<{ message: string }> };
}

export interface StateService {
  status: 'Stopped' | 'StartPending' | 'Running' | 'StopPending';
  startupType: 'Manual' | 'Automatic' | 'Disabled';
  settings: {
    port: number;
    allowRemoteConnection: boolean;
    socketTimeout: number;
    store?: string;
    keyPrefix?: string;
  };
}

/** A signed-in API session (cookie + CSRF token), as the console itself talks to the server. */
export class ApiClient {
  private constructor(
    private readonly http: APIRequestContext,
    private readonly csrf: string,
  ) {}

  static async signIn(baseURL: string, user: Credentials): Promise<ApiClient> {
    const http = await request.newContext({ baseURL });
    const res = await http.post('/api/auth/login', {
      data: { username: user.username, password: user.password },
    });
    if (!res.ok())
      throw new Error(`API sign-in of ${user.username} failed: ${res.status()} ${await res.text()}`);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return new ApiClient(http, csrfToken);
  }

  dispose(): Promise<void> {
    return this.http.dispose();
  }

  async sessionState(path: string): Promise<SessionStateView> {
    const res = await this.http.get('/api/config/session-state', { params: { path } });
    if (!res.ok()) throw new Error(`GET session-state "${path}": ${res.status()} ${await res.text()}`);
    return (await res.json()) as SessionStateView;
  }

  /** PATCH with the current ETag (or the given one); returns the raw response. */
  async patchSessionState(
    path: string,
    changes: Record<string, string | boolean | number | null>,
    etag?: string,
  ): Promise<APIResponse> {
    const ifMatch = etag ?? (await this.sessionState(path)).etag;
    return this.http.patch('/api/config/session-state', {
      params: { path },
      data: changes,
      headers: { 'if-match': ifMatch, 'x-csrf-token': this.csrf },
    });
  }

  async stateService(): Promise<StateService> {
    const res = await this.http.get('/api/services/aspnet_state');
    if (!res.ok()) throw new Error(`GET aspnet_state: ${res.status()} ${await res.text()}`);
    return (await res.json()) as StateService;
  }

  async patchStateService(changes: Partial<StateService['settings']> & { startupType?: string }) {
    const res = await this.http.patch('/api/services/aspnet_state', {
      data: changes,
      headers: { 'x-csrf-token': this.csrf },
    });
    if (!res.ok()) throw new Error(`PATCH aspnet_state: ${res.status()} ${await res.text()}`);
    return (await res.json()) as StateService;
  }

  async controlStateService(verb: 'start' | 'stop' | 'restart'): Promise<APIResponse> {
    return this.http.post(`/api/services/aspnet_state/${verb}`, { headers: { 'x-csrf-token': this.csrf } });
  }

  /** `POST /api/tokens` (administrator): a new API token, shown only in this answer. */
  async createToken(name: string): Promise<string> {
    const res = await this.http.post('/api/tokens', {
      data: { name },
      headers: { 'x-csrf-token': this.csrf },
    });
    if (!res.ok()) throw new Error(`POST /api/tokens: ${res.status()} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  }
}

/** The messages of a refused write (top-level message plus every field error). */
export async function errorMessages(res: APIResponse): Promise<string> {
  const body = (await res.json()) as ApiErrorBody;
  return [body.error.message, ...(body.error.errors ?? []).map((e) => e.message)].join('\n');
}
