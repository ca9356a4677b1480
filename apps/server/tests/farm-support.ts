// Real IIS Console instances for the farm tests: each on its own fixture root, listening on a free
// loopback port, with an API token made through its own API.
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { buildApp, SESSION_COOKIE, type App, type BuildAppOptions } from '../src/app.js';
import { createFixtureF, removeRoot } from '../../../packages/config/tests/fixtures/fixtureF.js';
import { ADMIN, READER, addUser } from './helpers.js';

export interface Peer {
  app: App;
  root: string;
  url: string;
  port: number;
  token: string;
}

/** A fixture-F root with `admin` and `reader`; `prepare` changes it before the app starts. */
export async function peerRoot(prepare?: (root: string) => void): Promise<string> {
  const root = createFixtureF();
  prepare?.(root);
  await addUser(root, ADMIN.username, 'administrator', ADMIN.password);
  await addUser(root, READER.username, 'reader', READER.password);
  return root;
}

/** Starts the app of `root` on 127.0.0.1 (`port` 0: any free one). */
export async function listen(
  root: string,
  port = 0,
  options: Partial<BuildAppOptions> = {},
): Promise<{ app: App; url: string; port: number }> {
  const app = buildApp({ root, consoleDist: false, ...options });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const scheme = options.https ? 'https' : 'http';
  return { app, url: `${scheme}://127.0.0.1:${address.port}`, port: address.port };
}

/** Signs in as `admin` over HTTP and makes an API token with `POST /api/tokens`. */
export async function tokenOverHttp(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    .split(';', 1)[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'farm' }),
  });
  if (created.status !== 201) throw new Error(`token failed: ${created.status}`);
  return ((await created.json()) as { token: string }).token;
}

/** One JSON request over HTTPS to a self-signed server (the test trusts it blindly; A pins it). */
function httpsJson(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; headers: IncomingHttpHeaders; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method, rejectUnauthorized: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Signs in as `admin` over HTTPS (self-signed) and makes an API token with `POST /api/tokens`. */
export async function tokenOverHttps(url: string): Promise<string> {
  const login = await httpsJson(`${url}/api/auth/login`, 'POST', {}, ADMIN);
  const cookie = [login.headers['set-cookie']]
    .flat()
    .find((c) => c?.startsWith(`${SESSION_COOKIE}=`))!
    .split(';', 1)[0]!;
  const created = await httpsJson(
    `${url}/api/tokens`,
    'POST',
    { cookie, 'x-csrf-token': String(login.json.csrfToken) },
    { name: 'farm' },
  );
  if (created.status !== 201) throw new Error(`token failed: ${created.status}`);
  return String(created.json.token);
}

export async function startPeer(prepare?: (root: string) => void): Promise<Peer> {
  const root = await peerRoot(prepare);
  const { app, url, port } = await listen(root);
  return { app, root, url, port, token: await tokenOverHttp(url) };
}

export async function stopPeer(peer: Pick<Peer, 'app' | 'root'>): Promise<void> {
  await peer.app.close();
  removeRoot(peer.root);
}

export { hasOpenssl, selfSignedCertificate } from './helpers.js';
