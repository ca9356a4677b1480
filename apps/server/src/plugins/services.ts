import fp from 'fastify-plugin';
import type { StateServiceController } from '../services/controller.js';
import {
  createStateServiceController,
  type CreateStateServiceControllerOptions,
} from '../services/create-controller.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The ASP.NET state service (`aspnet_state`): the product's own process, or the Windows service. */
    stateService: StateServiceController;
  }
}

export interface ServicesPluginOptions extends CreateStateServiceControllerOptions {
  /** A controller to use instead of creating one. */
  controller?: StateServiceController;
}

/**
 * The services the console controls. Closing the app leaves them running (they are not the
 * console's); it only waits for an operation in progress.
 */
export const servicesPlugin = fp<ServicesPluginOptions>(
  async (app, options) => {
    const { controller: given, ...create } = options;
    const controller = given ?? (await createStateServiceController(create));
    app.decorate('stateService', controller);
    app.addHook('onClose', async () => controller.close());
  },
  { name: 'iisconsole-services', fastify: '5.x' },
);
