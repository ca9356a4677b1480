import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { levelContent } from '@iis-console/config';
import { ContentQuery, ContentResponse } from '@iis-console/contracts';
import { errorResponses } from '../../errors.js';

/**
 * IIS Manager's Content View (`GET /api/content?path=<site path>`): the applications and virtual
 * directories below a level and the folders and files of its physical folder (links are not listed).
 */
export const contentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        summary: 'Content View: the applications, virtual directories, folders and files of a level',
        tags: ['server'],
        querystring: ContentQuery,
        response: { 200: ContentResponse, ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request) => levelContent(app.configuration, request.query.path),
  );
};
