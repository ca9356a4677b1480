// The component tests' only mock: `fetch`, the boundary of the api module. Handlers answer by method and
// path; every request is recorded so that tests can assert exactly what was sent.

import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface MockResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: RecordedRequest) => MockResponse | Promise<MockResponse>;

export interface MockApi {
  requests: RecordedRequest[];
  /** `'PATCH /api/config/session-state'` → handler (replaces an earlier one). */
  on(route: string, handler: Handler | MockResponse): void;
  /** Requests sent with this method and path. */
  sent(route: string): RecordedRequest[];
}

export function apiError(status: number, code: string, message: string, extra: object = {}): MockResponse {
  return { status, body: { error: { statusCode: status, code, message, ...extra } } };
}

export function mockApi(routes: Record<string, Handler | MockResponse> = {}): MockApi {
  const handlers = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];
  const on = (route: string, handler: Handler | MockResponse) =>
    handlers.set(route, typeof handler === 'function' ? handler : () => handler);
  for (const [route, handler] of Object.entries(routes)) on(route, handler);

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://console.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>))
      headers[k.toLowerCase()] = v;
    const request: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    requests.push(request);
    const handler = handlers.get(`${method} ${url.pathname}`);
    const answer = handler
      ? await handler(request)
      : apiError(404, 'NOT_FOUND', `No mock for ${method} ${url.pathname}`);
    const status = answer.status ?? 200;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    requests,
    on,
    sent: (route: string) => requests.filter((r) => `${r.method} ${r.path}` === route),
  };
}
