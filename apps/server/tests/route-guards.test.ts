// How a route folder plugs in (the configuration routes follow this pattern): zod schemas for
// everything, the default policy or an explicit guard, ConfigErrors thrown as they are, an audit entry.
import { ConfigError } from '@iis-console/config';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { App } from '../src/app.js';
import { summarizeDiff } from '../src/audit/diff-summary.js';
import { errorResponses } from '../src/errors.js';
import { ADMIN, READER, errorOf, login, removeRoot, setup } from './helpers.js';

const Level = z.object({ path: z.string().max(1024).default('') });
const Thing = z.object({ path: z.string(), timeout: z.number().int() });
const ThingPatch = z.object({ timeout: z.number().int().min(1).max(525600) }).strict();

/** Default policy: any signed-in user reads, administrators write (cookie writes with CSRF). */
const exampleRoutes: FastifyPluginAsyncZod = async (app) => {
  let timeout = 20;
  app.get(
    '/thing',
    { schema: { querystring: Level, response: { 200: Thing, ...errorResponses(400, 401, 404) } } },
    async (request, reply) => {
      if (request.query.path === 'Nowhere') throw new ConfigError('NOT_FOUND', 'There is no site "Nowhere".');
      void reply.header('etag', `"${timeout}"`);
      return { path: request.query.path, timeout, secret: 'never sent' };
    },
  );
  app.patch(
    '/thing',
    {
      schema: {
        querystring: Level,
        headers: z.object({ 'if-match': z.string() }),
        body: ThingPatch,
        response: { 200: Thing, ...errorResponses(400, 401, 403, 412) },
      },
    },
    async (request) => {
      if (request.headers['if-match'] !== `"${timeout}"`) {
        throw new ConfigError('PRECONDITION', 'The configuration changed since it was read.');
      }
      const before = `<sessionState timeout="${timeout}" />\n`;
      timeout = request.body.timeout;
      await app.audit.recordRequest(request, {
        action: 'config.set',
        target: request.query.path,
        files: ['web.config'],
        diffSummary: summarizeDiff('web.config', before, `<sessionState timeout="${timeout}" />\n`),
      });
      return { path: request.query.path, timeout };
    },
  );
};

/** A folder for administrators only, guarded by a hook for the whole folder. */
const adminOnlyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdministrator);
  app.get('/secret', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, async () => ({
    ok: true,
  }));
};

let app: App | undefined;
let root: string | undefined;
afterEach(async () => {
  await app?.close();
  if (root) await removeRoot(root);
  app = undefined;
});

async function start() {
  ({ app, root } = await setup({}, (a) => {
    void a.register(exampleRoutes, { prefix: '/api/example' });
    void a.register(adminOnlyRoutes, { prefix: '/api/admin-only' });
  }));
  return app;
}

describe('a route folder', () => {
  it('gets the default policy, typed schemas, the error shape and the audit log', async () => {
    const app = await start();
    const reader = await login(app, READER.username, READER.password);
    const got = await app.inject({
      method: 'GET',
      url: '/api/example/thing?path=Default%20Web%20Site',
      headers: { cookie: reader.cookie },
    });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ path: 'Default Web Site', timeout: 20 });
    expect(got.headers.etag).toBe('"20"');
    const missing = await app.inject({
      method: 'GET',
      url: '/api/example/thing?path=Nowhere',
      headers: { cookie: reader.cookie },
    });
    expect(errorOf(missing)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });

    const readerWrite = await app.inject({
      method: 'PATCH',
      url: '/api/example/thing',
      headers: { cookie: reader.cookie, 'x-csrf-token': reader.csrf, 'if-match': '"20"' },
      payload: { timeout: 30 },
    });
    expect(readerWrite.statusCode).toBe(403);

    const admin = await login(app, ADMIN.username, ADMIN.password);
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const invalid = await app.inject({
      method: 'PATCH',
      url: '/api/example/thing',
      headers: { ...headers, 'if-match': '"20"' },
      payload: { timeout: 0, mode: 'x' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(errorOf(invalid).errors?.length).toBeGreaterThan(0);
    const stale = await app.inject({
      method: 'PATCH',
      url: '/api/example/thing',
      headers: { ...headers, 'if-match': '"19"' },
      payload: { timeout: 30 },
    });
    expect(errorOf(stale)).toMatchObject({ statusCode: 412, code: 'PRECONDITION' });
    const ok = await app.inject({
      method: 'PATCH',
      url: '/api/example/thing?path=Default%20Web%20Site',
      headers: { ...headers, 'if-match': '"20"' },
      payload: { timeout: 30 },
    });
    expect(ok.statusCode).toBe(200);
    const [entry] = await app.audit.recent(1);
    expect(entry).toMatchObject({
      user: 'admin',
      action: 'config.set',
      target: 'Default Web Site',
      files: ['web.config'],
    });
    expect(entry?.diffSummary).toContain('+<sessionState timeout="30" />');
  });

  it('can be closed to readers with a folder hook', async () => {
    const app = await start();
    const reader = await login(app, READER.username, READER.password);
    expect(
      (await app.inject({ method: 'GET', url: '/api/admin-only/secret', headers: { cookie: reader.cookie } }))
        .statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/admin-only/secret' })).statusCode).toBe(401);
    const admin = await login(app, ADMIN.username, ADMIN.password);
    expect(
      (await app.inject({ method: 'GET', url: '/api/admin-only/secret', headers: { cookie: admin.cookie } }))
        .statusCode,
    ).toBe(200);
    expect(app.systemDriveRoot).toBe(root);
  });
});
