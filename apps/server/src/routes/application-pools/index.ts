import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  APPLICATION_POOLS_SECTION,
  addApplicationPool,
  applicationsByPool,
  changeApplicationPool,
  listApplicationPools,
  poolInUseMessage,
  removeApplicationPool,
  requireApplicationPool,
  setApplicationPoolDefaults,
  applicationPoolsView,
} from '@iis-console/config';
import type { SectionApplyResult } from '@iis-console/config';
import {
  ApplicationPoolChange,
  ApplicationPoolCreate,
  ApplicationPoolDefaultsChange,
  ApplicationPoolsResponse,
  ApplicationPoolWriteResponse,
  PoolApplicationsResponse,
  PoolParams,
} from '@iis-console/contracts';
import { errorResponses, HttpError } from '../../errors.js';
import { requireIfMatch } from '../if-match.js';
import { currentUser } from '../current-user.js';
import { auditWrite, w3svcStatus } from '../apphost-objects.js';
import { auditChange } from '../../audit/audit-change.js';
import { poolControlRoutes } from './control.js';

const IfMatchHeaders = z.object({ 'if-match': z.string().optional() }).passthrough();
const WRITE_ERRORS = [400, 401, 403, 404, 409, 412, 413, 422, 428, 507] as const;

/** The Application Pools list: IIS Manager's columns, W3SVC's state (or Unknown, with why), the ETag. */
async function poolList(app: FastifyInstance) {
  const { rows, view } = app.configuration.files.withPass(() =>
    listApplicationPools(app.configEngine, app.configuration.serverTree()),
  );
  const status = await w3svcStatus(app).states('APPPOOL');
  return {
    items: rows.map((r) => ({
      ...r,
      status: status.states.get(r.name.toLowerCase()) ?? ('Unknown' as const),
    })),
    statusReason: status.reason,
    etag: view.etag,
  };
}

/** A request body as the audit log keeps it: the pool's secret attributes (`processModel.password`) masked. */
function secretsMasked(app: FastifyInstance, body: unknown): unknown {
  return auditChange(body, app.configEngine.sectionSchema(APPLICATION_POOLS_SECTION));
}

async function written(app: FastifyInstance, result: SectionApplyResult) {
  return { ...(await poolList(app)), changed: result.changed, history: result.history?.id };
}

/**
 * `/api/application-pools` (IIS Manager's Application Pools): the list; Add Application Pool…;
 * Basic / Advanced Settings… and Recycling… as a change below one pool; Remove (refused while
 * applications use the pool); View Applications; and `/api/application-pool-defaults` for Set
 * Application Pool Defaults…. Writes need If-Match (the list's ETag) and are audited. Start, Stop
 * and Recycle ask W3SVC (control.ts).
 */
export const applicationPoolRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(poolControlRoutes(poolList));

  app.get(
    '/application-pools',
    {
      schema: {
        summary: 'Application pools: name, status, .NET CLR version, pipeline mode, identity, applications',
        tags: ['application pools'],
        response: { 200: ApplicationPoolsResponse, ...errorResponses(401, 422) },
      },
    },
    async (_request, reply) => {
      const list = await poolList(app);
      return reply.header('etag', list.etag).header('cache-control', 'no-store').send(list);
    },
  );

  app.get(
    '/application-pools/:name/applications',
    {
      schema: {
        summary: 'View Applications: the applications that run in a pool',
        tags: ['application pools'],
        params: PoolParams,
        response: { 200: PoolApplicationsResponse, ...errorResponses(401, 404, 422) },
      },
    },
    async (request) =>
      app.configuration.files.withPass(() => {
        const pool = requireApplicationPool(applicationPoolsView(app.configEngine), request.params.name);
        const users =
          applicationsByPool(app.configuration.serverTree()).get((pool.key.name ?? '').toLowerCase()) ?? [];
        return {
          items: users.map((u) => ({
            site: u.site,
            path: u.path,
            sitePath: u.path === '/' ? u.site : `${u.site}${u.path}`,
          })),
        };
      }),
  );

  app.post(
    '/application-pools',
    {
      schema: {
        summary: 'Add Application Pool… (If-Match required)',
        tags: ['application pools'],
        headers: IfMatchHeaders,
        body: ApplicationPoolCreate,
        response: { 201: ApplicationPoolWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const { name, managedRuntimeVersion, managedPipelineMode, autoStart, attributes, elements } =
        request.body;
      const result = addApplicationPool(
        app.configEngine,
        {
          name,
          attributes: {
            ...(managedRuntimeVersion !== undefined ? { managedRuntimeVersion } : {}),
            ...(managedPipelineMode !== undefined ? { managedPipelineMode } : {}),
            ...(autoStart !== undefined ? { autoStart: String(autoStart) } : {}),
            ...(attributes ?? {}),
          },
          ...(elements ? { elements } : {}),
        },
        { client: 'console', ifMatch, user: user.username },
      );
      await auditWrite(app, request, 'apppool.add', name, result, { pool: secretsMasked(app, request.body) });
      const body = await written(app, result);
      return reply.code(201).header('etag', body.etag).send(body);
    },
  );

  app.patch(
    '/application-pools/:name',
    {
      schema: {
        summary:
          'Change a pool: attributes, child elements (processModel, recycling…), collections (If-Match required)',
        tags: ['application pools'],
        params: PoolParams,
        headers: IfMatchHeaders,
        body: ApplicationPoolChange,
        response: { 200: ApplicationPoolWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const result = changeApplicationPool(app.configEngine, request.params.name, request.body, {
        client: 'console',
        ifMatch,
        user: user.username,
      });
      await auditWrite(app, request, 'apppool.set', request.params.name, result, {
        changes: secretsMasked(app, request.body),
      });
      const body = await written(app, result);
      return reply.header('etag', body.etag).send(body);
    },
  );

  app.delete(
    '/application-pools/:name',
    {
      schema: {
        summary: 'Remove a pool (refused while applications use it; If-Match required)',
        tags: ['application pools'],
        params: PoolParams,
        headers: IfMatchHeaders,
        response: { 200: ApplicationPoolWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const name = request.params.name;
      const tree = app.configuration.serverTree();
      const pool = requireApplicationPool(applicationPoolsView(app.configEngine), name);
      const users = applicationsByPool(tree).get((pool.key.name ?? '').toLowerCase()) ?? [];
      if (users.length > 0)
        throw new HttpError(409, 'IN_USE', poolInUseMessage(pool.key.name ?? name, users));
      const result = removeApplicationPool(app.configEngine, tree, name, {
        client: 'console',
        ifMatch,
        user: user.username,
      });
      await auditWrite(app, request, 'apppool.delete', name, result);
      const body = await written(app, result);
      return reply.header('etag', body.etag).send(body);
    },
  );

  app.patch(
    '/application-pool-defaults',
    {
      schema: {
        summary: 'Set Application Pool Defaults… (applicationPoolDefaults; If-Match required)',
        tags: ['application pools'],
        headers: IfMatchHeaders,
        body: ApplicationPoolDefaultsChange,
        response: { 200: ApplicationPoolWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const result = setApplicationPoolDefaults(app.configEngine, request.body, {
        client: 'console',
        ifMatch,
        user: user.username,
      });
      await auditWrite(app, request, 'apppool.defaults', 'applicationPoolDefaults', result, {
        changes: secretsMasked(app, request.body),
      });
      const body = await written(app, result);
      return reply.header('etag', body.etag).send(body);
    },
  );
};
