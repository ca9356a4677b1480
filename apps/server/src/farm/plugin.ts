import type { FastifyReply, FastifyRequest, onRequestHookHandler, preValidationHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { z } from 'zod';
import {
  ErrorCode,
  FarmErrorCode,
  isForwardedRoute,
  LOCAL_SERVER_ID,
  ServerId,
  ServerQuery,
} from '@iis-console/contracts';
import { HttpError } from '../errors.js';
import { WRITE_METHODS } from '../plugins/auth.js';
import {
  PeerConnections,
  peerErrorMessage,
  peerRequest,
  PEER_TIMEOUT_MS,
  type PeerRequest,
  type PeerResponse,
} from './peer-client.js';
import { serverLabel, serverNotFound, ServerStore, type ServerRecord } from './server-store.js';

/**
 * Sent with a forwarded request: the role of the user signed in at the console that forwards it. The
 * receiving console lowers a token's role to it (a reader there reads as a reader: masked keys), never
 * raises it.
 */
export const ACTING_ROLE_HEADER = 'x-iisconsole-acting-role';

/** Response headers relayed from another server. */
const RELAYED_HEADERS = ['content-type', 'etag', 'cache-control', 'retry-after', 'content-disposition'];

export interface Farm {
  /** Other IIS Consoles (`ProgramData/IISConsole/servers.json`). */
  readonly servers: ServerStore;
  /** Time-out of one server-to-server request (connect and whole answer). */
  readonly timeoutMs: number;
  /** The registered server, or 404 SERVER_NOT_FOUND. */
  server(id: string): Promise<ServerRecord>;
  /**
   * One request to a registered server with its token and pinned certificate. A 401 from there
   * becomes 502 SERVER_TOKEN_REFUSED (the local user is signed in; the stored token is what failed).
   */
  call(server: ServerRecord, request: PeerRequest): Promise<PeerResponse>;
}

declare module 'fastify' {
  interface FastifyInstance {
    farm: Farm;
  }
}

export interface FarmPluginOptions {
  root: string;
  timeoutMs?: number;
}

/** The `server` query parameter of a request: undefined or `local` for this console. */
function serverParam(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.server;
  if (value === undefined || value === '' || value === LOCAL_SERVER_ID) return undefined;
  const parsed = ServerId.safeParse(value);
  if (!parsed.success) {
    throw new HttpError(400, ErrorCode.VALIDATION, 'The query parameter "server" must be one server id.');
  }
  return parsed.data;
}

/** `request.url` without `server=`. */
function forwardedPath(url: string): string {
  const parsed = new URL(url, 'http://localhost');
  parsed.searchParams.delete('server');
  return parsed.pathname + parsed.search;
}

/** Adds `server` to a route's querystring schema (zod object), so the OpenAPI document shows it. */
function withServerQuery(querystring: unknown): unknown {
  if (querystring === undefined) return ServerQuery;
  const object = querystring as Partial<z.ZodObject>;
  if (typeof object.extend === 'function' && object.shape && !('server' in object.shape)) {
    return object.extend(ServerQuery.shape);
  }
  return querystring;
}

/**
 * The farm: the server registry, the server-to-server client, and forwarding. Every route under
 * FORWARDED_PREFIXES (`@iis-console/contracts`) gets
 * - a preValidation hook that, for `server=<id>` other than `local`, sends the request (method, path,
 *   query without `server`, JSON body, If-Match) to that server with its token and relays status,
 *   body, ETag — after the local guard has checked sign-in, role and CSRF, and before local validation;
 * - an onRequest hook (after the guard) that lowers a token's role to the forwarding console's user's.
 * Register after the auth plugin and before the routes.
 */
export const farmPlugin = fp<FarmPluginOptions>(
  async (app, options) => {
    const servers = ServerStore.forRoot(options.root);
    const timeoutMs = options.timeoutMs ?? PEER_TIMEOUT_MS;
    const connections = new PeerConnections();
    app.addHook('onClose', async () => connections.close());

    const farm: Farm = {
      servers,
      timeoutMs,
      async server(id) {
        const record = await servers.get(id);
        if (!record) throw serverNotFound(id);
        return record;
      },
      async call(server, request) {
        const label = serverLabel(server);
        const response = await peerRequest(
          { url: server.url, label, fingerprint: server.fingerprint ?? undefined, connections },
          {
            timeoutMs,
            ...request,
            headers: { ...request.headers, authorization: `Bearer ${server.token}` },
          },
        );
        if (response.status === 401) {
          throw new HttpError(
            502,
            FarmErrorCode.SERVER_TOKEN_REFUSED,
            `The server at ${server.url} refused the token stored for "${server.name}" ` +
              `(${peerErrorMessage(response).message}): remove the server and add it again with a new token.`,
          );
        }
        return response;
      },
    };
    app.decorate('farm', farm);

    const forward: preValidationHookHandler = async function forward(
      request: FastifyRequest,
      reply: FastifyReply,
    ) {
      const id = serverParam(request);
      if (id === undefined) return;
      const server = await farm.server(id);
      const hasBody = request.body !== undefined && request.body !== null;
      const headers: Record<string, string> = {};
      if (request.user) headers[ACTING_ROLE_HEADER] = request.user.role;
      const ifMatch = request.headers['if-match'];
      if (typeof ifMatch === 'string') headers['if-match'] = ifMatch;
      if (hasBody) headers['content-type'] = 'application/json';
      const response = await farm.call(server, {
        method: request.method,
        path: forwardedPath(request.url),
        headers,
        ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
      });
      if (WRITE_METHODS.has(request.method)) {
        await app.audit.recordRequest(request, {
          action: 'server.forward',
          target: `${request.method} ${forwardedPath(request.url).split('?', 1)[0]}`,
          details: { server: server.id, url: server.url, statusCode: response.status },
        });
      }
      for (const name of RELAYED_HEADERS) {
        const value = response.headers[name];
        if (typeof value === 'string') void reply.header(name, value);
      }
      void reply.header('x-iisconsole-server', server.id).code(response.status);
      return response.body.length === 0 ? reply.send() : reply.send(response.body);
    };

    // A token request forwarded for a reader reads as a reader here (masked secrets) and cannot write.
    const actAs: onRequestHookHandler = function actAs(request, _reply, done) {
      const acting = request.headers[ACTING_ROLE_HEADER];
      const user = request.user;
      if (acting === 'reader' && user?.authenticatedBy === 'token' && user.role === 'administrator') {
        request.user = { ...user, role: 'reader' };
        if (WRITE_METHODS.has(request.method)) {
          done(
            new HttpError(
              403,
              ErrorCode.FORBIDDEN,
              'The request was forwarded for a reader: it needs an administrator to write.',
            ),
          );
          return;
        }
      }
      done();
    };

    app.addHook('onRoute', (route) => {
      if (!isForwardedRoute(route.url)) return;
      route.schema = { ...route.schema, querystring: withServerQuery(route.schema?.querystring) };
      const asArray = <T>(hooks: T | T[] | undefined): T[] =>
        hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
      route.onRequest = [...asArray(route.onRequest), actAs];
      route.preValidation = [forward, ...asArray(route.preValidation)];
    });
  },
  {
    name: 'iisconsole-farm',
    fastify: '5.x',
    dependencies: ['iisconsole-auth', 'iisconsole-audit'],
  },
);
