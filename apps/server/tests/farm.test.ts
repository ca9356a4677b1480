// The farm end to end: console A (inject) registers two other real IIS Console instances (B, C), each
// listening on a loopback port with its own fixture root, and forwards to them, compares and applies
// over real HTTP. The roots differ on purpose: B runs State Server at loopback and has explicit machine
// keys; C numbers WebSite1 7 instead of 1.
import { statSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import {
  APPHOST,
  ROOT_WEB,
  SITE1_WEB,
  changedFiles,
  read,
  removeRoot,
  snapshot,
  write,
} from '../../../packages/config/tests/fixtures/fixtureF.js';
import { ADMIN, READER, errorOf, login, type Signedin } from './helpers.js';
import { peerRoot, startPeer, stopPeer, type Peer } from './farm-support.js';

const VALIDATION_KEY = 'A'.repeat(64);
const DECRYPTION_KEY = 'B'.repeat(64);

let root: string;
let app: App;
let admin: Signedin;
let reader: Signedin;
const logLines: string[] = [];
let b: Peer;
let c: Peer;
let cStopped = false;

beforeAll(async () => {
  [b, c] = await Promise.all([
    startPeer((r) =>
      write(
        r,
        ROOT_WEB,
        `<configuration><system.web>
  <sessionState mode="StateServer" stateConnectionString="tcpip=127.0.0.1:42424" />
  <machineKey validationKey="${VALIDATION_KEY}" decryptionKey="${DECRYPTION_KEY}" validation="HMACSHA256" decryption="AES" />
</system.web></configuration>`,
      ),
    ),
    startPeer((r) =>
      write(r, APPHOST, read(r, APPHOST).replace('name="WebSite1" id="1"', 'name="WebSite1" id="7"')),
    ),
  ]);
  root = await peerRoot();
  app = buildApp({
    root,
    consoleDist: false,
    logger: { level: 'debug', stream: { write: (line: string) => void logLines.push(line) } },
    farm: { timeoutMs: 2000 },
  });
  await app.ready();
  admin = await login(app, ADMIN.username, ADMIN.password);
  reader = await login(app, READER.username, READER.password);
});

afterAll(async () => {
  await app.close();
  removeRoot(root);
  await stopPeer(b);
  if (cStopped) removeRoot(c.root);
  else await stopPeer(c);
});

function send(
  method: string,
  url: string,
  who: Signedin,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: method as 'GET',
    url,
    headers: {
      cookie: who.cookie,
      ...(method === 'GET' ? {} : { 'x-csrf-token': who.csrf }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

const register = (name: string, url: string, token: string, who = admin, extra: object = {}) =>
  send('POST', '/api/servers', who, { name, url, token, ...extra });

const sessionState = (path: string, server?: string) =>
  `/api/config/session-state?path=${encodeURIComponent(path)}${server ? `&server=${server}` : ''}`;

describe('registering servers', () => {
  it('registers a server whose token works, and lists it without the token', async () => {
    const res = await register('Web B', b.url, b.token);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      id: 'web-b',
      name: 'Web B',
      url: b.url,
      local: false,
      fingerprint: null,
      remoteUser: 'admin',
      remoteRole: 'administrator',
    });
    expect(res.body).not.toContain(b.token);
    expect((await register('Web C', c.url, c.token)).statusCode).toBe(201);

    for (const who of [admin, reader]) {
      const list = await send('GET', '/api/servers', who);
      expect(list.statusCode).toBe(200);
      expect(list.json().servers.map((s: { id: string }) => s.id)).toEqual(['local', 'web-b', 'web-c']);
      expect(list.body).not.toContain(b.token);
      expect(list.body).not.toContain(c.token);
      expect(list.body).not.toContain('"token"');
    }
  });

  it('refuses a wrong token with the other server’s refusal, and saves nothing', async () => {
    const res = await register('Web B again', b.url.replace('127.0.0.1', 'localhost'), 'iisc_not-a-token');
    const error = errorOf(res);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('SERVER_TOKEN_REFUSED');
    expect(error.message).toContain(
      `The server at ${b.url.replace('127.0.0.1', 'localhost')} refused the token`,
    );
    expect((await send('GET', '/api/servers', admin)).json().servers).toHaveLength(3);
  });

  it('refuses http:// to a host that is not loopback without allowInsecure (nothing is dialled)', async () => {
    const error = errorOf(await register('Far', 'http://10.0.0.5:8172', b.token));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('SERVER_URL');
    expect(error.message).toContain('allowInsecure');
    expect(errorOf(await register('Path', `${b.url}/api`, b.token)).code).toBe('SERVER_URL');
  });

  it('refuses a server registered already, an unreachable one, and anything from a reader', async () => {
    expect(errorOf(await register('Web B2', b.url, b.token)).statusCode).toBe(409);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = errorOf(await register('Gone', `http://127.0.0.1:${port}`, b.token));
    expect(unreachable.statusCode).toBe(502);
    expect(unreachable.code).toBe('SERVER_UNREACHABLE');
    expect(unreachable.message).toContain('"Gone"');

    expect(errorOf(await register('Web R', b.url, b.token, reader)).statusCode).toBe(403);
    expect(errorOf(await send('DELETE', '/api/servers/web-b', reader)).statusCode).toBe(403);
  });

  it('probes a URL before it is registered (no token sent; administrators only), and tells a registered server’s status', async () => {
    const probe = await send('POST', '/api/servers/probe', admin, { url: `${b.url}/` });
    expect(probe.statusCode, probe.body).toBe(200);
    expect(probe.json()).toEqual({ url: b.url, fingerprint: null });
    expect(errorOf(await send('POST', '/api/servers/probe', reader, { url: b.url })).statusCode).toBe(403);
    expect(
      errorOf(await send('POST', '/api/servers/probe', admin, { url: 'http://10.0.0.5:8172' })).code,
    ).toBe('SERVER_URL');
    for (const who of [admin, reader]) {
      const status = await send('GET', '/api/servers/web-b/status', who);
      expect(status.statusCode).toBe(200);
      expect(status.json()).toEqual({
        id: 'web-b',
        reachable: true,
        fingerprint: null,
        certificateChanged: false,
      });
    }
    expect(errorOf(await send('GET', '/api/servers/nope/status', admin)).statusCode).toBe(404);
  });

  it('keeps tokens in a 0600 file, and out of the log and the audit log', async () => {
    const file = app.farm.servers.file;
    expect(file).toContain('ProgramData/IISConsole/servers.json');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(b.token);
    expect(logLines.length).toBeGreaterThan(0);
    const log = logLines.join('');
    const audit = readFileSync(app.audit.log.file, 'utf8');
    expect(audit).toContain('"action":"server.add"');
    for (const token of [b.token, c.token, 'iisc_not-a-token']) {
      expect(log).not.toContain(token);
      expect(audit).not.toContain(token);
    }
  });
});

describe('forwarding server=<id>', () => {
  it('reads B’s session state through A, with B’s ETag', async () => {
    const local = await send('GET', sessionState('WebSite1'), admin);
    const res = await send('GET', sessionState('WebSite1', 'web-b'), reader);
    expect(res.statusCode, res.body).toBe(200);
    expect(local.json().attributes.mode.value).toBe('InProc');
    expect(res.json().attributes.mode.value).toBe('StateServer');
    expect(res.headers.etag).toBe(res.json().etag);
    const direct = await fetch(`${b.url}${sessionState('WebSite1')}`, {
      headers: { authorization: `Bearer ${b.token}` },
    });
    expect(res.headers.etag).toBe(direct.headers.get('etag'));
    expect((await send('GET', sessionState('WebSite1', 'local'), admin)).json().etag).toBe(local.json().etag);
  });

  it('writes B’s file on disk (If-Match) and not A’s; a stale ETag is B’s 412', async () => {
    const aBefore = snapshot(root);
    const etag = String((await send('GET', sessionState('WebSite1', 'web-b'), admin)).headers.etag);
    const res = await send(
      'PATCH',
      sessionState('WebSite1', 'web-b'),
      admin,
      { timeout: 33 },
      { 'if-match': etag },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(read(b.root, SITE1_WEB)).toContain('timeout="33"');
    expect(changedFiles(aBefore, snapshot(root)).filter((f) => !f.startsWith('ProgramData'))).toEqual([]);

    const stale = await send(
      'PATCH',
      sessionState('WebSite1', 'web-b'),
      admin,
      { timeout: 34 },
      { 'if-match': etag },
    );
    expect(errorOf(stale).statusCode).toBe(412);
    expect(read(b.root, SITE1_WEB)).not.toContain('timeout="34"');
    const audit = readFileSync(app.audit.log.file, 'utf8');
    expect(audit).toContain('"action":"server.forward"');
  });

  it('applies the local guards first: a reader cannot write, a cookie write needs CSRF', async () => {
    const etag = String((await send('GET', sessionState('WebSite1', 'web-b'), admin)).headers.etag);
    expect(
      errorOf(
        await send('PATCH', sessionState('WebSite1', 'web-b'), reader, { timeout: 35 }, { 'if-match': etag }),
      ).statusCode,
    ).toBe(403);
    const noCsrf = await app.inject({
      method: 'PATCH',
      url: sessionState('WebSite1', 'web-b'),
      headers: { cookie: admin.cookie, 'content-type': 'application/json', 'if-match': etag },
      payload: JSON.stringify({ timeout: 35 }),
    });
    expect(errorOf(noCsrf).code).toBe('CSRF');
    expect(read(b.root, SITE1_WEB)).not.toContain('timeout="35"');
  });

  it('forwards the tree, the overview, the section routes and services; a reader reads B’s keys masked', async () => {
    const tree = await send('GET', '/api/tree?server=web-c', admin);
    expect(tree.statusCode).toBe(200);
    expect(tree.json().children).toBeDefined();
    expect((await send('GET', '/api/overview/session-state?server=web-b', reader)).statusCode).toBe(200);
    expect((await send('GET', '/api/services/aspnet_state?server=web-b', reader)).statusCode).toBe(200);
    const section = (who: Signedin) =>
      send('GET', '/api/config/section?section=system.web/machineKey&path=&server=web-b', who);
    expect((await section(admin)).json().attributes.validationKey.value).toBe(VALIDATION_KEY);
    const masked = await section(reader);
    expect(masked.statusCode).toBe(200);
    expect(masked.body).not.toContain(VALIDATION_KEY);
    expect(masked.body).not.toContain(DECRYPTION_KEY);
  });

  it('an unknown server id is 404, a malformed one 400', async () => {
    expect(errorOf(await send('GET', sessionState('WebSite1', 'nope'), admin)).code).toBe('SERVER_NOT_FOUND');
    expect(errorOf(await send('GET', `${sessionState('WebSite1')}&server=Bad%20Id`, admin)).statusCode).toBe(
      400,
    );
  });

  it('documents server= on forwarded routes in the OpenAPI description', async () => {
    const docs = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const parameters = docs.paths['/api/config/session-state'].get.parameters as Array<{ name: string }>;
    expect(parameters.map((p) => p.name)).toContain('server');
    expect(docs.paths['/api/tree/'] ?? docs.paths['/api/tree']).toBeDefined();
    expect(docs.paths['/api/farm/session-state'].post).toBeDefined();
    expect(docs.paths['/api/servers/{id}/accept-certificate'].post).toBeDefined();
  });
});

describe('the farm view and apply', () => {
  const farmGet = (query: string, who = reader) => send('GET', `/api/farm/session-state?${query}`, who);

  it('compares a site across the servers: disagreements, FarmSiteId, FarmMachineKey, FarmLoopbackStateServer', async () => {
    const res = await farmGet('path=WebSite1&servers=local,web-b,web-c');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.complete).toBe(true);
    expect(body.servers.map((s: { status: string }) => s.status)).toEqual(['ok', 'ok', 'ok']);
    const row = (section: string, name: string) =>
      body.attributes.find(
        (r: { section: string; name: string }) => r.section === section && r.name === name,
      );
    expect(row('system.web/sessionState', 'mode')).toMatchObject({
      agree: false,
      values: { local: 'InProc', 'web-b': 'StateServer', 'web-c': 'InProc' },
    });
    expect(row('site', 'id')).toMatchObject({
      agree: false,
      values: { local: '1', 'web-b': '1', 'web-c': '7' },
    });
    expect(row('system.web/machineKey', 'validationKey').agree).toBe(false);
    expect(row('system.web/machineKey', 'validationKey').values['web-b']).toBe('********');
    expect(res.body).not.toContain(VALIDATION_KEY);
    expect(row('system.web/sessionState', 'cookieName').agree).toBe(true);
    const codes = body.checks.map((c: { code: string }) => c.code);
    expect(codes).toEqual(['FarmSiteId', 'FarmMachineKey', 'FarmLoopbackStateServer']);
    const siteId = body.checks[0];
    expect(siteId.severity).toBe('error');
    expect(siteId.message).toContain('/LM/W3SVC/');
    expect(body.checks[2].servers).toEqual(['web-b']);

    // A and B agree on the site ID: no FarmSiteId.
    const ab = (await farmGet('path=WebSite1&servers=local,web-b')).json();
    expect(ab.checks.map((c: { code: string }) => c.code)).not.toContain('FarmSiteId');
    expect(errorOf(await farmGet('path=WebSite1&servers=local,nope')).code).toBe('SERVER_NOT_FOUND');
  });

  it('a site one server lacks is that server’s error, not a failed page', async () => {
    write(c.root, APPHOST, read(c.root, APPHOST).replace('name="WebSite2"', 'name="WebSite2c"'));
    const body = (await farmGet('path=WebSite2&servers=local,web-c')).json();
    expect(body.complete).toBe(false);
    expect(body.servers[1]).toMatchObject({ id: 'web-c', status: 'error', code: 'NOT_FOUND' });
    write(c.root, APPHOST, read(c.root, APPHOST).replace('name="WebSite2c"', 'name="WebSite2"'));
  });

  it('a reader cannot apply', async () => {
    const res = await send('POST', '/api/farm/session-state', reader, {
      path: 'WebSite1',
      servers: ['local', 'web-b'],
      changes: { timeout: 50 },
    });
    expect(errorOf(res).statusCode).toBe(403);
  });

  it('applies one change to every server, each with its own ETag', async () => {
    const res = await send('POST', '/api/farm/session-state', admin, {
      path: 'WebSite1',
      servers: ['local', 'web-b', 'web-c'],
      changes: { timeout: 45, cookieName: 'FarmSession' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.allApplied).toBe(true);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied']);
    for (const r of [root, b.root, c.root]) {
      expect(read(r, SITE1_WEB)).toContain('timeout="45"');
      expect(read(r, SITE1_WEB)).toContain('cookieName="FarmSession"');
    }
    const compared = (await farmGet('path=WebSite1&servers=local,web-b,web-c')).json();
    const timeout = compared.attributes.find((r: { name: string }) => r.name === 'timeout');
    expect(timeout).toMatchObject({ agree: true, values: { local: '45', 'web-b': '45', 'web-c': '45' } });
  });

  it('refuses on one server (its own 400) without touching the others', async () => {
    // B's root web.config locks nothing; make WebSite1's web.config unreadable as XML on B only.
    const good = read(b.root, SITE1_WEB);
    write(b.root, SITE1_WEB, '<configuration><system.web>');
    const before = snapshot(c.root);
    const res = await send('POST', '/api/farm/session-state', admin, {
      path: 'WebSite1',
      servers: ['web-b', 'local'],
      changes: { timeout: 46 },
    });
    const body = res.json();
    expect(body.results[0]).toMatchObject({ id: 'web-b', status: 'refused', statusCode: 422 });
    expect(body.results[1]).toMatchObject({ id: 'local', status: 'applied' });
    expect(body.allApplied).toBe(false);
    expect(read(b.root, SITE1_WEB)).toBe('<configuration><system.web>');
    expect(changedFiles(before, snapshot(c.root))).toEqual([]);
    write(b.root, SITE1_WEB, good);
  });

  it('each server answers one snapshot request; explicit keys only as an HMAC under the caller’s salt', async () => {
    const salt = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
    const snapshotOf = async (peer: Peer, s: string) => {
      const res = await fetch(`${peer.url}/api/farm/snapshot?path=WebSite1&salt=${s}`, {
        headers: { authorization: `Bearer ${peer.token}` },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { machineKey: Record<string, string>; siteId: string };
    };
    const one = await snapshotOf(b, salt(1));
    expect(JSON.stringify(one)).not.toContain(VALIDATION_KEY);
    expect(one.machineKey.validationKey).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(one.machineKey.validation).toBe('HMACSHA256');
    expect(one.siteId).toBe('1');
    // Equal under one salt, different under another: useless beyond the one comparison.
    expect((await snapshotOf(b, salt(1))).machineKey.validationKey).toBe(one.machineKey.validationKey);
    expect((await snapshotOf(b, salt(2))).machineKey.validationKey).not.toBe(one.machineKey.validationKey);
    // Generated keys are settings, not secrets: sent as they are.
    expect((await snapshotOf(c, salt(1))).machineKey.validationKey).toMatch(/^AutoGenerate/);
    const bad = await fetch(`${b.url}/api/farm/snapshot?path=WebSite1&salt=short`, {
      headers: { authorization: `Bearer ${b.token}` },
    });
    expect(bad.status).toBe(400);
  });

  it('previews the change on each server (diff and ETag); Apply with those ETags writes exactly that, and a server changed since is refused', async () => {
    const servers = ['local', 'web-b', 'web-c'];
    const preview = await send('POST', '/api/farm/session-state/preview', admin, {
      path: 'WebSite1',
      servers,
      changes: { timeout: 33 },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const results = preview.json().results as Array<{
      id: string;
      status: string;
      changed: boolean;
      etag: string;
      files: Array<{ file: string; diff: string }>;
    }>;
    expect(results.map((r) => [r.id, r.status, r.changed])).toEqual([
      ['local', 'ok', true],
      ['web-b', 'ok', true],
      ['web-c', 'ok', true],
    ]);
    for (const r of results) {
      expect(r.files[0]?.diff).toMatch(/\+.*timeout="33"/);
      expect(r.etag).not.toBe('');
    }
    for (const r of [root, b.root, c.root]) expect(read(r, SITE1_WEB)).not.toContain('timeout="33"');
    expect(
      errorOf(await send('POST', '/api/farm/session-state/preview', reader, { servers, changes: {} }))
        .statusCode,
    ).toBe(403);

    // C changes after the preview: its ETag no longer matches, so C alone is refused (412).
    write(
      c.root,
      SITE1_WEB,
      read(c.root, SITE1_WEB).replace('<configuration>', '<configuration><!-- edited -->'),
    );
    const cBefore = snapshot(c.root);
    const etags = Object.fromEntries(results.map((r) => [r.id, r.etag]));
    const res = await send('POST', '/api/farm/session-state', admin, {
      path: 'WebSite1',
      servers,
      changes: { timeout: 33 },
      etags,
    });
    const body = res.json();
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'refused']);
    expect(body.results[2]).toMatchObject({ statusCode: 412, code: 'PRECONDITION' });
    expect(read(root, SITE1_WEB)).toContain('timeout="33"');
    expect(read(b.root, SITE1_WEB)).toContain('timeout="33"');
    expect(changedFiles(cBefore, snapshot(c.root))).toEqual([]);
  });

  it('a server stopped mid-way: reported unreachable, the others applied, nothing half-written', async () => {
    await c.app.close();
    cStopped = true;
    const cBefore = snapshot(c.root);
    const compared = (await farmGet('path=WebSite1&servers=local,web-b,web-c')).json();
    expect(compared.complete).toBe(false);
    expect(compared.servers[2]).toMatchObject({
      id: 'web-c',
      status: 'unreachable',
      code: 'SERVER_UNREACHABLE',
    });
    expect(compared.servers[2].message).toContain('"Web C"');
    expect(compared.attributes.find((r: { name: string }) => r.name === 'mode').values['web-c']).toBeNull();

    const res = await send('POST', '/api/farm/session-state', admin, {
      path: 'WebSite1',
      servers: ['local', 'web-b', 'web-c'],
      changes: { timeout: 47 },
    });
    const body = res.json();
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'failed']);
    expect(body.results[2].code).toBe('SERVER_UNREACHABLE');
    expect(read(root, SITE1_WEB)).toContain('timeout="47"');
    expect(read(b.root, SITE1_WEB)).toContain('timeout="47"');
    expect(changedFiles(cBefore, snapshot(c.root))).toEqual([]);

    const forwarded = errorOf(await send('GET', sessionState('WebSite1', 'web-c'), admin));
    expect(forwarded.statusCode).toBe(502);
    expect(forwarded.code).toBe('SERVER_UNREACHABLE');
    expect((await send('GET', '/api/servers/web-c/status', reader)).json()).toMatchObject({
      id: 'web-c',
      reachable: false,
      code: 'SERVER_UNREACHABLE',
    });
  });
});

describe('time-outs and revoked tokens', () => {
  let hanging: Server;
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it('a server that never answers is 504 SERVER_TIMEOUT within the time-out', async () => {
    // The one fake: a real console cannot be made to hang. It accepts connections and says nothing.
    hanging = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = (hanging.address() as { port: number }).port;
    await app.farm.servers.add({
      name: 'Silent',
      url: `http://127.0.0.1:${port}`,
      token: 'iisc_silent',
      fingerprint: null,
      allowInsecure: false,
      remoteUser: null,
      remoteRole: null,
      addedBy: 'admin',
      addedAt: new Date().toISOString(),
    });
    const started = Date.now();
    const error = errorOf(await send('GET', sessionState('WebSite1', 'silent'), admin));
    expect(error.statusCode).toBe(504);
    expect(error.code).toBe('SERVER_TIMEOUT');
    expect(error.message).toContain('"Silent"');
    expect(Date.now() - started).toBeLessThan(5000);
    const compared = (
      await send('GET', '/api/farm/session-state?path=WebSite1&servers=local,silent', reader)
    ).json();
    expect(compared.servers[1]).toMatchObject({ status: 'unreachable', code: 'SERVER_TIMEOUT' });
  });

  it('a token revoked on the other server is reported as such, not as the local user signed out', async () => {
    const other = await startPeer();
    try {
      expect((await register('Web D', other.url, other.token)).statusCode).toBe(201);
      const login = await fetch(`${other.url}/api/tokens`, {
        headers: { authorization: `Bearer ${other.token}` },
      });
      const [token] = ((await login.json()) as { tokens: Array<{ id: string }> }).tokens;
      const revoked = await fetch(`${other.url}/api/tokens/${token!.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${other.token}` },
      });
      expect(revoked.status).toBe(204);
      const error = errorOf(await send('GET', sessionState('WebSite1', 'web-d'), admin));
      expect(error.statusCode).toBe(502);
      expect(error.code).toBe('SERVER_TOKEN_REFUSED');
      expect(error.message).toContain('refused the token');
      expect((await send('DELETE', '/api/servers/web-d', admin)).statusCode).toBe(204);
      expect(readFileSync(app.farm.servers.file, 'utf8')).not.toContain(other.token);
    } finally {
      await stopPeer(other);
    }
  });
});
