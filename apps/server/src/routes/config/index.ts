import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  LevelQuery,
  SessionStatePatch,
  SessionStatePreviewResponse,
  SessionStateResponse,
} from '@iis-console/contracts';
import type { SessionStateView } from '@iis-console/config';
import { maskPasswords } from '@iis-console/config';
import { errorResponses } from '../../errors.js';
import { requireIfMatch } from '../if-match.js';
import { adviseLevel, pageWarnings } from '../../advisor/sessionStateAdvice.js';
import { previewSessionState, writeSessionState } from './session-state-writes.js';

/** Named connection strings are offered by name; their passwords never leave the server. */
function forClient(view: SessionStateView): SessionStateView {
  return {
    ...view,
    connectionStrings: view.connectionStrings.map((c) => ({
      name: c.name,
      connectionString: maskPasswords(c.connectionString),
    })),
  };
}

/**
 * `/api/config/session-state` (docs/design.md, "Routes"): effective values with origin and locks, the
 * file a write goes to, and an ETag; PATCH with If-Match applies (null reverts to the parent); preview
 * shows the exact change per file without writing.
 */
export const configRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/session-state',
    {
      schema: {
        summary: 'Effective Session State at a level (server, site, application, virtual directory)',
        tags: ['session state'],
        querystring: LevelQuery,
        response: { 200: SessionStateResponse, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const view = app.sessionState.read(request.query.path);
      const warnings = pageWarnings(view, await adviseLevel(app, view));
      return reply
        .header('etag', view.etag)
        .header('cache-control', 'no-store')
        .send({ ...forClient(view), warnings });
    },
  );

  app.patch(
    '/session-state',
    {
      schema: {
        summary: 'Apply changed attributes (If-Match required; null reverts to the parent)',
        tags: ['session state'],
        querystring: LevelQuery,
        headers: z.object({ 'if-match': z.string().optional() }).passthrough(),
        body: SessionStatePatch,
        response: {
          200: SessionStateResponse,
          ...errorResponses(400, 401, 403, 404, 409, 412, 413, 422, 428, 507),
        },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const result = await writeSessionState(app, request, request.query.path, request.body, ifMatch);
      const warnings = pageWarnings(result.view, await adviseLevel(app, result.view));
      return reply.header('etag', result.view.etag).send({ ...forClient(result.view), warnings });
    },
  );

  app.post(
    '/session-state/preview',
    {
      schema: {
        summary: 'What a PATCH would write: the unified diff per file. Nothing is written.',
        tags: ['session state'],
        querystring: LevelQuery,
        body: SessionStatePatch,
        response: { 200: SessionStatePreviewResponse, ...errorResponses(400, 401, 403, 404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      const preview = previewSessionState(app, request.query.path, request.body, ifMatch);
      return reply.header('etag', preview.etag).send(preview);
    },
  );

  app.get(
    '/connection-strings',
    {
      schema: {
        summary: 'Named connection strings visible at a level (passwords masked)',
        tags: ['session state'],
        querystring: LevelQuery,
        response: {
          200: z.object({ items: z.array(z.object({ name: z.string(), connectionString: z.string() })) }),
          ...errorResponses(400, 401, 404, 422),
        },
      },
    },
    async (request) => ({ items: forClient(app.sessionState.read(request.query.path)).connectionStrings }),
  );
};
