// An https:// farm member: its certificate's fingerprint is pinned when it is added; when the server
// comes back with another certificate, A refuses (naming both fingerprints) and sends nothing until an
// administrator accepts the new one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { removeRoot } from '../../../packages/config/tests/fixtures/fixtureF.js';
import { ADMIN, errorOf, login, type Signedin } from './helpers.js';
import { hasOpenssl, listen, peerRoot, selfSignedCertificate, tokenOverHttps } from './farm-support.js';

describe.skipIf(!hasOpenssl)('https:// servers are pinned to their certificate', () => {
  let certDir: string;
  let root: string;
  let app: App;
  let admin: Signedin;
  let dRoot: string;
  let d: { app: App; url: string; port: number };
  let first: ReturnType<typeof selfSignedCertificate>;
  let second: ReturnType<typeof selfSignedCertificate>;
  let token: string;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'iisconsole-certs-'));
    first = selfSignedCertificate(certDir, 'first');
    second = selfSignedCertificate(certDir, 'second');
    dRoot = await peerRoot();
    d = await listen(dRoot, 0, { https: { key: first.key, cert: first.cert } });
    token = await tokenOverHttps(d.url);
    root = await peerRoot();
    app = buildApp({ root, consoleDist: false, farm: { timeoutMs: 3000 } });
    await app.ready();
    admin = await login(app, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await app?.close();
    await d?.app.close();
    removeRoot(root);
    removeRoot(dRoot);
    rmSync(certDir, { recursive: true, force: true });
  });

  const send = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });

  it('refuses to add the server when it presents another certificate than the one expected', async () => {
    const error = errorOf(
      await send('POST', '/api/servers', {
        name: 'Web D',
        url: d.url,
        token,
        fingerprint: second.fingerprint,
      }),
    );
    expect(error.statusCode).toBe(409);
    expect(error.code).toBe('SERVER_CERTIFICATE_CHANGED');
    expect(error.message).toContain(first.fingerprint);
    expect(error.message).toContain(second.fingerprint);
  });

  it('a probe shows the fingerprint the server presents before anything is saved', async () => {
    const res = await send('POST', '/api/servers/probe', { url: d.url });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ url: d.url, fingerprint: first.fingerprint });
  });

  it('records the fingerprint seen when added, and reads through the pinned connection', async () => {
    const res = await send('POST', '/api/servers', { name: 'Web D', url: d.url, token });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fingerprint).toBe(first.fingerprint);
    let handshakes = 0;
    d.app.server.on('secureConnection', () => handshakes++);
    for (let i = 0; i < 3; i++) {
      const state = await send('GET', '/api/config/session-state?path=WebSite1&server=web-d');
      expect(state.statusCode).toBe(200);
      expect(state.json().attributes.mode.value).toBe('InProc');
    }
    // The pinned connection is kept alive: one handshake (and one fingerprint check) for the three.
    expect(handshakes).toBe(1);
  });

  it('refuses a changed certificate, naming both fingerprints, until an administrator accepts it', async () => {
    const port = d.port;
    await d.app.close();
    d = await listen(dRoot, port, { https: { key: second.key, cert: second.cert } });

    const refused = errorOf(await send('GET', '/api/config/session-state?path=WebSite1&server=web-d'));
    expect(refused.statusCode).toBe(502);
    expect(refused.code).toBe('SERVER_CERTIFICATE_CHANGED');
    expect(refused.message).toContain(first.fingerprint);
    expect(refused.message).toContain(second.fingerprint);
    const farm = (await send('GET', '/api/farm/session-state?path=WebSite1&servers=local,web-d')).json();
    expect(farm.servers[1]).toMatchObject({ status: 'unreachable', code: 'SERVER_CERTIFICATE_CHANGED' });
    expect((await send('GET', '/api/servers/web-d/status')).json()).toEqual({
      id: 'web-d',
      reachable: true,
      fingerprint: second.fingerprint,
      certificateChanged: true,
    });

    // Accepting another fingerprint than the one presented is refused; the presented one is accepted.
    const wrong = errorOf(
      await send('POST', '/api/servers/web-d/accept-certificate', { fingerprint: first.fingerprint }),
    );
    expect(wrong.statusCode).toBe(409);
    const accepted = await send('POST', '/api/servers/web-d/accept-certificate', {
      fingerprint: second.fingerprint.toLowerCase(),
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().fingerprint).toBe(second.fingerprint);
    expect((await send('GET', '/api/config/session-state?path=WebSite1&server=web-d')).statusCode).toBe(200);
  });
});
