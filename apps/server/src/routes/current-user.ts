import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '@iis-console/contracts';
import { HttpError } from '../errors.js';
import type { AuthUser } from '../plugins/auth.js';

/** The signed-in user of a guarded route (the guard has already refused anonymous requests). */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new HttpError(401, ErrorCode.UNAUTHORIZED, 'Sign in first.');
  return request.user;
}
