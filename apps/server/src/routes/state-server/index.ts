import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  TestConnectionRequest,
  TestConnectionResponse,
  TestStoreRequest,
  TestStoreResponse,
} from '@iis-console/contracts';
import { testConnection, testStore } from '@iis-console/state-server';
import { errorResponses } from '../../errors.js';

/**
 * `/api/state-server/test-connection`: the Session State page's "Test connection"
 * (docs/state-protocol.md §11). Any signed-in user may test, as any user may read the page. It dials
 * exactly the server of the connection string the user typed, once ("No traffic of its own").
 */
export const stateServerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/test-store',
    {
      config: { auth: 'user' },
      schema: {
        summary: "Test the state service's store (memory or a Redis URL)",
        description:
          'Connects to the Redis of the URL once, sends PING and INFO server, and reports the Redis version and the round trip, or which step failed; writes nothing. A password shown masked (`:***@`) means the saved one. Always 200: `ok` says whether it worked.',
        tags: ['services'],
        body: TestStoreRequest,
        response: { 200: TestStoreResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { store, timeoutMs = 5000 } = request.body;
      const resolved = (await app.stateService.resolveStore?.(store)) ?? store;
      const result = await testStore(resolved, timeoutMs);
      const answer: TestStoreResponse = { ok: result.ok, address: result.address, message: result.message };
      if (result.version !== undefined) answer.version = result.version;
      if (result.roundTripMs !== undefined) answer.roundTripMs = result.roundTripMs;
      if (result.failure !== undefined) answer.failure = result.failure;
      return answer;
    },
  );

  app.post(
    '/test-connection',
    {
      config: { auth: 'user' },
      schema: {
        summary: 'Test a state server connection string (tcpip=<server>:<port>)',
        description:
          'Connects, sends a HEAD for a random key (which creates no state) and reports the X-AspNet-Version and the round trip, or which step failed. Always 200: `ok` says whether it worked.',
        tags: ['services'],
        body: TestConnectionRequest,
        response: { 200: TestConnectionResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { connectionString, timeoutMs = 5000 } = request.body;
      const result = await testConnection(connectionString, timeoutMs);
      if (!result.ok) {
        return {
          ok: false,
          host: result.host ?? '',
          port: result.port ?? 0,
          failure: result.failure,
          message: result.message,
        };
      }
      const roundTripMs = Math.round(result.roundTripMs * 100) / 100;
      const hostPort = (host: string) => (host.includes(':') ? `[${host}]` : host);
      const where =
        result.address === result.host
          ? hostPort(result.host)
          : `${hostPort(result.host)} (${result.address})`;
      return {
        ok: true,
        host: result.host,
        port: result.port,
        version: result.version,
        roundTripMs,
        message: `Connected to the state server at ${where}:${result.port}: version ${result.version}, round trip ${roundTripMs} ms.`,
      };
    },
  );
};
