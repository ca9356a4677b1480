import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiTokenList,
  ApiTokenParams,
  CreateApiTokenRequest,
  CreatedApiToken,
  ErrorCode,
} from '@iis-console/contracts';
import { errorResponses, HttpError } from '../../errors.js';
import type { TokenRecord } from '../../tokens/token-store.js';
import { currentUser } from '../current-user.js';

const summary = ({ id, name, createdBy, createdAt }: TokenRecord) => ({ id, name, createdBy, createdAt });

/** API tokens: administrators only. A token acts with its creator's current role. */
export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { auth: 'administrator' },
      schema: {
        summary: 'List API tokens (never the tokens themselves)',
        tags: ['tokens'],
        response: { 200: ApiTokenList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ tokens: (await app.tokens.list()).map(summary) }),
  );

  app.post(
    '/',
    {
      config: { auth: 'administrator' },
      schema: {
        summary: 'Create an API token; the response is the only time the token is shown',
        tags: ['tokens'],
        body: CreateApiTokenRequest,
        response: { 201: CreatedApiToken, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { record, token } = await app.tokens.create(request.body.name, user.username);
      await app.audit.recordRequest(request, {
        action: 'token.create',
        target: record.name,
        details: { id: record.id },
      });
      return reply.code(201).send({ ...summary(record), token });
    },
  );

  app.delete(
    '/:id',
    {
      config: { auth: 'administrator' },
      schema: {
        summary: 'Revoke an API token',
        tags: ['tokens'],
        params: ApiTokenParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const record = await app.tokens.revoke(request.params.id);
      if (!record)
        throw new HttpError(
          404,
          ErrorCode.NOT_FOUND,
          `There is no API token with the id "${request.params.id}".`,
        );
      await app.audit.recordRequest(request, {
        action: 'token.revoke',
        target: record.name,
        details: { id: record.id },
      });
      return reply.code(204).send(null);
    },
  );
};
