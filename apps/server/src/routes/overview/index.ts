import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AdvisedOverviewQuery } from '@iis-console/config';
import { OverviewQuery, OverviewResponse } from '@iis-console/contracts';
import { errorResponses } from '../../errors.js';
import { machineName, stateServiceInput } from '../../advisor/sessionStateAdvice.js';

/**
 * The overview with the advisor's warnings (filter, sort, page, `warning`): the state service as it
 * is now (StateServiceStopped needs it, docs/advisor.md) and this machine's name are added here. The
 * Sites node's route (routes/sites) asks the same way.
 */
export async function advisedOverview(app: FastifyInstance, query: AdvisedOverviewQuery) {
  const stateService = await stateServiceInput(app);
  return app.sessionStateOverview.query({
    ...query,
    ...(stateService ? { stateService } : {}),
    machineName: machineName(),
  });
}

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
    async (request) => advisedOverview(app, request.query),
  );
};
