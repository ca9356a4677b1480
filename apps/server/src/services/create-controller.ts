import {
  BuiltinStateServiceController,
  type BuiltinStateServiceControllerOptions,
} from './builtin-controller.js';
import type { StateServiceController } from './controller.js';
import {
  WindowsStateServiceController,
  type WindowsStateServiceControllerOptions,
} from './windows-controller.js';

export interface CreateStateServiceControllerOptions {
  /** The system drive root. */
  root: string;
  /**
   * `auto` (the default): the Windows service where the host is Windows and sc knows
   * `aspnet_state`, otherwise the product's own state service. `builtin` / `windows` force one.
   */
  kind?: 'auto' | 'builtin' | 'windows';
  /** The host's platform (default `process.platform`). */
  platform?: NodeJS.Platform;
  builtin?: Omit<BuiltinStateServiceControllerOptions, 'root'>;
  windows?: Omit<WindowsStateServiceControllerOptions, 'root'>;
}

/** The controller of the ASP.NET state service for this host (docs/state-protocol.md §10). */
export async function createStateServiceController(
  options: CreateStateServiceControllerOptions,
): Promise<StateServiceController> {
  const kind = options.kind ?? 'auto';
  const builtin = () => new BuiltinStateServiceController({ ...options.builtin, root: options.root });
  const windows = () => new WindowsStateServiceController({ ...options.windows, root: options.root });
  if (kind === 'builtin') return builtin();
  if (kind === 'windows') return windows();
  if ((options.platform ?? process.platform) === 'win32') {
    const controller = windows();
    if (await controller.isInstalled()) return controller;
  }
  return builtin();
}
