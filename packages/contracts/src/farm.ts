import { z } from 'zod';
import { FileDiff, SessionStatePatch } from './sessionState.js';

/**
 * Many servers (a farm): other IIS Consoles registered here, the `server=<id>` every config, tree,
 * overview, history and service route takes, and the farm's compare and apply (docs/farm.md).
 */

/** Error codes of server-to-server calls (the error shape is `ApiError`'s). */
export const FarmErrorCode = {
  /** The other server could not be reached (refused, reset, name not found, TLS failure). */
  SERVER_UNREACHABLE: 'SERVER_UNREACHABLE',
  /** The other server did not answer within the time-out. */
  SERVER_TIMEOUT: 'SERVER_TIMEOUT',
  /** The other server refused the stored (or offered) API token. */
  SERVER_TOKEN_REFUSED: 'SERVER_TOKEN_REFUSED',
  /** The other server presents another certificate than the one pinned. */
  SERVER_CERTIFICATE_CHANGED: 'SERVER_CERTIFICATE_CHANGED',
  /** No server is registered with this id. */
  SERVER_NOT_FOUND: 'SERVER_NOT_FOUND',
  /** The URL is not allowed (scheme, path, plain HTTP to another host without `allowInsecure`). */
  SERVER_URL: 'SERVER_URL',
  /** The name or URL is registered already. */
  SERVER_EXISTS: 'SERVER_EXISTS',
  /** The other side answers, but not as an IIS Console. */
  NOT_IIS_CONSOLE: 'NOT_IIS_CONSOLE',
} as const;
export type FarmErrorCode = (typeof FarmErrorCode)[keyof typeof FarmErrorCode];

/** The id of this console in `server=` and in the farm's lists. */
export const LOCAL_SERVER_ID = 'local';

export const ServerId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'A server id: lower-case letters, digits and "-".');

/** A SHA-256 certificate fingerprint as Node and OpenSSL print it: 32 hex bytes joined by ":". */
export const CertificateFingerprint = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/, 'A SHA-256 fingerprint (AA:BB:…, 32 bytes).'));

/**
 * The routes that take `server=<id>` and are answered by that server through this console:
 * configuration, tree, overview, history, services, the objects of applicationHost.config (sites,
 * applications, virtual directories, pools), content, machine key and the state server.
 */
export const FORWARDED_PREFIXES: readonly string[] = [
  '/api/config',
  '/api/tree',
  '/api/overview',
  '/api/history',
  '/api/services',
  '/api/sites',
  '/api/applications',
  '/api/virtual-directories',
  '/api/application-pools',
  '/api/application-pool-defaults',
  '/api/content',
  '/api/machine-key',
  '/api/state-server',
];

/** `url` (path, with or without a query) is one of FORWARDED_PREFIXES or below one. */
export function isForwardedRoute(url: string): boolean {
  const path = url.split('?', 1)[0]!.toLowerCase();
  return FORWARDED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** `server=<id>` on every config, tree, overview, history and service route (default `local`). */
export const ServerQuery = z.object({ server: ServerId.optional() });

export const RegisterServerRequest = z
  .object({
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[^\p{Cc}]+$/u, 'Control characters are not allowed.'),
    /** The other console's address: `https://host:port` (or `http://` on loopback). No path. */
    url: z.string().min(1).max(2048),
    /** An API token made on that server (`POST /api/tokens` there). Stored here, never returned. */
    token: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[\x21-\x7e]+$/, 'An API token: printable characters, no spaces.'),
    /** `http://` to a host other than loopback: the administrator confirms tokens travel unencrypted. */
    allowInsecure: z.boolean().optional(),
    /** For `https://`: the fingerprint the administrator expects; refused when the server shows another. */
    fingerprint: CertificateFingerprint.optional(),
  })
  .strict();
export type RegisterServerRequest = z.infer<typeof RegisterServerRequest>;

export const ServerSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** null for this console. */
  url: z.string().nullable(),
  local: z.boolean(),
  /** The pinned SHA-256 fingerprint of an `https://` server's certificate. */
  fingerprint: z.string().nullable(),
  allowInsecure: z.boolean(),
  /** Who the token signs in as on that server, and with which role, when it was checked. */
  remoteUser: z.string().nullable(),
  remoteRole: z.enum(['administrator', 'reader']).nullable(),
  addedBy: z.string().nullable(),
  addedAt: z.string().nullable(),
});
export type ServerSummary = z.infer<typeof ServerSummary>;

export const ServerList = z.object({ servers: z.array(ServerSummary) });
export type ServerList = z.infer<typeof ServerList>;

export const ServerParams = z.object({ id: ServerId });

/**
 * Before registering: what the console at `url` presents (no token is sent), so that an administrator
 * can compare an `https://` server's certificate fingerprint with the one shown on that server.
 */
export const ProbeServerRequest = z
  .object({ url: z.string().min(1).max(2048), allowInsecure: z.boolean().optional() })
  .strict();
export const ProbeServerResponse = z.object({
  /** The URL as it would be registered (a bare origin). */
  url: z.string(),
  /** The SHA-256 fingerprint of its certificate; null for `http://`. */
  fingerprint: z.string().nullable(),
});
export type ProbeServerResponse = z.infer<typeof ProbeServerResponse>;

/** A registered server now: whether it answers, and the certificate it presents against the pinned one. */
export const ServerStatus = z.object({
  id: z.string(),
  reachable: z.boolean(),
  /** The fingerprint it presents now (https, when it answered); null otherwise. */
  fingerprint: z.string().nullable(),
  /** It presents another certificate than the one pinned (Accept Certificate offers the new one). */
  certificateChanged: z.boolean(),
  /** Why it does not answer (`SERVER_UNREACHABLE`, `SERVER_TIMEOUT`, …). */
  code: z.string().optional(),
  message: z.string().optional(),
});
export type ServerStatus = z.infer<typeof ServerStatus>;

/** Accept the certificate an `https://` server presents now (after it changed): the fingerprint shown. */
export const AcceptCertificateRequest = z.object({ fingerprint: CertificateFingerprint }).strict();

export const FarmSessionStateQuery = z.object({
  /** Site path (`Default Web Site/shop`); empty = the server level. */
  path: z.string().max(2048).default(''),
  /** Comma-separated server ids (`local,web2`); default: this console and every registered server. */
  servers: z.string().max(4096).optional(),
});

export const FarmServerState = z.object({
  id: z.string(),
  name: z.string(),
  /** `ok`: read; `unreachable`: no answer (refused, time-out, certificate); `error`: it answered with an error. */
  status: z.enum(['ok', 'unreachable', 'error']),
  /** Why a server is not `ok`. */
  message: z.string().optional(),
  /** The error code (`SERVER_TIMEOUT`, `NOT_FOUND`, …) when not `ok`. */
  code: z.string().optional(),
});

/** One attribute across the servers: each reachable server's effective value and whether they agree. */
export const FarmAttributeRow = z.object({
  /** `system.web/sessionState`, `system.web/sessionPageState`, `system.web/machineKey`, or `site`. */
  section: z.string(),
  name: z.string(),
  /** Server id → effective value (null: the server is not `ok`, or has no such value, e.g. no site). */
  values: z.record(z.string(), z.string().nullable()),
  /** Every `ok` server has the same value (machine keys: compared unmasked, shown masked). */
  agree: z.boolean(),
});

export const FarmCheckCode = z.enum(['FarmSiteId', 'FarmMachineKey', 'FarmLoopbackStateServer']);

export const FarmCheck = z.object({
  code: FarmCheckCode,
  severity: z.enum(['error', 'warning']),
  /** One sentence: what is wrong and what happens to users' sessions. */
  message: z.string(),
  /** The servers concerned. */
  servers: z.array(z.string()),
});
export type FarmCheck = z.infer<typeof FarmCheck>;

export const FarmSessionStateResponse = z.object({
  path: z.string(),
  servers: z.array(FarmServerState),
  /** false when a server could not be read: agreement then covers the `ok` servers only. */
  complete: z.boolean(),
  attributes: z.array(FarmAttributeRow),
  checks: z.array(FarmCheck),
});
export type FarmSessionStateResponse = z.infer<typeof FarmSessionStateResponse>;

/**
 * `GET /api/farm/snapshot`: what the farm compares of this one console at a site path (asked by the
 * console comparing the farm, one request per server). Machine keys are never sent: an explicit key is
 * answered as `hmac-sha256:<hex>` of it under the caller's random salt, equal on two servers exactly
 * when the keys are, and useless beyond that one comparison.
 */
export const FarmSnapshotQuery = z.object({
  path: z.string().max(2048).default(''),
  /** Random, per comparison: 16 to 64 bytes as lower-case hex. */
  salt: z.string().regex(/^(?:[0-9a-f]{2}){16,64}$/, 'A salt: 16 to 64 bytes as lower-case hex.'),
});

export const FarmSnapshot = z.object({
  /** Session state attributes (both sections): name → section and effective value. */
  sessionState: z.record(z.string(), z.object({ section: z.string(), value: z.string() })),
  /** `system.web/machineKey` attributes: name → effective value (explicit keys as their salted HMAC). */
  machineKey: z.record(z.string(), z.string()),
  /** The site's ID; null when there is no such site; absent at the server level. */
  siteId: z.string().nullable().optional(),
});
export type FarmSnapshot = z.infer<typeof FarmSnapshot>;

const FarmChange = {
  path: z.string().max(2048).default(''),
  servers: z.array(ServerId).min(1).max(100),
  /** As `PATCH /api/config/session-state`: changed attributes, null reverts to the parent. */
  changes: SessionStatePatch,
};

/** `POST /api/farm/session-state/preview`: the change's diff on each server, nothing written. */
export const FarmPreviewRequest = z.object(FarmChange).strict();
export type FarmPreviewRequest = z.infer<typeof FarmPreviewRequest>;

export const FarmPreviewResult = z.object({
  id: z.string(),
  name: z.string(),
  /** `ok`: previewed; `refused`: that server said no (reason, e.g. a lock or a validation error); `failed`: no answer. */
  status: z.enum(['ok', 'refused', 'failed']),
  /** The change alters that server's files (false: it has these values already). */
  changed: z.boolean().optional(),
  /** The unified diff per file on that server. */
  files: z.array(FileDiff).optional(),
  /** The ETag the diff was computed on: sent back with Apply, so each server writes exactly what was shown. */
  etag: z.string().optional(),
  statusCode: z.number().int().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});
export type FarmPreviewResult = z.infer<typeof FarmPreviewResult>;

export const FarmPreviewResponse = z.object({ path: z.string(), results: z.array(FarmPreviewResult) });
export type FarmPreviewResponse = z.infer<typeof FarmPreviewResponse>;

export const FarmApplyRequest = z
  .object({
    ...FarmChange,
    /**
     * Server id → the ETag its preview was computed on: that server is written only if nothing changed
     * there since (else `refused`, 412). A server without one is read first and written with its
     * current ETag.
     */
    etags: z.record(ServerId, z.string().min(1).max(200)).optional(),
  })
  .strict();
export type FarmApplyRequest = z.infer<typeof FarmApplyRequest>;

export const FarmApplyResult = z.object({
  id: z.string(),
  name: z.string(),
  /** `applied`: written there; `refused`: that server said no (reason); `failed`: no answer. */
  status: z.enum(['applied', 'refused', 'failed']),
  statusCode: z.number().int().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  /** The server's new ETag after `applied`. */
  etag: z.string().optional(),
});

export const FarmApplyResponse = z.object({
  path: z.string(),
  results: z.array(FarmApplyResult),
  /** Every server applied the change. */
  allApplied: z.boolean(),
});
export type FarmApplyResponse = z.infer<typeof FarmApplyResponse>;
