import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { machineKeyLengths } from '@iis-console/config';
import { MachineKeyGenerateRequest, MachineKeyGenerateResponse } from '@iis-console/contracts';
import { errorResponses, HttpError } from '../../errors.js';

/** Upper-case hex of `bytes` cryptographically random bytes, as IIS Manager writes keys. */
export function randomKey(bytes: number): string {
  return randomBytes(bytes).toString('hex').toUpperCase();
}

/**
 * Machine Key's Generate Keys (`POST /api/machine-key/generate`, administrators): a validation key and
 * a decryption key of the right length for the chosen algorithms (HMACSHA256 → 64 bytes, HMACSHA384
 * and HMACSHA512 → 128, AES → 32, 3DES → 24, DES → 8). Nothing is written and nothing is logged: the
 * page shows the keys and Apply writes them like any value (masked in the audit log).
 */
export const machineKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/machine-key/generate',
    {
      schema: {
        summary: 'Generate Keys: random validation and decryption keys for the chosen algorithms',
        tags: ['machine key'],
        body: MachineKeyGenerateRequest,
        response: { 200: MachineKeyGenerateResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { validation, decryption } = request.body;
      const lengths = machineKeyLengths(validation, decryption);
      if ('error' in lengths) throw new HttpError(400, 'VALIDATION', lengths.error);
      return reply.header('cache-control', 'no-store').send({
        validation,
        decryption,
        validationKey: randomKey(lengths.validationKeyBytes),
        decryptionKey: randomKey(lengths.decryptionKeyBytes),
        ...lengths,
      });
    },
  );
};
