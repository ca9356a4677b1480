import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { buildApp, type App } from './app.js';
import { AuditLog } from './audit/audit-log.js';
import { chooseRoot, prepareRoot } from './cli/root.js';
import { runStartupHooks, type StartupHook } from './run-startup-hooks.js';
import { startupHooks } from './startup-hooks.js';
import { ADMIN_USER, ensureAdminUser } from './users/ensure-admin.js';
import { UserStore } from './users/user-store.js';

export const DEFAULT_PORT = 8172;
export const DEFAULT_HOST = '127.0.0.1';

export interface StartOptions {
  root: string | undefined;
  port: number;
  host: string;
  cert: string | undefined;
  key: string | undefined;
  logLevel: string;
  /** Requests per minute per client address over the whole API (IISCONSOLE_RATE_LIMIT; default 1000). */
  rateLimitPerMinute?: number;
  consoleDist?: string | false;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const START_USAGE = `Usage: npm start -- [--root DIR] [--port N] [--host ADDR] [--cert FILE --key FILE]

  --root DIR    system drive root (env IISCONSOLE_ROOT; default: the demo root .demo/)
  --port N      port (env IISCONSOLE_PORT; default ${DEFAULT_PORT}; 0 picks a free port)
  --host ADDR   address to listen on (env IISCONSOLE_HOST; default ${DEFAULT_HOST})
  --cert FILE   TLS certificate (PEM) for HTTPS (env IISCONSOLE_TLS_CERT)
  --key FILE    TLS private key (PEM) for HTTPS (env IISCONSOLE_TLS_KEY)

IISCONSOLE_ADMIN_PASSWORD sets the password of the user "admin" (created if missing).
IISCONSOLE_LOG_LEVEL sets the server log level (default info).
IISCONSOLE_RATE_LIMIT sets the requests per minute per client address (default 1000).`;

/** Options from the command line, then the environment, then the defaults. */
export function parseStartOptions(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): StartOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        root: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const portText = values.port ?? (env.IISCONSOLE_PORT || String(DEFAULT_PORT));
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`Not a port number: "${portText}".`);
  const cert = values.cert ?? (env.IISCONSOLE_TLS_CERT || undefined);
  const key = values.key ?? (env.IISCONSOLE_TLS_KEY || undefined);
  if ((cert === undefined) !== (key === undefined)) {
    throw new UsageError('HTTPS needs both a certificate (--cert) and a private key (--key).');
  }
  return {
    root: values.root,
    port,
    host: values.host ?? (env.IISCONSOLE_HOST || DEFAULT_HOST),
    cert,
    key,
    logLevel: env.IISCONSOLE_LOG_LEVEL || 'info',
    ...(env.IISCONSOLE_RATE_LIMIT
      ? { rateLimitPerMinute: positiveInteger(env.IISCONSOLE_RATE_LIMIT, 'IISCONSOLE_RATE_LIMIT') }
      : {}),
  };
}

function positiveInteger(text: string, name: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${name} must be a whole number above 0, not "${text}".`);
  return Number(text);
}

export interface RunningServer {
  app: App;
  root: string;
  url: string;
  /** Stops the start-up hooks' work (last first), then the server. */
  close(): Promise<void>;
}

export interface StartIo {
  out(line: string): void;
  warn(line: string): void;
}

const consoleIo: StartIo = { out: (line) => console.log(line), warn: (line) => console.error(line) };

/** Prepares the root and the admin user, listens, runs the start-up hooks and says how to sign in. */
export async function startServer(
  options: StartOptions,
  env: NodeJS.ProcessEnv = process.env,
  io: StartIo = consoleIo,
  hooks: readonly StartupHook[] = startupHooks,
): Promise<RunningServer> {
  const choice = chooseRoot(options.root, env);
  if (await prepareRoot(choice)) io.out(`Created the demo root ${choice.root}`);
  const root = choice.root;

  const https =
    options.cert && options.key
      ? { cert: await readFile(options.cert), key: await readFile(options.key) }
      : null;

  const bootstrap = await ensureAdminUser(
    UserStore.forRoot(root),
    AuditLog.forRoot(root),
    env.IISCONSOLE_ADMIN_PASSWORD,
  );

  const app = buildApp({
    root,
    logger: { level: options.logLevel },
    https,
    ...(options.rateLimitPerMinute
      ? { rateLimit: { max: options.rateLimitPerMinute, timeWindowMs: 60_000 } }
      : {}),
    ...(options.consoleDist !== undefined ? { consoleDist: options.consoleDist } : {}),
  });
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `${https ? 'https' : 'http'}://${urlHost(options.host)}:${port}/`;

  const stops = await runStartupHooks(hooks, { app, root, log: app.log }, (hook, error) => {
    app.log.error({ err: error, hook: hook.name }, 'start-up hook failed');
    io.warn(`Warning: start-up step "${hook.name}" failed: ${(error as Error).message}`);
  });

  io.out(`IIS Console is running at ${url}`);
  io.out(`System drive root: ${root}${choice.demo ? ' (demo)' : ''}`);
  if (!isLoopback(options.host)) {
    io.warn(
      `Warning: listening on ${options.host}, so other machines can reach the console${https ? '' : ' over plain HTTP; use --cert and --key for HTTPS'}.`,
    );
  }
  switch (bootstrap.kind) {
    case 'generated':
      io.out(`Created the user "${ADMIN_USER}" with the password: ${bootstrap.password}`);
      io.out('The password is shown only this once. Change it with: npm run users -- passwd admin');
      break;
    case 'fromEnvironment':
      io.out(`Sign in as "${ADMIN_USER}" with the password in IISCONSOLE_ADMIN_PASSWORD.`);
      break;
    case 'existing':
      io.out(
        'Sign in with a user of this root (npm run users -- list; reset a password: npm run users -- passwd <name>).',
      );
      break;
  }

  let closing: Promise<void> | undefined;
  return {
    app,
    root,
    url,
    close: () =>
      (closing ??= (async () => {
        for (const stop of stops) {
          try {
            await stop();
          } catch (error) {
            app.log.error({ err: error }, 'stopping a start-up step failed');
          }
        }
        await app.close();
      })()),
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return isIP(host) === 6 ? '[::1]' : '127.0.0.1';
  return isIP(host) === 6 ? `[${host}]` : host;
}
