import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  FarmApplyRequest,
  FarmApplyResponse,
  FarmPreviewRequest,
  FarmPreviewResponse,
  FarmSessionStateQuery,
  FarmSessionStateResponse,
  FarmSnapshot,
  FarmSnapshotQuery,
  LOCAL_SERVER_ID,
} from '@iis-console/contracts';
import { errorResponses, toApiError } from '../../errors.js';
import { compareFarm, type MemberOutcome } from '../../farm/compare.js';
import { farmMembers, localSnapshot } from '../../farm/members.js';
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

/** A server's refusal (it answered no) or failure (no answer), as preview and apply report it. */
function failure(error: unknown) {
  const { unreachable, statusCode, code, message } = outcomeOf(error);
  return {
    status: unreachable ? ('failed' as const) : ('refused' as const),
    statusCode,
    code,
    message,
  };
}

/**
 * `/api/farm/session-state` (docs/farm.md): one site path compared across servers, one Session State
 * change previewed on each (its diff and ETag) and applied to each with its own ETag. Servers are
 * asked in parallel, each with the server-to-server time-out; one server's failure never changes
 * another's result. `/api/farm/snapshot` is what each server answers the comparing console.
 */
export const farmRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/snapshot',
    {
      schema: {
        summary:
          'This server’s session state, machine key (keys as a salted HMAC) and site ID at a site path',
        description:
          'What a console comparing a farm asks each server, in one request. Explicit machine keys are ' +
          'answered as `hmac-sha256:<hex>` under the caller’s random salt: equal exactly when the keys are.',
        tags: ['farm'],
        querystring: FarmSnapshotQuery,
        response: { 200: FarmSnapshot, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const { path, salt } = request.query;
      return reply.header('cache-control', 'no-store').send(localSnapshot(app, path, salt));
    },
  );

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
      // One salt for all: equal keys give equal HMACs within this comparison only.
      const salt = randomBytes(32).toString('hex');
      const outcomes = await Promise.all(
        members.map(async (member): Promise<MemberOutcome> => {
          try {
            return {
              id: member.id,
              name: member.name,
              ok: true,
              snapshot: await member.snapshot(path, salt),
            };
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
    '/session-state/preview',
    {
      config: { auth: 'administrator' },
      schema: {
        summary:
          'What one Session State change would write on each server: its diff and ETag. Nothing is written.',
        description:
          'Per server `ok` with the unified diff per file and the ETag it was computed on (send them back ' +
          'as `etags` with Apply), `refused` (that server’s status and reason: a lock, a validation error) ' +
          'or `failed` (unreachable, time-out).',
        tags: ['farm'],
        body: FarmPreviewRequest,
        response: { 200: FarmPreviewResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { path, changes } = request.body;
      const members = await farmMembers(app, request.body.servers);
      const results = await Promise.all(
        members.map(async (member) => {
          try {
            const preview = await member.previewSessionState(path, changes);
            return { id: member.id, name: member.name, status: 'ok' as const, ...preview };
          } catch (error) {
            return { id: member.id, name: member.name, ...failure(error) };
          }
        }),
      );
      return { path, results };
    },
  );

  app.post(
    '/session-state',
    {
      config: { auth: 'administrator' },
      schema: {
        summary: 'Apply one Session State change to each server (its own ETag); one result per server',
        description:
          'Each server is written (PATCH with If-Match: the ETag its preview returned, given in `etags`, ' +
          'or else its current one, read first) on its own: `applied`, ' +
          '`refused` (that server’s status and reason, e.g. 412 or 400) or `failed` (unreachable, time-out). ' +
          'Each write is atomic on its server; one server’s failure does not undo or stop another’s.',
        tags: ['farm'],
        body: FarmApplyRequest,
        response: { 200: FarmApplyResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { path, changes, etags } = request.body;
      const members = await farmMembers(app, request.body.servers);
      const results = await Promise.all(
        members.map(async (member) => {
          try {
            const etag = await member.applySessionState(path, changes, request, etags?.[member.id]);
            return { id: member.id, name: member.name, status: 'applied' as const, etag };
          } catch (error) {
            return { id: member.id, name: member.name, ...failure(error) };
          }
        }),
      );
      await app.audit.recordRequest(request, {
        action: 'farm.sessionState.apply',
        target: path,
        details: {
          changes,
          results: results.map((r) => ({
            id: r.id,
            status: r.status,
            ...('code' in r ? { code: r.code } : {}),
          })),
        },
      });
      return { path, results, allApplied: results.every((r) => r.status === 'applied') };
    },
  );
};
