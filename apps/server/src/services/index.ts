export {
  applySettingsPatch,
  DEFAULT_STARTUP_TYPE,
  DEFAULT_STATE_SERVICE_SETTINGS,
  sameSettings,
  SERVICE_ERRORS,
  ServiceError,
  STATE_SERVICE_DISPLAY_NAME,
  STATE_SERVICE_NAME,
  type StateServiceController,
} from './controller.js';
export {
  BuiltinStateServiceController,
  DEFAULT_STATE_SERVER_BIN,
  serviceEnvironment,
  type BuiltinStateServiceControllerOptions,
} from './builtin-controller.js';
export {
  runCommand,
  STATE_SERVICE_PARAMETERS_KEY,
  systemTool,
  WindowsStateServiceController,
  type CommandResult,
  type CommandRunner,
  type WindowsStateServiceControllerOptions,
} from './windows-controller.js';
export {
  createStateServiceController,
  type CreateStateServiceControllerOptions,
} from './create-controller.js';
export { servicesDir, StateServiceConfigStore, type StateServiceConfig } from './settings-store.js';
export { startAutomaticServicesHook } from './automatic-start.js';
export * from './sc-output.js';
