import { join } from 'node:path';
import { z } from 'zod';
import { StartupType, StateServiceSettings, type StateServicePatch } from '@iis-console/contracts';
import { JsonFile } from '../fs/json-file.js';
import { resolveUnderRoot } from '../paths.js';
import {
  applySettingsPatch,
  DEFAULT_KEY_PREFIX,
  DEFAULT_STARTUP_TYPE,
  DEFAULT_STORE,
  DEFAULT_STATE_SERVICE_SETTINGS,
  STATE_SERVICE_NAME,
} from './controller.js';

/** `ProgramData/IISConsole/services` under the root: the service's settings, pid file, status and log. */
export function servicesDir(root: string): string {
  return resolveUnderRoot(root, 'ProgramData', 'IISConsole', 'services');
}

/**
 * `aspnet_state.settings.json`: the startup type and the registry parameters of the built-in
 * service, flat as in `PATCH /api/services/aspnet_state`. Missing values take the defaults, so a
 * hand-written `{ "startupType": "Automatic" }` is enough.
 */
export const StateServiceConfigFile = z.object({
  startupType: StartupType.default(DEFAULT_STARTUP_TYPE),
  port: StateServiceSettings.shape.port.default(DEFAULT_STATE_SERVICE_SETTINGS.port),
  allowRemoteConnection: z.boolean().default(DEFAULT_STATE_SERVICE_SETTINGS.allowRemoteConnection),
  socketTimeout: StateServiceSettings.shape.socketTimeout.default(
    DEFAULT_STATE_SERVICE_SETTINGS.socketTimeout,
  ),
  /** `memory` or a Redis URL (docs/state-store.md); a password in it stays in this file (mode 0600). */
  store: z.string().min(1).max(2048).default(DEFAULT_STORE),
  keyPrefix: z.string().max(200).default(DEFAULT_KEY_PREFIX),
});
export type StateServiceConfigFile = z.infer<typeof StateServiceConfigFile>;

export interface StateServiceConfig {
  startupType: StartupType;
  settings: StateServiceSettings;
}

/** The built-in service's startup type and settings; writes are atomic and serialized. */
export class StateServiceConfigStore {
  readonly #file: JsonFile<StateServiceConfigFile>;

  constructor(file: string) {
    this.#file = new JsonFile(file, StateServiceConfigFile, () => StateServiceConfigFile.parse({}));
  }

  static forRoot(root: string): StateServiceConfigStore {
    return new StateServiceConfigStore(join(servicesDir(root), `${STATE_SERVICE_NAME}.settings.json`));
  }

  get file(): string {
    return this.#file.file;
  }

  async read(): Promise<StateServiceConfig> {
    return toConfig(await this.#file.read());
  }

  /** Applies a PATCH; returns the configuration before and after. */
  update(patch: StateServicePatch): Promise<{ before: StateServiceConfig; after: StateServiceConfig }> {
    return this.#file.update((data) => {
      const before = toConfig(data);
      const after: StateServiceConfig = {
        startupType: patch.startupType ?? before.startupType,
        settings: applySettingsPatch(before.settings, patch),
      };
      const { store = DEFAULT_STORE, keyPrefix = DEFAULT_KEY_PREFIX, ...rest } = after.settings;
      return {
        data: { startupType: after.startupType, ...rest, store, keyPrefix },
        result: { before, after },
      };
    });
  }
}

function toConfig(data: StateServiceConfigFile): StateServiceConfig {
  const { startupType, port, allowRemoteConnection, socketTimeout, store, keyPrefix } = data;
  return { startupType, settings: { port, allowRemoteConnection, socketTimeout, store, keyPrefix } };
}
