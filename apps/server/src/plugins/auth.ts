import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCode, type AuthenticatedBy, type Role } from '@iis-console/contracts';
import { HttpError } from '../errors.js';
import { credentialStamp } from '../users/user-store.js';

/** Who is making the request. */
export interface AuthUser {
  username: string;
  role: Role;
  authenticatedBy: AuthenticatedBy;
  /** The API token's id when `authenticatedBy` is `token`. */
  tokenId?: string;
}

/**
 * Who may call an `/api` route, set per route as `config: { auth: … }`:
 * - `administratorToWrite` (the default): any signed-in user reads; POST/PUT/PATCH/DELETE need an administrator;
 * - `user`: any signed-in user, any method (sign out, "who am I");
 * - `administrator`: administrators only, reads included (tokens, audit log);
 * - `public`: no sign-in (health, sign in).
 * Cookie-authenticated writes always need the CSRF token; bearer-token requests never do.
 */
export type AccessPolicy = 'public' | 'user' | 'administrator' | 'administratorToWrite';

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest/preHandler hook: any signed-in user (401 otherwise). */
    requireUser: onRequestHookHandler;
    /** onRequest/preHandler hook: administrators only (401 / 403). */
    requireAdministrator: onRequestHookHandler;
    /** onRequest/preHandler hook: any signed-in user reads; writes need an administrator (401 / 403). */
    requireAdministratorToWrite: onRequestHookHandler;
    /** The request's user (session cookie or bearer token), or null; resolved once per request. */
    authenticate(request: FastifyRequest): Promise<AuthUser | null>;
  }
  interface FastifyRequest {
    /** Set by `authenticate` (and so by every guard). */
    user: AuthUser | null;
  }
  interface FastifyContextConfig {
    auth?: AccessPolicy;
  }
  interface Session {
    username?: string;
    /** Fingerprint of the password hash at sign-in: a password change ends older sessions. */
    credentialStamp?: string;
  }
}

export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Authentication and the route guards. Every `/api` route registered after this plugin is guarded by
 * its `config.auth` policy (default `administratorToWrite`), so a route that forgets to say who may
 * call it is not open to everyone. Requires @fastify/session and @fastify/csrf-protection.
 */
export const authPlugin = fp(
  async (app) => {
    app.decorateRequest('user', null);
    const resolved = new WeakMap<FastifyRequest, Promise<AuthUser | null>>();

    async function resolve(request: FastifyRequest): Promise<AuthUser | null> {
      const header = request.headers.authorization;
      if (header !== undefined) {
        const match = BEARER.exec(header);
        if (!match?.[1]) {
          throw new HttpError(
            401,
            ErrorCode.INVALID_TOKEN,
            'The Authorization header must be "Bearer <token>".',
          );
        }
        const token = await app.tokens.find(match[1]);
        const user = token && (await app.users.get(token.createdBy));
        if (!token || !user) throw new HttpError(401, ErrorCode.INVALID_TOKEN, 'The API token is not valid.');
        return { username: user.username, role: user.role, authenticatedBy: 'token', tokenId: token.id };
      }
      const session = request.session as FastifyRequest['session'] | null | undefined;
      const username = session?.username;
      if (!username) return null;
      const user = await app.users.get(username);
      if (!user || session.credentialStamp !== credentialStamp(user)) return null;
      return { username: user.username, role: user.role, authenticatedBy: 'session' };
    }

    function authenticate(request: FastifyRequest): Promise<AuthUser | null> {
      let pending = resolved.get(request);
      if (!pending) {
        pending = resolve(request).then((user) => {
          request.user = user;
          return user;
        });
        resolved.set(request, pending);
      }
      return pending;
    }

    function guard(allowed: (request: FastifyRequest, user: AuthUser) => boolean): onRequestHookHandler {
      return function guardRequest(
        request: FastifyRequest,
        reply: FastifyReply,
        done: HookHandlerDoneFunction,
      ) {
        authenticate(request).then(
          (user) => {
            if (!user) {
              done(new HttpError(401, ErrorCode.UNAUTHORIZED, 'Sign in first.'));
              return;
            }
            if (!allowed(request, user)) {
              done(
                new HttpError(
                  403,
                  ErrorCode.FORBIDDEN,
                  `The ${user.role} "${user.username}" is not allowed to do this: it needs an administrator.`,
                ),
              );
              return;
            }
            if (user.authenticatedBy === 'session' && WRITE_METHODS.has(request.method)) {
              // Sends a 403 itself (through the error handler) when the token is missing or wrong.
              app.csrfProtection(request, reply, done);
              return;
            }
            done();
          },
          (error: Error) => done(error),
        );
      };
    }

    const requireUser = guard(() => true);
    const requireAdministrator = guard((_request, user) => user.role === 'administrator');
    const requireAdministratorToWrite = guard(
      (request, user) => user.role === 'administrator' || !WRITE_METHODS.has(request.method),
    );
    app.decorate('authenticate', authenticate);
    app.decorate('requireUser', requireUser);
    app.decorate('requireAdministrator', requireAdministrator);
    app.decorate('requireAdministratorToWrite', requireAdministratorToWrite);

    const guards: Record<Exclude<AccessPolicy, 'public'>, onRequestHookHandler> = {
      user: requireUser,
      administrator: requireAdministrator,
      administratorToWrite: requireAdministratorToWrite,
    };
    app.addHook('onRoute', (route) => {
      if (!isGuardedUrl(route.url)) return;
      const policy = route.config?.auth ?? 'administratorToWrite';
      if (policy === 'public') return;
      const existing =
        route.onRequest === undefined
          ? []
          : Array.isArray(route.onRequest)
            ? route.onRequest
            : [route.onRequest];
      route.onRequest = [...existing, guards[policy]];
    });
  },
  {
    name: 'iisconsole-auth',
    fastify: '5.x',
    dependencies: ['@fastify/session', '@fastify/csrf-protection', 'iisconsole-stores'],
  },
);

/** Every route under `/api` except the API description (`/api/docs`), which is public. */
function isGuardedUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  const path = url.toLowerCase();
  return (
    (path === '/api' || path.startsWith('/api/')) && path !== '/api/docs' && !path.startsWith('/api/docs/')
  );
}
