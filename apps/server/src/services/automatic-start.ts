import type { StartupHook } from '../run-startup-hooks.js';
import { STATE_SERVICE_NAME } from './controller.js';

/**
 * `npm start` starts every service whose startup type is Automatic (docs/design.md). A state service still
 * running from an earlier console run is left alone, and nothing is stopped when the console
 * stops: like a Windows service, it does not belong to the console's process.
 */
export const startAutomaticServicesHook: StartupHook = {
  name: 'start the ASP.NET State Service (startup type Automatic)',
  async run({ app, log }) {
    if (!app.hasDecorator('stateService')) return;
    const result = await app.stateService.startIfAutomatic();
    if (result === 'not-automatic') return;
    const state = await app.stateService.describe();
    if (result === 'already-running') {
      log.info({ pid: state.pid, status: state.status }, 'the ASP.NET State Service is already running');
      return;
    }
    log.info(
      { pid: state.pid, port: state.settings.port, status: state.status },
      'started the ASP.NET State Service (startup type Automatic)',
    );
    await app.audit.record({
      user: 'system',
      via: 'system',
      action: 'service.start',
      target: STATE_SERVICE_NAME,
      details: { reason: 'startup type Automatic', status: state.status, pid: state.pid },
    });
  },
};
