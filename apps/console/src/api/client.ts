// The one door to the API: same-origin cookies, the CSRF token on every write, the API's error shape
// parsed into ApiRequestError, a 401 sending the user back to sign-in, and `server=<id>` on every
// request for another server of the farm (docs/farm.md §2).

import {
  FarmErrorCode,
  isForwardedRoute,
  LOCAL_SERVER_ID,
  type ApiError,
  type FieldError,
} from '@iis-console/contracts';

/** A failed API request, as the server described it (`{ error: { statusCode, code, message, … } }`). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(status: number, body: Partial<ApiError['error']> | undefined, fallback: string) {
    super(body?.message ?? fallback);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'NETWORK' : 'HTTP_ERROR');
    this.errors = body?.errors ?? [];
    this.file = body?.file;
    this.line = body?.line;
    this.column = body?.column;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A 401 is the answer itself (sign-in, `me`), not a lost session. */
  expectUnauthorized?: boolean;
  /** A write that needs no CSRF token (sign-in: there is no session yet). */
  withoutCsrf?: boolean;
  /** The server the request is for (default: `requestServer()`); only the forwarded routes take it. */
  server?: string;
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** The token `POST /api/auth/login` returned; `null` after sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the session is gone (any 401 that the caller did not expect). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

let csrfRequest: Promise<string> | null = null;

/** Asks the server for this session's CSRF token (one request at a time). */
export function fetchCsrfToken(): Promise<string> {
  csrfRequest ??= send<{ token: string }>('/api/auth/csrf', {})
    .then(({ data }) => {
      csrfToken = data.token;
      return data.token;
    })
    .finally(() => {
      csrfRequest = null;
    });
  return csrfRequest;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorBody(body: unknown): Partial<ApiError['error']> | undefined {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) return error as Partial<ApiError['error']>;
  }
  return undefined;
}

async function send<T>(url: string, options: RequestOptions): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && !options.withoutCsrf) {
    const token = csrfToken ?? (await fetchCsrfToken());
    headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiRequestError(0, undefined, 'The server cannot be reached.');
  }
  const body = await readBody(response);
  if (!response.ok) {
    const error = new ApiRequestError(
      response.status,
      errorBody(body),
      `${response.status} ${response.statusText}`.trim(),
    );
    if (response.status === 401 && !options.expectUnauthorized) unauthorizedHandler?.();
    throw error;
  }
  return { data: body as T, etag: response.headers.get('etag') };
}

// ---- the server a request is for ----

let pageServer: () => string = () => LOCAL_SERVER_ID;
let boundServer: string | undefined;

/** Where the server of the page on screen comes from (the router's URL); requests go there by default. */
export function setPageServer(source: () => string): void {
  pageServer = source;
}

/**
 * Runs `start` with its requests going to `server`: every request `start` makes before its first
 * `await` (a query function of that server's QueryClient, Providers.tsx) — not the page's server,
 * which may have changed by the time a query is retried or refetched.
 */
export function runOnServer<T>(server: string, start: () => T): T {
  const previous = boundServer;
  boundServer = server;
  try {
    return start();
  } finally {
    boundServer = previous;
  }
}

/** The server of a request made now: the query's (runOnServer), else the page's. */
export function requestServer(): string {
  return boundServer ?? pageServer();
}

/** `url` for `server`: `server=<id>` added to a forwarded route for a server other than this console. */
export function serverUrl(url: string, server: string): string {
  if (server === LOCAL_SERVER_ID || !isForwardedRoute(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}server=${encodeURIComponent(server)}`;
}

/** One API request; retries once with a fresh CSRF token when the server refused the old one. */
export async function apiRequest<T>(url: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  // Decided now, synchronously: the server must not change while the request waits for a token.
  const target = serverUrl(url, options.server ?? requestServer());
  try {
    return await send<T>(target, options);
  } catch (e) {
    if (e instanceof ApiRequestError && e.status === 403 && e.code === 'CSRF' && options.method !== 'GET') {
      await fetchCsrfToken();
      return send<T>(target, options);
    }
    throw e;
  }
}

/** The body of a successful request. */
export async function api<T>(url: string, options: RequestOptions = {}): Promise<T> {
  return (await apiRequest<T>(url, options)).data;
}

/** A human-readable text of any error a request or its handling may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) {
    const where =
      error.file !== undefined
        ? ` (${error.file}${error.line !== undefined ? `, line ${error.line}` : ''}${error.column !== undefined ? `, column ${error.column}` : ''})`
        : '';
    return `${error.message}${where}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

const SERVER_FAILURES: ReadonlySet<string> = new Set([
  FarmErrorCode.SERVER_UNREACHABLE,
  FarmErrorCode.SERVER_TIMEOUT,
  FarmErrorCode.SERVER_CERTIFICATE_CHANGED,
  FarmErrorCode.SERVER_TOKEN_REFUSED,
  FarmErrorCode.SERVER_NOT_FOUND,
]);

/**
 * Another server of the farm did not answer, or not with its data: unreachable, silent, another
 * certificate, its token refused, or no longer registered. Asking again at once would not help.
 */
export function isServerFailure(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError && SERVER_FAILURES.has(error.code);
}

/** A configuration file of the level is malformed or unreadable (422 CONFIG_FILE, with file and position). */
export function isConfigFileError(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError && error.code === 'CONFIG_FILE';
}
