// What a start-up hook is and how `npm start` runs the hooks. The list of hooks is startup-hooks.ts;
// a hook module imports its type from here (never the list), so no import cycle.
import type { FastifyBaseLogger } from 'fastify';
import type { App } from './app.js';

export interface StartupContext {
  app: App;
  /** The system drive root. */
  root: string;
  log: FastifyBaseLogger;
}

/**
 * Work that runs once the server listens, such as starting the services whose startup type is
 * Automatic. `run` may return a function that undoes it when the server stops.
 */
export interface StartupHook {
  name: string;
  run(context: StartupContext): Promise<void | (() => Promise<void>)> | void | (() => Promise<void>);
}

/**
 * Runs each hook in turn. A failing hook is reported and skipped: the console stays available to
 * fix what made it fail. Returns the stop functions, last first.
 */
export async function runStartupHooks(
  hooks: readonly StartupHook[],
  context: StartupContext,
  onError: (hook: StartupHook, error: unknown) => void = (hook, error) =>
    context.log.error({ err: error, hook: hook.name }, 'start-up hook failed'),
): Promise<Array<() => Promise<void>>> {
  const stops: Array<() => Promise<void>> = [];
  for (const hook of hooks) {
    try {
      const stop = await hook.run(context);
      if (typeof stop === 'function') stops.unshift(stop);
    } catch (error) {
      onError(hook, error);
    }
  }
  return stops;
}
