import { parseStateServerArgs, STATE_SERVER_USAGE } from './parseStateServerArgs.js';
import { StateServer } from './StateServer.js';
import { startStatusFile, type StatusFileWriter } from './statusFile.js';

/**
 * The `aspnet-state` process: parse options, listen, print one line, serve until SIGTERM/SIGINT.
 * Nothing is written per request (a busy service would drown its log).
 */
export async function main(argv: readonly string[]): Promise<void> {
  let args;
  try {
    args = parseStateServerArgs(argv);
  } catch (error) {
    process.stderr.write(`aspnet_state: ${(error as Error).message}\n\n${STATE_SERVER_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(STATE_SERVER_USAGE);
    return;
  }

  // Store events and failed requests, one timestamped line each; URLs appear without credentials.
  // The listening line comes first (the console and scripts read it); what the store says while the
  // listener starts waits for it.
  let held: string[] | undefined = [];
  const log = (line: string) => {
    const text = `${new Date().toISOString()} aspnet_state: ${line}\n`;
    if (held === undefined) process.stdout.write(text);
    else held.push(text);
  };
  const release = () => {
    const lines = held ?? [];
    held = undefined;
    for (const text of lines) process.stdout.write(text);
  };
  let server;
  try {
    server = new StateServer({ ...args.settings, log });
  } catch (error) {
    process.stderr.write(`aspnet_state: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  let address;
  try {
    address = await server.listen();
  } catch (error) {
    const { host, port } = args.settings;
    process.stderr.write(
      `aspnet_state: cannot listen on ${host ?? 'loopback'}:${port}: ${(error as Error).message}\n`,
    );
    release();
    process.exitCode = 1;
    return;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`aspnet_state listening on ${host}:${address.port}\n`);
  const store = server.storeStatus();
  if (store.kind === 'redis') {
    process.stdout.write(
      `aspnet_state store: ${store.address} (key prefix "${store.keyPrefix}")` +
        `${store.reachable ? '' : `, not reachable yet: ${store.lastError ?? 'connecting'}`}\n`,
    );
  }
  release();

  let status: StatusFileWriter | undefined;
  if (args.statusFile !== undefined) {
    status = startStatusFile(server, args.statusFile, {
      onError: (error) =>
        process.stderr.write(`aspnet_state: cannot write the status file: ${error.message}\n`),
    });
  }

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.all([server.close(), status?.close()]).then(() => process.exit(0));
  };
  // `on`, not `once`: a second signal during shutdown must not fall back to the default handler,
  // which would end the process by signal instead of with exit code 0.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
