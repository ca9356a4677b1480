import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  FarmApplyRequest,
  FarmApplyResponse,
  FarmSessionStateQuery,
  FarmSessionStateResponse,
  LOCAL_SERVER_ID,
} from '@iis-console/contracts';
import { errorResponses, toApiError } from '../../errors.js';
import { compareFarm, type MemberOutcome } from '../../farm/compare.js';
import { farmMembers } from '../../farm/members.js';
import { PeerError } from '../../farm/peer-client.js';

/** The error of one server, in the farm's terms: no answer (`unreachable`) or an answer refusing. */
function outcomeOf(error: unknown): {
  unreachable: boolean;
  statusCode: number;
  code: string;
  message: string;
} {
  const { statusCode, code, message } = toApiError(error).error;
  return { unreachable: error instanceof PeerError, statusCode, code, message };
}

/**
 * `/api/farm/session-state` (docs/farm.md): one site path compared across servers, and one Session
 * State change applied to each of them with its own ETag. Servers are asked in parallel, each with the
 * server-to-server time-out; one server's failure never changes another's result.
 */
export const farmRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/session-state',
    {
      schema: {
        summary: 'Session state, machine key and site ID of a site path on several servers, compared',
        description:
          'Per attribute each server’s effective value and whether they agree; the farm checks FarmSiteId, ' +
          'FarmMachineKey and FarmLoopbackStateServer. A server that cannot be read is listed as such and ' +
          '`complete` is false. Machine keys are compared unmasked and shown masked.',
        tags: ['farm'],
        querystring: FarmSessionStateQuery,
        response: { 200: FarmSessionStateResponse, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { path } = request.query;
      const listed = (request.query.servers ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const ids =
        listed.length > 0 ? listed : [LOCAL_SERVER_ID, ...(await app.farm.servers.list()).map((s) => s.id)];
      const members = await farmMembers(app, ids);
      const outcomes = await Promise.all(
        members.map(async (member): Promise<MemberOutcome> => {
          try {
            return { id: member.id, name: member.name, ok: true, snapshot: await member.snapshot(path) };
          } catch (error) {
            const { unreachable, code, message } = outcomeOf(error);
            return {
              id: member.id,
              name: member.name,
              ok: false,
              status: unreachable ? 'unreachable' : 'error',
              code,
              message,
            };
          }
        }),
      );
      return compareFarm(path, outcomes);
    },
  );

  app.post(
    '/session-state',
    {
      config: { auth: 'administrator' },
      schema: {
        summary: 'Apply one Session State change to each server (its own ETag); one result per server',
        description:
          'Each server is read (GET, its ETag) and written (PATCH with If-Match) on its own: `applied`, ' +
          '`refused` (that server’s status and reason, e.g. 412 or 400) or `failed` (unreachable, time-out). ' +
          'Each write is atomic on its server; one server’s failure does not undo or stop another’s.',
        tags: ['farm'],
        body: FarmApplyRequest,
        response: { 200: FarmApplyResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { path, changes } = request.body;
      const members = await farmMembers(app, request.body.servers);
      const results = await Promise.all(
        members.map(async (member) => {
          try {
            const etag = await member.applySessionState(path, changes, request);
            return { id: member.id, name: member.name, status: 'applied' as const, etag };
          } catch (error) {
            const { unreachable, statusCode, code, message } = outcomeOf(error);
            return {
              id: member.id,
              name: member.name,
              status: unreachable ? ('failed' as const) : ('refused' as const),
              statusCode,
              code,
              message,
            };
          }
        }),
      );
      await app.audit.recordRequest(request, {
        action: 'farm.sessionState.apply',
        target: path,
        details: {
          changes,
          results: results.map(({ id, status, code }) => ({ id, status, ...(code ? { code } : {}) })),
        },
      });
      return { path, results, allApplied: results.every((r) => r.status === 'applied') };
    },
  );
};
