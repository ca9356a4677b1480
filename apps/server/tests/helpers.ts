import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@iis-console/contracts';
import { buildApp, SESSION_COOKIE, type App, type BuildAppOptions } from '../src/app.js';
import { UserStore } from '../src/users/user-store.js';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };
export const READER = { username: 'reader', password: 'reader-password-1' };

/** A fresh, empty system drive root under the OS temp directory. */
export async function makeRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'iisconsole-server-'));
}

export async function removeRoot(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

export async function addUser(root: string, username: string, role: Role, password: string): Promise<void> {
  await UserStore.forRoot(root).add(username, role, password);
}

/** A root with the administrator `admin` and the reader `reader`, and an app on it (no console, no log). */
export async function setup(
  options: Partial<BuildAppOptions> = {},
  /** Runs before the app is ready, e.g. to register extra routes. */
  before?: (app: App) => void,
): Promise<{ app: App; root: string }> {
  const root = await makeRoot();
  await addUser(root, ADMIN.username, 'administrator', ADMIN.password);
  await addUser(root, READER.username, 'reader', READER.password);
  const app = buildApp({ root, consoleDist: false, ...options });
  before?.(app);
  await app.ready();
  return { app, root };
}

export interface Signedin {
  /** The `Cookie` header value. */
  cookie: string;
  csrf: string;
}

export async function login(app: App, username: string, password: string): Promise<Signedin> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const session = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!session) throw new Error('no session cookie');
  return {
    cookie: `${SESSION_COOKIE}=${session.value}`,
    csrf: (res.json() as { csrfToken: string }).csrfToken,
  };
}

/** Asserts the API's error shape and returns the inner error. */
export function errorOf(res: { statusCode: number; body: string; headers: Record<string, unknown> }): {
  statusCode: number;
  code: string;
  message: string;
  errors?: Array<{ attribute: string; rule: string; message: string }>;
  file?: string;
  line?: number;
  column?: number;
} {
  if (!String(res.headers['content-type']).startsWith('application/json')) {
    throw new Error(`not JSON: ${String(res.headers['content-type'])} ${res.body}`);
  }
  const body = JSON.parse(res.body) as { error?: Record<string, unknown> };
  if (!body.error || Object.keys(body).length !== 1) throw new Error(`not the error shape: ${res.body}`);
  const error = body.error as ReturnType<typeof errorOf>;
  if (error.statusCode !== res.statusCode)
    throw new Error(`statusCode ${error.statusCode} != ${res.statusCode}`);
  const allowed = new Set(['statusCode', 'code', 'message', 'errors', 'file', 'line', 'column']);
  for (const key of Object.keys(error))
    if (!allowed.has(key)) throw new Error(`unexpected key ${key}: ${res.body}`);
  if (/\bat .+:\d+:\d+|stack/i.test(res.body)) throw new Error(`stack trace in body: ${res.body}`);
  return error;
}

/** An app on a fixture root, with the administrator and the reader signed in. */
export interface SignedInApp {
  app: App;
  admin: Signedin;
  reader: Signedin;
  /** Closes the app and removes the root. */
  close(): Promise<void>;
}

/**
 * Adds `admin` and `reader` to `root` (a fixture the caller made), starts an app on it (no console, no
 * log) and signs both in.
 */
export async function signedInApp(
  root: string,
  options: Partial<BuildAppOptions> = {},
): Promise<SignedInApp> {
  await addUser(root, ADMIN.username, 'administrator', ADMIN.password);
  await addUser(root, READER.username, 'reader', READER.password);
  const app = buildApp({ root, consoleDist: false, ...options });
  await app.ready();
  return {
    app,
    admin: await login(app, ADMIN.username, ADMIN.password),
    reader: await login(app, READER.username, READER.password),
    close: async () => {
      await app.close();
      await removeRoot(root);
    },
  };
}

/** A request as `who`: the session cookie, the CSRF token, a JSON body when given, extra headers. */
export function request(
  app: App,
  who: Signedin,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method,
    url,
    headers: {
      cookie: who.cookie,
      ...(method === 'GET' ? {} : { 'x-csrf-token': who.csrf }),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

/** Whether openssl is on PATH (the HTTPS tests make their certificates with it, and skip without). */
export const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/**
 * A self-signed certificate for `commonName` made with openssl in `dir` (`<name>.pem`, `<name>.key`):
 * the files, their contents and the certificate's SHA-256 fingerprint.
 */
export function selfSignedCertificate(
  dir: string,
  name: string,
  commonName = '127.0.0.1',
): { keyFile: string; certFile: string; key: string; cert: string; fingerprint: string } {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '1',
    '-subj',
    `/CN=${commonName}`,
  ]);
  if (made.status !== 0) throw new Error(String(made.stderr));
  const cert = readFileSync(certFile, 'utf8');
  return {
    keyFile,
    certFile,
    key: readFileSync(keyFile, 'utf8'),
    cert,
    fingerprint: new X509Certificate(cert).fingerprint256,
  };
}
