export { buildApp, SESSION_COOKIE, API_DOCS_PREFIX, type App, type BuildAppOptions } from './app.js';
export {
  apiError,
  configErrorToApiError,
  CONFIG_ERROR_STATUS,
  errorResponses,
  handleError,
  HttpError,
  sendConfigError,
  toApiError,
} from './errors.js';
export { createLogger, REDACT_PATHS, type LoggerOptions } from './logger.js';
export { maskDeep, maskSecrets } from './mask.js';
export { summarizeDiff } from './audit/diff-summary.js';
export { AuditLog, type AuditRecord } from './audit/audit-log.js';
export type { Audit } from './plugins/audit.js';
export { WRITE_METHODS, type AccessPolicy, type AuthUser } from './plugins/auth.js';
export { currentUser } from './routes/current-user.js';
export { runStartupHooks, type StartupContext, type StartupHook } from './run-startup-hooks.js';
export { startupHooks } from './startup-hooks.js';
export { parseStartOptions, startServer, type RunningServer, type StartOptions } from './start.js';
export { runUsersCli } from './users-cli.js';
export { UserStore, UserStoreError, type UserRecord } from './users/user-store.js';
export { TokenStore, type TokenRecord } from './tokens/token-store.js';
export { consoleStateDir, resolveUnderRoot } from './paths.js';
