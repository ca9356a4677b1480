import { resolve } from 'node:path';
import fp from 'fastify-plugin';
import { TokenStore } from '../tokens/token-store.js';
import { UserStore } from '../users/user-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The system drive root (absolute host path) every file of the product lives under. */
    systemDriveRoot: string;
    /** The console's users (`ProgramData/IISConsole/users.json`). */
    users: UserStore;
    /** API tokens (`ProgramData/IISConsole/tokens.json`). */
    tokens: TokenStore;
  }
}

export interface StoresPluginOptions {
  root: string;
}

/** The console's own state under `ProgramData/IISConsole` of the system drive root. */
export const storesPlugin = fp<StoresPluginOptions>(
  async (app, options) => {
    app.decorate('systemDriveRoot', resolve(options.root));
    app.decorate('users', UserStore.forRoot(options.root));
    app.decorate('tokens', TokenStore.forRoot(options.root));
  },
  { name: 'iisconsole-stores', fastify: '5.x' },
);
