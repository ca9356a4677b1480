import type {
  ServiceStatus,
  StartupType,
  StateServicePatch,
  StateServiceResponse,
  StateServiceSettings,
} from '@iis-console/contracts';

/** The service's key name (docs/state-protocol.md §9.1); the API's `/api/services/aspnet_state`. */
export const STATE_SERVICE_NAME = 'aspnet_state';
/** Its display name in the Services console. */
export const STATE_SERVICE_DISPLAY_NAME = 'ASP.NET State Service';

/** The registry defaults (docs/state-protocol.md §8, §10.1): port 42424, loopback clients only, 30 s. */
export const DEFAULT_STATE_SERVICE_SETTINGS: Readonly<StateServiceSettings> = Object.freeze({
  port: 42424,
  allowRemoteConnection: false,
  socketTimeout: 30,
});

/** Windows installs the service for manual start (docs/state-protocol.md §9.1). */
export const DEFAULT_STARTUP_TYPE: StartupType = 'Manual';

/**
 * Controls the ASP.NET state service: the product's own state server process on Linux (and any host
 * without aspnet_state), the real `aspnet_state` Windows service through sc.exe and reg.exe on
 * Windows. Settings are read by the service when it starts (docs/state-protocol.md §10.1): `configure`
 * saves them at once, and `restartRequired` says the running service still uses older ones.
 *
 * Refusals throw `ServiceError` with the Win32 code and text that sc prints
 * (docs/state-protocol.md §9.4).
 */
export interface StateServiceController {
  readonly kind: StateServiceResponse['controller'];
  /** Status, startup type, settings (saved and in force), pid and counters. Never changes anything. */
  describe(): Promise<StateServiceResponse>;
  /**
   * Starts the service and waits until it accepts connections (or a time limit passes, leaving it
   * StartPending). 1058 when Disabled, 1056 when it is not stopped, 1067 when the process ends
   * before it listens (with the reason it gave).
   */
  start(): Promise<StateServiceResponse>;
  /** Stops the service and waits until it has ended. 1062 when it is not running. */
  stop(): Promise<StateServiceResponse>;
  /** Stop (when running) and start. 1058 when Disabled, checked before anything is stopped. */
  restart(): Promise<StateServiceResponse>;
  /** Saves the startup type and settings; the service keeps running with what it started with. */
  configure(patch: StateServicePatch): Promise<StateServiceResponse>;
  /**
   * The console's start-up (docs/design.md: "It starts every service whose startup type is Automatic"):
   * starts the service when Automatic and not running; a service still running from an earlier
   * console run is left as it is.
   */
  startIfAutomatic(): Promise<'started' | 'already-running' | 'not-automatic'>;
  /** Releases what this object holds (after in-flight operations); the service itself keeps running. */
  close(): Promise<void>;
  /**
   * The store URL a Test should dial for what the page sent: the saved store (with its password)
   * when `store` is its masked form. Only services that can use another store have it.
   */
  resolveStore?(store: string): Promise<string>;
}

/**
 * The Win32 errors sc reports for the operations the console performs (docs/state-protocol.md §9.4),
 * and a few more.
 */
export const SERVICE_ERRORS = {
  2: { name: 'ERROR_FILE_NOT_FOUND', message: 'The system cannot find the file specified.' },
  5: { name: 'ERROR_ACCESS_DENIED', message: 'Access is denied.' },
  1053: {
    name: 'ERROR_SERVICE_REQUEST_TIMEOUT',
    message: 'The service did not respond to the start or control request in a timely fashion.',
  },
  1056: { name: 'ERROR_SERVICE_ALREADY_RUNNING', message: 'An instance of the service is already running.' },
  1058: {
    name: 'ERROR_SERVICE_DISABLED',
    message:
      'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
  },
  1060: {
    name: 'ERROR_SERVICE_DOES_NOT_EXIST',
    message: 'The specified service does not exist as an installed service.',
  },
  1061: {
    name: 'ERROR_SERVICE_CANNOT_ACCEPT_CTRL',
    message: 'The service cannot accept control messages at this time.',
  },
  1062: { name: 'ERROR_SERVICE_NOT_ACTIVE', message: 'The service has not been started.' },
  1067: { name: 'ERROR_PROCESS_ABORTED', message: 'The process terminated unexpectedly.' },
} as const satisfies Record<number, { name: string; message: string }>;

export type KnownServiceError = keyof typeof SERVICE_ERRORS;

/** A refused or failed service operation: the Win32 code (when there is one) and sc's message. */
export class ServiceError extends Error {
  override name = 'ServiceError';
  /** Win32 error code (1056, 1058, 1060, 1062, …); undefined when the failure has none. */
  readonly win32Code: number | undefined;
  /** A stable code for the API: the Win32 symbolic name, or SERVICE_CONTROL_FAILED. */
  readonly code: string;

  constructor(win32Code: number | undefined, message?: string) {
    const known = win32Code !== undefined ? SERVICE_ERRORS[win32Code as KnownServiceError] : undefined;
    super(message ?? known?.message ?? `The service operation failed (error ${win32Code ?? 'unknown'}).`);
    this.win32Code = win32Code;
    this.code = known?.name ?? 'SERVICE_CONTROL_FAILED';
  }

  /** One of the known errors with its exact text, plus an optional explanation after it. */
  static of(win32Code: KnownServiceError, detail?: string): ServiceError {
    const text = SERVICE_ERRORS[win32Code].message;
    return new ServiceError(win32Code, detail ? `${text} ${detail}` : text);
  }
}

/** The store when a service has none set: sessions in its own memory. */
export const DEFAULT_STORE = 'memory';
/** The Redis key prefix when none is set (docs/state-store.md §1). */
export const DEFAULT_KEY_PREFIX = 'aspnet_state:';

/** Whether two settings are the same (the running service's and the saved ones). */
export function sameSettings(a: StateServiceSettings, b: StateServiceSettings): boolean {
  return (
    a.port === b.port &&
    a.allowRemoteConnection === b.allowRemoteConnection &&
    a.socketTimeout === b.socketTimeout &&
    (a.store ?? DEFAULT_STORE) === (b.store ?? DEFAULT_STORE) &&
    (a.keyPrefix ?? DEFAULT_KEY_PREFIX) === (b.keyPrefix ?? DEFAULT_KEY_PREFIX)
  );
}

/** The settings part of a PATCH applied to `settings`. */
export function applySettingsPatch(
  settings: StateServiceSettings,
  patch: StateServicePatch,
): StateServiceSettings {
  const next: StateServiceSettings = {
    port: patch.port ?? settings.port,
    allowRemoteConnection: patch.allowRemoteConnection ?? settings.allowRemoteConnection,
    socketTimeout: patch.socketTimeout ?? settings.socketTimeout,
  };
  const store = patch.store ?? settings.store;
  if (store !== undefined) next.store = store;
  const keyPrefix = patch.keyPrefix ?? settings.keyPrefix;
  if (keyPrefix !== undefined) next.keyPrefix = keyPrefix;
  return next;
}

export type { ServiceStatus, StartupType, StateServicePatch, StateServiceResponse, StateServiceSettings };
