// `npm run service -- install|uninstall|status [options]`: the command line, checked and resolved.
import { posix, win32 } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_SERVICE_NAME = 'iis-console';
export const DEFAULT_PORT = 8172;
export const DEFAULT_HOST = '127.0.0.1';

export const SERVICE_USAGE = `Usage: npm run service -- <command> [options]

  install [--root DIR] [--port N] [--host ADDR] [--cert FILE --key FILE | --self-signed]
          [--name NAME] [--wrapper NSSM.EXE] [--dry-run]
      Registers IIS Console as a service that starts at boot with these options: a systemd unit
      on Linux, a Windows service (sc.exe, run by the NSSM service wrapper) on Windows.
      --root, --port, --host, --cert and --key default to IISCONSOLE_ROOT, IISCONSOLE_PORT,
      IISCONSOLE_HOST, IISCONSOLE_TLS_CERT and IISCONSOLE_TLS_KEY, then to the demo root,
      ${DEFAULT_PORT} and ${DEFAULT_HOST}, as for npm start.
      --self-signed   make a self-signed certificate under <root>/ProgramData/IISConsole/tls
                      (needs openssl) and print its SHA-256 fingerprint for pinning
      --wrapper FILE  Windows: the NSSM executable (default: nssm.exe on PATH)
  uninstall [--name NAME] [--dry-run]
      Stops the service and removes it.
  status [--name NAME]
      Says whether the service is installed, enabled and running.

  --name NAME   the service name (default ${DEFAULT_SERVICE_NAME})
  --dry-run     print what would be written and run; change nothing`;

export class ServiceUsageError extends Error {
  name = 'ServiceUsageError';
}

const COMMANDS = ['install', 'uninstall', 'status'];
const INSTALL_ONLY = ['root', 'port', 'host', 'cert', 'key', 'self-signed', 'wrapper'];

/**
 * Parses argv (after `npm run service --`). Returns 'help', or the command with its raw options;
 * paths are not resolved here (see `resolveInstallOptions`).
 */
export function parseServiceArgs(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        root: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        'self-signed': { type: 'boolean' },
        name: { type: 'string' },
        wrapper: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new ServiceUsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return 'help';
  if (positionals.length === 0) throw new ServiceUsageError('Say what to do: install, uninstall or status.');
  const [command, ...extra] = positionals;
  if (!COMMANDS.includes(command))
    throw new ServiceUsageError(`Unknown command "${command}": use install, uninstall or status.`);
  if (extra.length > 0) throw new ServiceUsageError(`Unexpected argument "${extra[0]}".`);
  if (command !== 'install') {
    const misplaced = INSTALL_ONLY.find((name) => values[name] !== undefined);
    if (misplaced) throw new ServiceUsageError(`--${misplaced} is an install option.`);
  }
  if (command === 'status' && values['dry-run'])
    throw new ServiceUsageError('status changes nothing: no --dry-run.');
  const name = values.name ?? DEFAULT_SERVICE_NAME;
  // Valid both as a systemd unit name and as a Windows service name (no slashes, no spaces).
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/.test(name) || name.endsWith('.service'))
    throw new ServiceUsageError(
      `Not a service name: "${name}" (letters, digits, "-", "_" and "." only, without ".service").`,
    );
  if (values['self-signed'] && (values.cert !== undefined || values.key !== undefined))
    throw new ServiceUsageError('Give either --cert and --key, or --self-signed, not both.');
  return {
    command,
    name,
    dryRun: values['dry-run'] === true,
    root: values.root,
    port: values.port,
    host: values.host,
    cert: values.cert,
    key: values.key,
    selfSigned: values['self-signed'] === true,
    wrapper: values.wrapper,
  };
}

/**
 * The install options as the service will run with them: the command line, then the environment
 * (the variables `npm start` reads), then the defaults; paths absolute for `platform`
 * ('linux' | 'windows'), relative ones against `cwd`. `root` stays undefined for the demo root.
 */
export function resolveInstallOptions(args, { env = {}, cwd, platform }) {
  const path = platform === 'windows' ? win32 : posix;
  const absolute = (file) => path.resolve(cwd, file);
  const portText = args.port ?? (env.IISCONSOLE_PORT || String(DEFAULT_PORT));
  if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535)
    throw new ServiceUsageError(`Not a port number for a service: "${portText}" (1-65535).`);
  const root = args.root ?? (env.IISCONSOLE_ROOT || undefined);
  let cert = args.cert;
  let key = args.key;
  if (!args.selfSigned && cert === undefined && key === undefined) {
    cert = env.IISCONSOLE_TLS_CERT || undefined;
    key = env.IISCONSOLE_TLS_KEY || undefined;
  }
  if ((cert === undefined) !== (key === undefined))
    throw new ServiceUsageError('HTTPS needs both a certificate (--cert) and a private key (--key).');
  const host = args.host ?? (env.IISCONSOLE_HOST || DEFAULT_HOST);
  if (host === '' || /\s/.test(host)) throw new ServiceUsageError(`Not an address: "${host}".`);
  // The server's own variables, fixed at install time (never IISCONSOLE_ADMIN_PASSWORD: no secrets in
  // a unit file or the registry).
  const environment = { IISCONSOLE_LOG_LEVEL: env.IISCONSOLE_LOG_LEVEL || 'info' };
  if (env.IISCONSOLE_RATE_LIMIT) environment.IISCONSOLE_RATE_LIMIT = env.IISCONSOLE_RATE_LIMIT;
  return {
    name: args.name,
    root: root === undefined ? undefined : absolute(root),
    port: Number(portText),
    host,
    cert: cert === undefined ? undefined : absolute(cert),
    key: key === undefined ? undefined : absolute(key),
    selfSigned: args.selfSigned,
    environment,
  };
}
