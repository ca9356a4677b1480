import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditRoutes } from './audit/index.js';
import { authRoutes, type AuthRoutesOptions } from './auth/index.js';
import { configRoutes } from './config/index.js';
import { configSectionRoutes } from './config-section/index.js';
import { configSearchRoutes } from './config-search/index.js';
import { healthRoutes } from './health.js';
import { historyRoutes } from './history/index.js';
import { overviewRoutes } from './overview/index.js';
import { serviceRoutes } from './services/index.js';
import { stateServerRoutes } from './state-server/index.js';
import { tokenRoutes } from './tokens/index.js';
import { applicationPoolRoutes } from './application-pools/index.js';
import { siteRoutes } from './sites/index.js';
import { machineKeyRoutes } from './machine-key/index.js';
import { treeRoutes } from './tree/index.js';
import { contentRoutes } from './content/index.js';
import { serverRoutes } from './servers/index.js';
import { farmRoutes } from './farm/index.js';

export interface ApiRoutesOptions {
  auth: AuthRoutesOptions;
}

/**
 * Every `/api` route, registered under the `/api` prefix. Routes are guarded by the auth plugin
 * according to `config.auth` (see AccessPolicy); the default lets signed-in users read and
 * administrators write.
 */
export const apiRoutes: FastifyPluginAsyncZod<ApiRoutesOptions> = async (app, options) => {
  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/auth', ...options.auth });
  await app.register(tokenRoutes, { prefix: '/tokens' });
  await app.register(auditRoutes, { prefix: '/audit' });
  await app.register(treeRoutes, { prefix: '/tree' });
  await app.register(contentRoutes, { prefix: '/content' });
  await app.register(configRoutes, { prefix: '/config' });
  await app.register(configSectionRoutes, { prefix: '/config' });
  await app.register(configSearchRoutes, { prefix: '/config' });
  await app.register(overviewRoutes, { prefix: '/overview' });
  await app.register(historyRoutes, { prefix: '/history' });
  await app.register(serviceRoutes, { prefix: '/services' });
  await app.register(stateServerRoutes, { prefix: '/state-server' });
  await app.register(applicationPoolRoutes);
  await app.register(siteRoutes);
  await app.register(machineKeyRoutes);
  await app.register(serverRoutes, { prefix: '/servers' });
  await app.register(farmRoutes, { prefix: '/farm' });
};
