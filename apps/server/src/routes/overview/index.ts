import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OverviewQuery, OverviewResponse } from '@iis-console/contracts';
import { errorResponses } from '../../errors.js';
import { machineName, stateServiceInput } from '../../advisor/sessionStateAdvice.js';

/** Every site and application with its effective session state: filtered, sorted and paged on the server. */
export const overviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/session-state',
    {
      schema: {
        summary: 'Effective session state mode of every site and application',
        tags: ['session state'],
        querystring: OverviewQuery,
        response: { 200: OverviewResponse, ...errorResponses(400, 401, 422) },
      },
    },
    async (request) => {
      // The advisor's StateServiceStopped needs the service as it is now (docs/advisor.md).
      const stateService = await stateServiceInput(app);
      return app.sessionStateOverview.query({
        ...request.query,
        ...(stateService ? { stateService } : {}),
        machineName: machineName(),
      });
    },
  );
};
