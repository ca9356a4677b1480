import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CsrfTokenResponse,
  CurrentUser,
  ErrorCode,
  LoginRequest,
  LoginResponse,
} from '@iis-console/contracts';
import type { LoginThrottle } from '../../auth/login-throttle.js';
import { errorResponses, HttpError } from '../../errors.js';
import { credentialStamp } from '../../users/user-store.js';
import { currentUser } from '../current-user.js';

export interface AuthRoutesOptions {
  throttle: LoginThrottle;
  /** Sign-in attempts per client address and time window, failed or not. */
  loginRateLimit: { max: number; timeWindowMs: number };
  sessionCookieName: string;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, options) => {
  const { throttle } = options;

  app.post(
    '/login',
    {
      config: {
        auth: 'public',
        rateLimit: { max: options.loginRateLimit.max, timeWindow: options.loginRateLimit.timeWindowMs },
      },
      schema: {
        summary: 'Sign in: sets the session cookie',
        tags: ['auth'],
        body: LoginRequest,
        response: { 200: LoginResponse, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const lockedMs = throttle.lockedFor(username, request.ip);
      if (lockedMs > 0) {
        await app.audit.record({
          user: username,
          action: 'auth.login.refused',
          ip: request.ip,
          details: { reason: 'locked' },
        });
        throw lockedOut(lockedMs);
      }
      const user = await app.users.verify(username, password);
      if (!user) {
        const locked = throttle.fail(username, request.ip);
        await app.audit.record({ user: username, action: 'auth.login.failed', ip: request.ip });
        if (locked) await app.audit.record({ user: username, action: 'auth.lockout', ip: request.ip });
        throw new HttpError(401, ErrorCode.INVALID_CREDENTIALS, 'The user name or password is incorrect.');
      }
      throttle.succeed(username);
      // A new session id at sign-in, so that an id planted before sign-in is worthless afterwards.
      await request.session.regenerate();
      request.session.username = user.username;
      request.session.credentialStamp = credentialStamp(user);
      const csrfToken = reply.generateCsrf();
      await app.audit.record({ user: user.username, action: 'auth.login', via: 'session', ip: request.ip });
      return { username: user.username, role: user.role, csrfToken };
    },
  );

  app.post(
    '/logout',
    {
      config: { auth: 'user' },
      schema: {
        summary: 'Sign out: ends the session',
        tags: ['auth'],
        response: { 204: z.null(), ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      if (user.authenticatedBy === 'session') {
        await app.audit.recordRequest(request, { action: 'auth.logout' });
        await request.session.destroy();
        reply.clearCookie(options.sessionCookieName, { path: '/' });
      }
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { auth: 'user' },
      schema: {
        summary: 'The signed-in user',
        tags: ['auth'],
        response: { 200: CurrentUser, ...errorResponses(401) },
      },
    },
    async (request) => {
      const { username, role, authenticatedBy } = currentUser(request);
      return { username, role, authenticatedBy };
    },
  );

  app.get(
    '/csrf',
    {
      config: { auth: 'user' },
      schema: {
        summary: 'The CSRF token that cookie-authenticated writes send in the x-csrf-token header',
        tags: ['auth'],
        response: { 200: CsrfTokenResponse, ...errorResponses(401) },
      },
    },
    async (_request, reply) => ({ token: reply.generateCsrf() }),
  );
};

function lockedOut(ms: number): HttpError {
  const seconds = Math.ceil(ms / 1000);
  const minutes = Math.ceil(seconds / 60);
  return new HttpError(
    429,
    ErrorCode.SIGN_IN_LOCKED,
    `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { headers: { 'retry-after': String(seconds) } },
  );
}
