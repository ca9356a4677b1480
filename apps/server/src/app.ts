import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyHttpsOptions,
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { ErrorCode } from '@iis-console/contracts';
import { LoginThrottle, type LoginThrottleOptions } from './auth/login-throttle.js';
import { MemorySessionStore } from './auth/memory-session-store.js';
import { apiError, handleError, toApiError } from './errors.js';
import { createLogger, type LoggerOptions } from './logger.js';
import { defaultConsoleDist } from './paths.js';
import { auditPlugin } from './plugins/audit.js';
import { authPlugin } from './plugins/auth.js';
import { configurationPlugin } from './plugins/configuration.js';
import { consoleStaticPlugin } from './plugins/console-static.js';
import { farmPlugin } from './farm/plugin.js';
import { servicesPlugin, type ServicesPluginOptions } from './plugins/services.js';
import { storesPlugin } from './plugins/stores.js';
import { apiRoutes } from './routes/index.js';

/** The app as the routes see it: zod schemas give the request and reply types. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface BuildAppOptions {
  /** The system drive root every file lives under. */
  root: string;
  /** false (the default) logs nothing; true or options log with pino (secrets redacted and masked). */
  logger?: boolean | LoggerOptions;
  /** The console's Vite build (default `apps/console/dist`); false serves no console. */
  consoleDist?: string | false;
  /** Serve HTTPS: session cookies become `Secure`, and HSTS and upgrade-insecure-requests are sent. */
  https?: { key: string | Buffer; cert: string | Buffer } | null;
  /** Largest accepted request body in bytes (default 64 KiB); larger gets 413. */
  bodyLimit?: number;
  /** Requests per client address and window over the whole app (default 1000 a minute). */
  rateLimit?: { max: number; timeWindowMs: number };
  /** Sign-in attempts per client address and window (default 20 a minute). */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** Lockout after failed sign-ins (default: 5 per user or 20 per address in 15 minutes lock for 15 minutes). */
  loginThrottle?: LoginThrottleOptions;
  /** How many configuration history folders to keep (default 10, as IIS). */
  maxHistories?: number;
  /** Idle time after which a session ends (default 8 hours). */
  sessionTtlMs?: number;
  /** Which state service controller to use (default: chosen for the host), or a controller. */
  stateService?: Omit<ServicesPluginOptions, 'root'>;
  /** Server-to-server calls (the farm): time-out of one request, connect and answer (default 10 s). */
  farm?: { timeoutMs?: number };
}

export const SESSION_COOKIE = 'iisconsole.sid';
export const API_DOCS_PREFIX = '/api/docs';

/**
 * The IIS Console server: external plugins (security headers, rate limit, cookies, session, CSRF,
 * OpenAPI), then the console's own plugins (stores, audit log, authentication), then the routes.
 * Not started: call `listen()`, or `inject()` in tests; `close()` when done.
 */
export function buildApp(options: BuildAppOptions): App {
  const https = options.https ?? null;
  const serverOptions: FastifyServerOptions = {
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // The request id of a log line, never taken from a client header.
    requestIdHeader: false,
    frameworkErrors: (error, _request, reply) => {
      const body = toApiError(error);
      void (reply as FastifyReply).code(body.error.statusCode).send(body);
    },
  };
  if (options.logger) {
    serverOptions.loggerInstance = createLogger(options.logger === true ? {} : options.logger);
  }
  const app = (https
    ? Fastify({ ...serverOptions, https } as FastifyHttpsOptions<HttpsServer>)
    : Fastify(serverOptions)) as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  // External plugins.
  void app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const rateLimit = options.rateLimit ?? { max: 1000, timeWindowMs: 60_000 };
  void app.register(fastifyRateLimit, {
    global: true,
    max: rateLimit.max,
    timeWindow: rateLimit.timeWindowMs,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests. Try again in ${context.after}.`), {
        statusCode: context.statusCode,
      }),
  });
  void app.register(fastifyCookie);
  const sessionTtlMs = options.sessionTtlMs ?? 8 * 60 * 60_000;
  const sessionStore = new MemorySessionStore(sessionTtlMs);
  app.addHook('onClose', async () => sessionStore.close());
  void app.register(fastifySession, {
    // Sessions live in memory only, so a secret per process is enough: a restart signs everyone out.
    secret: randomBytes(32).toString('hex'),
    cookieName: SESSION_COOKIE,
    cookie: { path: '/', httpOnly: true, sameSite: 'strict', secure: https !== null, maxAge: sessionTtlMs },
    saveUninitialized: false,
    store: sessionStore,
  });
  void app.register(fastifyCsrfProtection, { sessionPlugin: '@fastify/session' });
  void app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'IIS Console API',
        description:
          'Sign in with POST /api/auth/login (session cookie; writes carry x-csrf-token from GET /api/auth/csrf) ' +
          'or send Authorization: Bearer <token>. Errors share one shape: { "error": { statusCode, code, message, … } }.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas registered with an id (`.meta({ id })`, required for recursive ones) become components.
    transformObject: jsonSchemaTransformObject,
  });
  void app.register(fastifySwaggerUi, { routePrefix: API_DOCS_PREFIX });

  // The console's own plugins.
  void app.register(storesPlugin, { root: options.root });
  void app.register(auditPlugin, { root: options.root });
  void app.register(configurationPlugin, { root: options.root, maxHistories: options.maxHistories });
  void app.register(servicesPlugin, { root: options.root, ...options.stateService });
  void app.register(authPlugin);
  void app.register(farmPlugin, { root: options.root, timeoutMs: options.farm?.timeoutMs });

  // Routes.
  void app.register(apiRoutes, {
    prefix: '/api',
    auth: {
      throttle: new LoginThrottle(options.loginThrottle),
      loginRateLimit: options.loginRateLimit ?? { max: 20, timeWindowMs: 60_000 },
      sessionCookieName: SESSION_COOKIE,
    },
  });
  if (options.consoleDist !== false) {
    void app.register(consoleStaticPlugin, { dist: options.consoleDist ?? defaultConsoleDist });
  }

  void app.after(() => {
    // Unknown URLs: the console's index.html for browser navigations, otherwise a 404 in the API's
    // shape. Rate-limited, so that probing unknown URLs costs the same as any other request.
    app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) => {
      if (app.hasDecorator('serveConsoleFallback') && app.serveConsoleFallback(request, reply)) return reply;
      const path = request.url.split('?', 1)[0] ?? '';
      return reply
        .code(404)
        .send(apiError(404, ErrorCode.NOT_FOUND, `No route ${request.method} ${path.slice(0, 200)}.`));
    });
  });

  return app;
}
