import { startAutomaticServicesHook } from './services/automatic-start.js';
import type { StartupHook } from './run-startup-hooks.js';

/** The hooks `npm start` runs, in order. Add a hook here to take part in start-up. */
export const startupHooks: StartupHook[] = [startAutomaticServicesHook];
