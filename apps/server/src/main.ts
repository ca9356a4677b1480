#!/usr/bin/env node
// `npm start`: serves the console and the API against a system drive root.
import { parseStartOptions, START_USAGE, startServer, UsageError } from './start.js';

async function main(): Promise<void> {
  let options;
  try {
    options = parseStartOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${START_USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(START_USAGE);
    return;
  }

  const server = await startServer(options);
  const stop = (signal: NodeJS.Signals) => {
    server.app.log.info({ signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const err = error as NodeJS.ErrnoException;
  console.error(
    err.code === 'EADDRINUSE'
      ? `Cannot start: the address is already in use (${err.message}). Choose another with --port.`
      : `Cannot start: ${err.message}`,
  );
  process.exit(1);
});
