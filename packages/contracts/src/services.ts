import { z } from 'zod';

/** Windows service states the console shows (`sc query` STATE). */
export const ServiceStatus = z.enum(['Stopped', 'StartPending', 'Running', 'StopPending']);
export type ServiceStatus = z.infer<typeof ServiceStatus>;

/** `sc config start=`: demand = Manual, auto = Automatic, disabled = Disabled. */
export const StartupType = z.enum(['Manual', 'Automatic', 'Disabled']);
export type StartupType = z.infer<typeof StartupType>;

/** The service's registry parameters (`HKLM\SYSTEM\CurrentControlSet\Services\aspnet_state\Parameters`). */
export const StateServiceSettings = z.object({
  /** `Port` (default 42424); must match the port of `stateConnectionString`. */
  port: z.number().int().min(1).max(65535),
  /** `AllowRemoteConnection`: off = loopback clients only. */
  allowRemoteConnection: z.boolean(),
  /** `SocketTimeout` in seconds: the server-side counterpart of `stateNetworkTimeout`. */
  socketTimeout: z.number().int().min(1).max(86400),
  /**
   * Where sessions live: `memory`, or a Redis URL (`redis://[user:password@]host:port[/db]`,
   * `rediss://…`) shared by every instance using it. Answers mask the password (`:***@`). Absent
   * where the service has no choice (Windows' aspnet_state keeps sessions in memory).
   */
  store: z.string().min(1).max(2048).optional(),
  /** With Redis: the prefix of every key (default `aspnet_state:`). */
  keyPrefix: z.string().max(200).optional(),
});
export type StateServiceSettings = z.infer<typeof StateServiceSettings>;

export const StateServiceCounters = z.object({
  activeSessions: z.number().int(),
  totalSessions: z.number().int(),
  sessionsTimedOut: z.number().int(),
  sessionsAbandoned: z.number().int(),
  bytesInMemory: z.number().int(),
  connections: z.number().int(),
});
export type StateServiceCounters = z.infer<typeof StateServiceCounters>;

/** The running service's store and its health (docs/state-store.md §4). */
export const StateServiceStore = z.object({
  kind: z.enum(['memory', 'redis']),
  /** Redis: `redis://host:port/db`, never with credentials. */
  address: z.string().optional(),
  keyPrefix: z.string().optional(),
  reachable: z.boolean(),
  /** Redis: round trip of the service's last health check, ms. */
  roundTripMs: z.number().optional(),
  /** Redis: state service instances sharing this store (checked in within 10 s), this one included. */
  instances: z.number().int().optional(),
  /** Redis: why it cannot be reached. */
  lastError: z.string().optional(),
});
export type StateServiceStore = z.infer<typeof StateServiceStore>;

/** `GET /api/services/aspnet_state`. */
export const StateServiceResponse = z.object({
  name: z.literal('aspnet_state'),
  displayName: z.string(),
  status: ServiceStatus,
  startupType: StartupType,
  /** Settings in force for the next start (a running service uses what it was started with). */
  settings: StateServiceSettings,
  /** Settings the running process was started with (null when stopped). */
  runningSettings: StateServiceSettings.nullable(),
  pid: z.number().int().nullable(),
  /** `builtin` (this product's state service) or `windows` (the real aspnet_state through sc.exe). */
  controller: z.enum(['builtin', 'windows']),
  counters: StateServiceCounters.nullable(),
  /** The running service's store and its health; null when stopped or not known. */
  store: StateServiceStore.nullable().optional(),
  /** Settings changed since the start: a restart applies them. */
  restartRequired: z.boolean(),
  /**
   * Why the service is Stopped when the console did not stop it: it ended on its own or could not
   * listen (sc's 1067 text, the exit code, its last words such as the bind error), or it was stopped
   * from outside. Absent otherwise.
   */
  lastFailure: z.string().optional(),
});
export type StateServiceResponse = z.infer<typeof StateServiceResponse>;

/** `PATCH /api/services/aspnet_state`: startup type and settings. */
export const StateServicePatch = z
  .object({
    startupType: StartupType,
    port: StateServiceSettings.shape.port,
    allowRemoteConnection: z.boolean(),
    socketTimeout: StateServiceSettings.shape.socketTimeout,
    store: z.string().min(1).max(2048),
    keyPrefix: z.string().max(200),
  })
  .partial()
  .strict();
export type StateServicePatch = z.infer<typeof StateServicePatch>;

/** `POST /api/state-server/test-store`: can the service's store be reached from here? */
export const TestStoreRequest = z.object({
  /** `memory` or a Redis URL as typed on the page (a masked password means the saved one). */
  store: z.string().min(1).max(2048),
  timeoutMs: z.number().int().min(100).max(30_000).optional(),
});
export const TestStoreResponse = z.object({
  ok: z.boolean(),
  /** The address tested, without credentials. */
  address: z.string(),
  /** `redis_version` of the server that answered. */
  version: z.string().optional(),
  roundTripMs: z.number().optional(),
  /** What failed: invalid-store, refused, name-not-resolved, timed-out, auth-failed, not-redis, unreachable. */
  failure: z.string().optional(),
  message: z.string(),
});
export type TestStoreResponse = z.infer<typeof TestStoreResponse>;

/** `POST /api/state-server/test-connection`. */
export const TestConnectionRequest = z.object({
  /** A state server connection string (`tcpip=host:port`) as typed in the page. */
  connectionString: z.string().min(1).max(1024),
  timeoutMs: z.number().int().min(100).max(30_000).optional(),
});
export const TestConnectionResponse = z.object({
  ok: z.boolean(),
  host: z.string(),
  port: z.number().int(),
  /** X-AspNet-Version of the server that answered. */
  version: z.string().optional(),
  roundTripMs: z.number().optional(),
  /** What failed: name-not-resolved, refused, timed-out, not-a-state-server, invalid-connection-string, unreachable. */
  failure: z.string().optional(),
  message: z.string(),
});
export type TestConnectionResponse = z.infer<typeof TestConnectionResponse>;
