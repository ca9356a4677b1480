export { StateServer, type StateServerCounters, type StateServerOptions } from './StateServer.js';
export {
  DEFAULT_STATE_SERVER_SETTINGS,
  resolveStateServerSettings,
  StateServerSettingsError,
  type StateServerSettings,
} from './StateServerSettings.js';
export { SessionStore, DEFAULT_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES } from './SessionStore.js';
export type { SessionCounters } from './StateStore.js';
export { RedisStore, DEFAULT_KEY_PREFIX, type RedisStoreOptions } from './RedisStore.js';
export { StoreUnavailableError, type StateStore, type StoreStatus } from './StateStore.js';
export {
  maskStoreUrl,
  parseStoreUrl,
  REDIS_PASSWORD_VARIABLE,
  splitStorePassword,
  StoreUrlError,
  type StoreLocation,
} from './storeUrl.js';
export { testStore, type TestStoreResult } from './testStore.js';
export { StateClient, StateClientError, type PutOptions, type StateClientOptions } from './StateClient.js';
export type { StateReply } from './parseReply.js';
export {
  testConnection,
  type LookupFunction,
  type TestConnectionFailure,
  type TestConnectionOptions,
  type TestConnectionResult,
  type TestConnectionTarget,
} from './testConnection.js';
export { parseStateServerArgs, STATE_SERVER_USAGE, type StateServerArgs } from './parseStateServerArgs.js';
export {
  parseStateServerStatus,
  startStatusFile,
  STATUS_FILE_INTERVAL_MS,
  type StateServerStatus,
  type StatusFileWriter,
} from './statusFile.js';
export { stateResourceName } from './stateResourceName.js';
export { urlEncode } from './urlEncode.js';
export { isLoopback } from './isLoopback.js';
export { DEFAULT_ASPNET_VERSION } from './createResponseEncoder.js';
