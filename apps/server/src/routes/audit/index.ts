import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEntryList, AuditQuery } from '@iis-console/contracts';
import { errorResponses } from '../../errors.js';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { auth: 'administrator' },
      schema: {
        summary: 'Recent audit log entries, newest first',
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: AuditEntryList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ entries: await app.audit.recent(request.query.limit) }),
  );
};
