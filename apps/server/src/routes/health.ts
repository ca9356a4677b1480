import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HealthResponse } from '@iis-console/contracts';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'Liveness check; needs no sign-in',
        tags: ['health'],
        response: { 200: HealthResponse },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
};
