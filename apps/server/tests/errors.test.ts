import { Writable } from 'node:stream';
import { ConfigError, ConfigFileError, ValidationError } from '@iis-console/config';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { sendConfigError } from '../src/errors.js';
import { ADMIN, errorOf, login, removeRoot, setup } from './helpers.js';

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

describe('the error shape', () => {
  it('404 for an unknown API route and an unknown page', async () => {
    const { app } = await start();
    for (const url of [
      '/api/nothing-here',
      '/api/tokens/a/b/c',
      '/nothing.js',
      '/sites/Default%20Web%20Site',
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(404);
      expect(errorOf(res).code).toBe('NOT_FOUND');
    }
  });

  it('400 for malformed JSON, 400 with field errors for invalid input, 415 for other media types', async () => {
    const { app } = await start();
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "admin", ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed)).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The request body is not valid JSON.',
    });

    const invalid = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '', extra: 1 },
    });
    expect(invalid.statusCode).toBe(400);
    const error = errorOf(invalid);
    expect(error.code).toBe('VALIDATION');
    expect(error.errors?.map((e) => e.attribute).sort()).toEqual(['password', 'username']);
    for (const e of error.errors ?? []) {
      expect(e.rule).toBeTruthy();
      expect(e.message).toBeTruthy();
    }

    const xml = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(errorOf(xml).code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const query = await app.inject({
      method: 'GET',
      url: '/api/audit?limit=abc',
      headers: { cookie: (await login(app, ADMIN.username, ADMIN.password)).cookie },
    });
    expect(query.statusCode).toBe(400);
    expect(errorOf(query).errors?.[0]?.attribute).toBe('limit');
  });

  it('413 for a body over the limit', async () => {
    const { app } = await start();
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'x'.repeat(70 * 1024) },
    });
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('500 without the stack or message of an unexpected error, which goes to the server log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const { app } = await start({ logger: { level: 'info', stream } }, (a) => {
      void a.register(async (child) => {
        child.get('/api/boom', { config: { auth: 'public' } }, async () => {
          throw new Error('internal detail /etc/secret; password=hunter2');
        });
      });
    });
    const res = await app.inject({ method: 'GET', url: '/api/boom' });
    expect(res.statusCode).toBe(500);
    expect(errorOf(res)).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal server error.' });
    expect(res.body).not.toContain('internal detail');
    const log = lines.join('');
    expect(log).toContain('internal detail /etc/secret');
    expect(log).toContain('"stack"');
    expect(log).not.toContain('hunter2');
  });

  it('maps configuration errors: 422 with position, 400 with field errors, 409, 412, 404, 500', async () => {
    const errors: Record<string, Error> = {
      file: new ConfigFileError(
        'Windows/System32/inetsrv/config/applicationHost.config',
        12,
        7,
        'Unexpected end of file.',
      ),
      validation: new ValidationError([
        { attribute: 'timeout', rule: 'V3', message: 'The value must be between 1 and 525600.' },
      ]),
      locked: new ConfigError('LOCKED', 'Lock violation'),
      stale: new ConfigError('PRECONDITION', 'The configuration changed since it was read.'),
      missing: new ConfigError('NOT_FOUND', 'There is no site "Nope".'),
      write: new ConfigError('WRITE_FAILED', 'EACCES: permission denied, open /root/secret'),
    };
    const { app } = await start({}, (a) => {
      void a.register(async (child) => {
        child.get<{ Params: { kind: string } }>(
          '/api/fail/:kind',
          { config: { auth: 'public' } },
          async (request) => {
            throw errors[request.params.kind];
          },
        );
        child.get<{ Params: { kind: string } }>(
          '/api/send/:kind',
          { config: { auth: 'public' } },
          async (request, reply) => sendConfigError(reply, errors[request.params.kind] as ConfigError),
        );
      });
    });
    for (const prefix of ['/api/fail', '/api/send']) {
      const file = errorOf(await app.inject({ method: 'GET', url: `${prefix}/file` }));
      expect(file).toMatchObject({
        statusCode: 422,
        code: 'CONFIG_FILE',
        file: 'Windows/System32/inetsrv/config/applicationHost.config',
        line: 12,
        column: 7,
      });
      const validation = errorOf(await app.inject({ method: 'GET', url: `${prefix}/validation` }));
      expect(validation).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION',
        errors: [{ attribute: 'timeout', rule: 'V3', message: 'The value must be between 1 and 525600.' }],
      });
      expect(errorOf(await app.inject({ method: 'GET', url: `${prefix}/locked` }))).toMatchObject({
        statusCode: 409,
        code: 'LOCKED',
      });
      expect(errorOf(await app.inject({ method: 'GET', url: `${prefix}/stale` }))).toMatchObject({
        statusCode: 412,
        code: 'PRECONDITION',
      });
      expect(errorOf(await app.inject({ method: 'GET', url: `${prefix}/missing` }))).toMatchObject({
        statusCode: 404,
        code: 'NOT_FOUND',
      });
      const write = errorOf(await app.inject({ method: 'GET', url: `${prefix}/write` }));
      expect(write).toMatchObject({ statusCode: 500, code: 'WRITE_FAILED' });
      expect(write.message).not.toContain('/root/secret');
    }
  });

  it('429 from the global rate limit, 404s included', async () => {
    const { app } = await start({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await app.inject({ method: 'GET', url: `/api/unknown-${i}` })).statusCode);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await app.inject({ method: 'GET', url: '/api/health' });
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited).code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
  });
});

describe('security headers', () => {
  it('sends a strict Content-Security-Policy and the usual protections on API and pages', async () => {
    const { app } = await start({ consoleDist: '/nonexistent-console-dist' });
    for (const url of ['/api/health', '/', '/api/nothing']) {
      const res = await app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')] as const;
        }),
      );
      expect(directives.get('default-src'), url).toBe("'self'");
      expect(directives.get('script-src')).toBe("'self'");
      expect(directives.get('style-src')).toBe("'self'");
      expect(directives.get('object-src')).toBe("'none'");
      expect(directives.get('frame-ancestors')).toBe("'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('says the console is not built when there is no build', async () => {
    const { app } = await start({ consoleDist: '/nonexistent-console-dist' });
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('not built');
    expect(res.body).not.toMatch(/<script|style=/);
  });
});

describe('OpenAPI', () => {
  it('is generated from the route schemas and served under /api/docs without sign-in', async () => {
    const { app } = await start();
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
            responses: Record<string, unknown>;
          }
        >
      >;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/auth/login',
        '/api/auth/me',
        '/api/tokens/',
        '/api/tokens/{id}',
        '/api/audit/',
      ]),
    );
    const login = doc.paths['/api/auth/login']?.post;
    expect(Object.keys(login?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual([
      'username',
      'password',
    ]);
    expect(Object.keys(login?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    const ui = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});
