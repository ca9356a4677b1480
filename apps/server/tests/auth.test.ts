import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { UserStore } from '../src/users/user-store.js';
import { ADMIN, READER, addUser, errorOf, login, removeRoot, setup } from './helpers.js';

let app: App | undefined;
let root: string | undefined;

afterEach(async () => {
  await app?.close();
  if (root) await removeRoot(root);
  app = undefined;
  root = undefined;
});

async function start(...args: Parameters<typeof setup>) {
  ({ app, root } = await setup(...args));
  return { app, root };
}

/** Test routes under /api/test with the default policy: readers read, administrators write. */
function testRoutes(a: App) {
  void a.register(
    async (child) => {
      child.get('/thing', async () => ({ ok: true }));
      child.post('/thing', async () => ({ ok: true }));
      child.delete('/thing', async () => ({ ok: true }));
    },
    { prefix: '/api/test' },
  );
}

describe('health', () => {
  it('answers without sign-in', async () => {
    const { app } = await start();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
});

describe('every protected route', () => {
  it('refuses requests without sign-in with 401', async () => {
    const routes: Array<{ method: string; url: string; public: boolean }> = [];
    const { app } = await start({}, (a) => {
      a.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) {
          routes.push({ method, url: route.url ?? '', public: route.config?.auth === 'public' });
        }
      });
      testRoutes(a);
    });
    const guarded = routes.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && !r.public && r.method !== 'HEAD',
    );
    expect(guarded.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'GET /api/auth/me',
        'GET /api/auth/csrf',
        'POST /api/auth/logout',
        'GET /api/tokens',
        'POST /api/tokens',
        'DELETE /api/tokens/:id',
        'GET /api/audit',
        'POST /api/test/thing',
      ]),
    );
    for (const route of guarded) {
      const url = route.url.replace(/:[A-Za-z]+/g, '0123456789abcdef');
      const res = await app.inject({
        method: route.method as 'GET',
        url,
        payload: route.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, `${route.method} ${url}`).toBe(401);
      expect(errorOf(res).code).toBe('UNAUTHORIZED');
    }
    const head = await app.inject({ method: 'HEAD', url: '/api/auth/me' });
    expect(head.statusCode).toBe(401);
    const publicRoutes = routes
      .filter((r) => r.url.startsWith('/api/') && r.public)
      .map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual(
      ['GET /api/health', 'HEAD /api/health', 'POST /api/auth/login'].sort(),
    );
  });

  it('refuses a reader writing with 403, and lets the reader read', async () => {
    const { app } = await start({}, testRoutes);
    const reader = await login(app, READER.username, READER.password);
    const headers = { cookie: reader.cookie, 'x-csrf-token': reader.csrf };
    const read = await app.inject({ method: 'GET', url: '/api/test/thing', headers });
    expect(read.statusCode).toBe(200);
    for (const method of ['POST', 'DELETE'] as const) {
      const res = await app.inject({ method, url: '/api/test/thing', headers, payload: {} });
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('FORBIDDEN');
    }
    const create = await app.inject({ method: 'POST', url: '/api/tokens', headers, payload: { name: 'x' } });
    expect(create.statusCode).toBe(403);
    const list = await app.inject({ method: 'GET', url: '/api/tokens', headers });
    expect(list.statusCode).toBe(403);
    const audit = await app.inject({ method: 'GET', url: '/api/audit', headers });
    expect(audit.statusCode).toBe(403);
    const admin = await login(app, ADMIN.username, ADMIN.password);
    const write = await app.inject({
      method: 'POST',
      url: '/api/test/thing',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: {},
    });
    expect(write.statusCode).toBe(200);
  });
});

describe('sign-in', () => {
  it('sets a strict HttpOnly session cookie and knows the user', async () => {
    const { app } = await start();
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'admin', role: 'administrator' });
    const setCookie = [res.headers['set-cookie']].flat().join('\n');
    expect(setCookie).toMatch(/iisconsole\.sid=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const { cookie } = await login(app, 'ADMIN', ADMIN.password);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ username: 'admin', role: 'administrator', authenticatedBy: 'session' });
    const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf', headers: { cookie } });
    expect(csrf.statusCode).toBe(200);
    expect((csrf.json() as { token: string }).token.length).toBeGreaterThan(10);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const { app } = await start();
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'nope' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ghost', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(errorOf(wrong)).toEqual(errorOf(unknown));
    expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('locks a user out after repeated failures, even with the right password, until the lock ends', async () => {
    const { app } = await start({ loginThrottle: { maxFailuresPerUser: 3, lockoutMs: 600 } });
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'bad' },
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(locked.statusCode).toBe(429);
    expect(errorOf(locked).code).toBe('SIGN_IN_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not locked.
    await login(app, READER.username, READER.password);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await login(app, ADMIN.username, ADMIN.password);
  });

  it('locks a client address that tries many user names', async () => {
    const { app } = await start({ loginThrottle: { maxFailuresPerIp: 4, maxFailuresPerUser: 100 } });
    for (let i = 0; i < 4; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `user${i}`, password: 'x' },
      });
    }
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: READER });
    expect(res.statusCode).toBe(429);
    expect(errorOf(res).code).toBe('SIGN_IN_LOCKED');
  });

  it('rate-limits sign-in attempts per address', async () => {
    const { app } = await start({ loginRateLimit: { max: 2, timeWindowMs: 60_000 } });
    await login(app, ADMIN.username, ADMIN.password);
    await login(app, ADMIN.username, ADMIN.password);
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(res.statusCode).toBe(429);
    expect(errorOf(res).code).toBe('RATE_LIMITED');
  });

  it('signs out with the CSRF token; the old cookie no longer works', async () => {
    const { app } = await start();
    const { cookie, csrf } = await login(app, READER.username, READER.password);
    const noToken = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(errorOf(noToken).code).toBe('CSRF');
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(res.statusCode).toBe(204);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('ends sessions when the password changes or the user is removed', async () => {
    const { app, root } = await start();
    const admin = await login(app, ADMIN.username, ADMIN.password);
    const reader = await login(app, READER.username, READER.password);
    await UserStore.forRoot(root).setPassword(ADMIN.username, 'another-password');
    await UserStore.forRoot(root).remove(READER.username);
    for (const { cookie } of [admin, reader]) {
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(me.statusCode).toBe(401);
    }
  });

  it('gives a fresh session id at sign-in', async () => {
    const { app } = await start();
    const first = await login(app, ADMIN.username, ADMIN.password);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: ADMIN,
      headers: { cookie: first.cookie },
    });
    const second = res.cookies.find((c) => c.name === 'iisconsole.sid');
    expect(second?.value).toBeDefined();
    expect(`iisconsole.sid=${second?.value}`).not.toBe(first.cookie);
  });
});

describe('CSRF', () => {
  it('is required for cookie writes and not for bearer-token writes', async () => {
    const { app } = await start();
    const { cookie, csrf } = await login(app, ADMIN.username, ADMIN.password);
    const missing = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie },
      payload: { name: 'a' },
    });
    expect(missing.statusCode).toBe(403);
    expect(errorOf(missing).code).toBe('CSRF');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie, 'x-csrf-token': 'not-the-token' },
      payload: { name: 'a' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(errorOf(wrong).code).toBe('CSRF');
    // Another session's token does not fit this session.
    const other = await login(app, ADMIN.username, ADMIN.password);
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie, 'x-csrf-token': other.csrf },
      payload: { name: 'a' },
    });
    expect(foreign.statusCode).toBe(403);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'a' },
    });
    expect(ok.statusCode).toBe(201);
    const { token } = ok.json() as { token: string };
    const bearer = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'b' },
    });
    expect(bearer.statusCode).toBe(201);
  });

  it('reads need no CSRF token', async () => {
    const { app } = await start();
    const { cookie } = await login(app, ADMIN.username, ADMIN.password);
    const res = await app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie } });
    expect(res.statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('are created, listed, used and revoked by administrators; only a hash is stored', async () => {
    const { app, root } = await start();
    const { cookie, csrf } = await login(app, ADMIN.username, ADMIN.password);
    const headers = { cookie, 'x-csrf-token': csrf };
    const created = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers,
      payload: { name: 'deploy' },
    });
    expect(created.statusCode).toBe(201);
    const token = created.json() as { id: string; name: string; token: string; createdBy: string };
    expect(token).toMatchObject({ name: 'deploy', createdBy: 'admin' });
    expect(token.token).toMatch(/^iisc_[A-Za-z0-9_-]{43}$/);

    const stored = await readFile(join(root, 'ProgramData/IISConsole/tokens.json'), 'utf8');
    expect(stored).not.toContain(token.token);
    expect(stored).toContain('"hash"');

    const list = await app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    const tokens = (list.json() as { tokens: Array<Record<string, unknown>> }).tokens;
    expect(tokens).toHaveLength(1);
    expect(Object.keys(tokens[0] ?? {}).sort()).toEqual(['createdAt', 'createdBy', 'id', 'name']);

    const bearer = { authorization: `Bearer ${token.token}` };
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
    expect(me.json()).toEqual({ username: 'admin', role: 'administrator', authenticatedBy: 'token' });

    const revoked = await app.inject({ method: 'DELETE', url: `/api/tokens/${token.id}`, headers });
    expect(revoked.statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(errorOf(after).code).toBe('INVALID_TOKEN');
    const again = await app.inject({ method: 'DELETE', url: `/api/tokens/${token.id}`, headers });
    expect(again.statusCode).toBe(404);
    expect(errorOf(again).code).toBe('NOT_FOUND');
    const bad = await app.inject({ method: 'DELETE', url: '/api/tokens/nope', headers });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe('VALIDATION');
  });

  it("act with the creator's current role", async () => {
    const { app, root } = await start({}, testRoutes);
    await addUser(root, 'ops', 'administrator', 'ops-password-1');
    const ops = await login(app, 'ops', 'ops-password-1');
    const created = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: ops.cookie, 'x-csrf-token': ops.csrf },
      payload: { name: 'ops token' },
    });
    const bearer = { authorization: `Bearer ${(created.json() as { token: string }).token}` };
    expect((await app.inject({ method: 'POST', url: '/api/test/thing', headers: bearer })).statusCode).toBe(
      200,
    );
    await UserStore.forRoot(root).setRole('ops', 'reader');
    expect((await app.inject({ method: 'GET', url: '/api/test/thing', headers: bearer })).statusCode).toBe(
      200,
    );
    const write = await app.inject({ method: 'POST', url: '/api/test/thing', headers: bearer });
    expect(write.statusCode).toBe(403);
    await UserStore.forRoot(root).remove('ops');
    expect((await app.inject({ method: 'GET', url: '/api/test/thing', headers: bearer })).statusCode).toBe(
      401,
    );
  });

  it('refuse malformed Authorization headers and unknown tokens', async () => {
    const { app } = await start();
    for (const authorization of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer iisc_unknown', 'Bearer a b']) {
      const res = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(errorOf(res).code).toBe('INVALID_TOKEN');
    }
  });
});
