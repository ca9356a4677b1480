import fp from 'fastify-plugin';
import { ConfigurationSystem, SessionStateFeature, SessionStateOverview } from '@iis-console/config';

declare module 'fastify' {
  interface FastifyInstance {
    /** The configuration system of the root: hierarchy, parse cache (checked on every read), commits, history. */
    configuration: ConfigurationSystem;
    /** The Session State feature (`system.web/sessionState` and `sessionPageState`). */
    sessionState: SessionStateFeature;
    /** Effective session state of every site and application, recomputed only where files changed. */
    sessionStateOverview: SessionStateOverview;
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
    app.decorate('sessionState', new SessionStateFeature(configuration));
    app.decorate('sessionStateOverview', new SessionStateOverview(configuration));
  },
  { name: 'iisconsole-configuration', fastify: '5.x' },
);
