import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  resolveStateServerSettings,
  StateServerSettingsError,
  type StateServerSettings,
} from './StateServerSettings.js';

export const STATE_SERVER_USAGE = `Usage: aspnet-state [options]

  --port N                     TCP port (default 42424; 0 = any free port)
  --host ADDR                  address to listen on (default: loopback, or all with remote connections)
  --allow-remote-connection    serve clients on other machines (default: loopback clients only)
  --socket-timeout S           seconds one request may take to arrive (default 30)
  --idle-timeout S             seconds a connection may idle between requests (default 120, 0 = never)
  --max-body-bytes N           largest request body (default 20971520)
  --max-connections N          concurrent connections (default 10000)
  --store memory|URL           where sessions live (default memory): redis://[user:password@]host[:port][/db]
                               or rediss://… (TLS) shares them with every instance using that Redis;
                               the password may come from ASPNET_STATE_REDIS_PASSWORD instead
  --key-prefix P               prefix of every Redis key (default aspnet_state:)
  --settings FILE              JSON settings (port, allowRemoteConnection, socketTimeout, maxBodySize, ...
                               or the registry names Port, AllowRemoteConnection, SocketTimeout,
                               MaxBodySize); options on the command line win
  --status-file FILE           publish pid, addresses, settings and counters to FILE as JSON every
                               second (replaced atomically; removed at a clean stop)
  --help                       this text
`;

export interface StateServerArgs {
  help: boolean;
  settings: StateServerSettings;
  /** `--status-file`: where to publish the status (see startStatusFile). */
  statusFile: string | undefined;
}

/** Command-line options of the `aspnet-state` bin, merged over an optional settings file. */
export function parseStateServerArgs(argv: readonly string[]): StateServerArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-remote-connection': { type: 'boolean' },
        'socket-timeout': { type: 'string' },
        'idle-timeout': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'max-connections': { type: 'string' },
        store: { type: 'string' },
        'key-prefix': { type: 'string' },
        settings: { type: 'string' },
        'status-file': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new StateServerSettingsError((error as Error).message);
  }
  const { values } = parsed;
  const input: Record<string, unknown> =
    values.settings === undefined ? {} : readSettingsFile(values.settings);
  const integer = (option: string, name: string) => {
    const text = values[option as keyof typeof values];
    if (typeof text !== 'string') return;
    if (!/^\d+$/.test(text)) throw new StateServerSettingsError(`--${option} must be a whole number`);
    input[name] = Number(text);
  };
  integer('port', 'port');
  integer('socket-timeout', 'socketTimeout');
  integer('idle-timeout', 'idleTimeout');
  integer('max-body-bytes', 'maxBodySize');
  integer('max-connections', 'maxConnections');
  if (values.host !== undefined) input.host = values.host;
  if (values.store !== undefined) input.store = values.store;
  if (values['key-prefix'] !== undefined) input.keyPrefix = values['key-prefix'];
  if (values['allow-remote-connection'] === true) input.allowRemoteConnection = true;
  const statusFile = values['status-file'];
  if (statusFile !== undefined && statusFile.trim() === '') {
    throw new StateServerSettingsError('--status-file must name a file');
  }
  return { help: values.help === true, settings: resolveStateServerSettings(input), statusFile };
}

function readSettingsFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new StateServerSettingsError(`cannot read settings file ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new StateServerSettingsError(
      `settings file ${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StateServerSettingsError(`settings file ${path} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}
