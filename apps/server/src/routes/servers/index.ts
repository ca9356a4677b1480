import { hostname } from 'node:os';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AcceptCertificateRequest,
  FarmErrorCode,
  LOCAL_SERVER_ID,
  ProbeServerRequest,
  ProbeServerResponse,
  RegisterServerRequest,
  ServerList,
  ServerParams,
  ServerStatus,
  ServerSummary,
} from '@iis-console/contracts';
import { errorResponses, HttpError } from '../../errors.js';
import { presentedCertificate, probeServer } from '../../farm/probe.js';
import { checkServerUrl, serverNotFound, serverSummary, type ServerRecord } from '../../farm/server-store.js';
import { currentUser } from '../current-user.js';

const LOCAL: ServerSummary = {
  id: LOCAL_SERVER_ID,
  name: hostname(),
  url: null,
  local: true,
  fingerprint: null,
  allowInsecure: false,
  remoteUser: null,
  remoteRole: null,
  addedBy: null,
  addedAt: null,
};

/** What the audit log keeps of a server: never its token. */
const audited = (server: ServerRecord) => ({
  id: server.id,
  url: server.url,
  fingerprint: server.fingerprint,
  allowInsecure: server.allowInsecure,
});

/**
 * `/api/servers`: the other IIS Consoles of the farm (docs/farm.md). Listing is for every signed-in
 * user (the Connections tree shows them); adding, removing and accepting a certificate need an
 * administrator. Tokens are stored, never returned.
 */
export const serverRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        summary: 'This console (`local`) and the servers registered with it (never their tokens)',
        tags: ['servers'],
        response: { 200: ServerList, ...errorResponses(401) },
      },
    },
    async () => ({ servers: [LOCAL, ...(await app.farm.servers.list()).map(serverSummary)] }),
  );

  app.post(
    '/',
    {
      config: { auth: 'administrator' },
      schema: {
        summary: 'Register another IIS Console with an API token made there',
        description:
          'Checks the URL and the token first (GET /api/health, then GET /api/auth/me with the token). ' +
          'https:// servers are pinned to the SHA-256 fingerprint of the certificate seen now (returned; ' +
          'send `fingerprint` to require a known one). http:// only to loopback unless `allowInsecure`.',
        tags: ['servers'],
        body: RegisterServerRequest,
        response: { 201: ServerSummary, ...errorResponses(400, 401, 403, 409, 502, 504) },
      },
    },
    async (request, reply) => {
      const { name, token, fingerprint: expected } = request.body;
      const allowInsecure = request.body.allowInsecure ?? false;
      const url = checkServerUrl(request.body.url, allowInsecure);
      const probe = await probeServer(url, token, { name, timeoutMs: app.farm.timeoutMs, expected });
      const record = await app.farm.servers.add({
        name,
        url,
        token,
        fingerprint: probe.fingerprint,
        allowInsecure: allowInsecure && url.startsWith('http:'),
        remoteUser: probe.remoteUser,
        remoteRole: probe.remoteRole,
        addedBy: currentUser(request).username,
        addedAt: new Date().toISOString(),
      });
      await app.audit.recordRequest(request, {
        action: 'server.add',
        target: name,
        details: audited(record),
      });
      return reply.code(201).send(serverSummary(record));
    },
  );

  app.post(
    '/probe',
    {
      config: { auth: 'administrator' },
      schema: {
        summary: 'What an IIS Console at a URL presents before it is registered: its certificate fingerprint',
        description:
          'GET /api/health there, without a token (the URL rules of registration apply). Connect to a ' +
          'Server… shows the fingerprint for the administrator to compare before anything is saved.',
        tags: ['servers'],
        body: ProbeServerRequest,
        response: { 200: ProbeServerResponse, ...errorResponses(400, 401, 403, 502, 504) },
      },
    },
    async (request) => {
      const url = checkServerUrl(request.body.url, request.body.allowInsecure ?? false);
      return { url, fingerprint: await presentedCertificate(url, { timeoutMs: app.farm.timeoutMs }) };
    },
  );

  app.get(
    '/:id/status',
    {
      schema: {
        summary: 'Whether a registered server answers now, and whether its certificate is the pinned one',
        tags: ['servers'],
        params: ServerParams,
        response: { 200: ServerStatus, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const server = await app.farm.server(request.params.id);
      try {
        const fingerprint = await presentedCertificate(server.url, {
          timeoutMs: app.farm.timeoutMs,
          label: `"${server.name}" (${server.url})`,
        });
        return {
          id: server.id,
          reachable: true,
          fingerprint,
          certificateChanged: server.fingerprint !== null && fingerprint !== server.fingerprint,
        };
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        return {
          id: server.id,
          reachable: false,
          fingerprint: null,
          certificateChanged: false,
          code: e.code,
          message: e.message,
        };
      }
    },
  );

  app.post(
    '/:id/accept-certificate',
    {
      config: { auth: 'administrator' },
      schema: {
        summary: 'Pin the certificate an https:// server presents now (after it changed)',
        description:
          'Send the new fingerprint the refusal named: it is checked against the certificate the server ' +
          'presents, and the stored token against the server, before it is saved.',
        tags: ['servers'],
        params: ServerParams,
        body: AcceptCertificateRequest,
        response: { 200: ServerSummary, ...errorResponses(400, 401, 403, 404, 409, 502, 504) },
      },
    },
    async (request) => {
      const server = await app.farm.server(request.params.id);
      if (!server.url.startsWith('https:')) {
        throw new HttpError(
          400,
          FarmErrorCode.SERVER_URL,
          `${server.url} is plain HTTP: there is no certificate to accept.`,
        );
      }
      const probe = await probeServer(server.url, server.token, {
        name: server.name,
        timeoutMs: app.farm.timeoutMs,
        expected: request.body.fingerprint,
      });
      const changed = await app.farm.servers.change(server.id, {
        fingerprint: probe.fingerprint,
        remoteUser: probe.remoteUser,
        remoteRole: probe.remoteRole,
      });
      if (!changed) throw serverNotFound(server.id);
      await app.audit.recordRequest(request, {
        action: 'server.acceptCertificate',
        target: server.name,
        details: { ...audited(changed), previous: server.fingerprint },
      });
      return serverSummary(changed);
    },
  );

  app.delete(
    '/:id',
    {
      config: { auth: 'administrator' },
      schema: {
        summary: 'Remove a registered server (its stored token is deleted here; revoke it there too)',
        tags: ['servers'],
        params: ServerParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const record = await app.farm.servers.remove(request.params.id);
      if (!record) throw serverNotFound(request.params.id);
      await app.audit.recordRequest(request, {
        action: 'server.remove',
        target: record.name,
        details: audited(record),
      });
      return reply.code(204).send(null);
    },
  );
};
