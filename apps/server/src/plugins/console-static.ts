import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface ConsoleStaticOptions {
  /** The console's Vite build; when it has no index.html, `/` explains how to build it. */
  dist: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Answers a browser navigation to a console URL (`/sites/…`) with the console's index.html, so the
     * single-page app can route it; false when the request is not one (API, assets, non-GET).
     */
    serveConsoleFallback(request: FastifyRequest, reply: FastifyReply): boolean;
  }
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>IIS Console</title></head>
<body>
<h1>IIS Console</h1>
<p>The console is not built. Run <code>npm run build</code> (or <code>npm start</code>, which builds what is needed) and reload this page.</p>
<p>The API answers under <a href="/api/docs">/api</a>.</p>
</body>
</html>
`;

/** Serves the built console with a single-page-app fallback. */
export const consoleStaticPlugin = fp<ConsoleStaticOptions>(
  async (app, options) => {
    const built = existsSync(join(options.dist, 'index.html'));
    if (built) {
      await app.register(fastifyStatic, {
        root: options.dist,
        wildcard: true,
        setHeaders: (reply, path) => {
          // Vite puts content hashes into asset names, so they never change; index.html always may.
          const immutable = /[\\/]assets[\\/]/.test(path);
          void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    } else {
      app.get('/', { schema: { hide: true } }, async (_request, reply) =>
        reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT_PAGE),
      );
    }

    app.decorate('serveConsoleFallback', (request: FastifyRequest, reply: FastifyReply): boolean => {
      if (!built || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
      const path = request.url.split('?', 1)[0] ?? '';
      if (path === '/api' || path.startsWith('/api/')) return false;
      // A missing asset (a file name with an extension) is a 404, not the app.
      if (/\.[A-Za-z0-9]+$/.test(path)) return false;
      if (!(request.headers.accept ?? '').includes('text/html')) return false;
      void reply.header('cache-control', 'no-cache').sendFile('index.html');
      return true;
    });
  },
  { name: 'iisconsole-console-static', fastify: '5.x' },
);
