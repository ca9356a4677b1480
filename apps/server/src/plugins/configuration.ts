import fp from 'fastify-plugin';
import { ConfigEngine, ConfigurationSystem, SessionStateFeature } from '@iis-console/config';
import { OverviewService } from '../overview/OverviewService.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The configuration system of the root: hierarchy, parse cache (checked on every read), commits, history. */
    configuration: ConfigurationSystem;
    /** The engine for any configuration section (attributes, elements, collections, locks). */
    configEngine: ConfigEngine;
    /** The Session State feature (`system.web/sessionState` and `sessionPageState`). */
    sessionState: SessionStateFeature;
    /** Effective session state of every site and application (in a worker thread), recomputed only where files changed. */
    sessionStateOverview: OverviewService;
  }
}

export interface ConfigurationPluginOptions {
  root: string;
  maxHistories?: number;
}

export const configurationPlugin = fp<ConfigurationPluginOptions>(
  async (app, options) => {
    const configuration = new ConfigurationSystem(options.root, { maxHistories: options.maxHistories });
    app.decorate('configuration', configuration);
    app.decorate('configEngine', new ConfigEngine(configuration));
    app.decorate('sessionState', new SessionStateFeature(configuration));
    const overview = new OverviewService(options.root, configuration);
    app.decorate('sessionStateOverview', overview);
    app.addHook('onClose', async () => overview.close());
    // Parse applicationHost.config once the server is ready, so the first request does not pay for it
    // (seconds on a 10,000-site server). A broken file is reported by the requests that need it.
    app.addHook('onReady', async () => {
      setImmediate(() => {
        try {
          configuration.serverTree();
        } catch {
          // reported per request
        }
      });
    });
  },
  { name: 'iisconsole-configuration', fastify: '5.x' },
);
