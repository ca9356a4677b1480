import { FarmErrorCode } from '@iis-console/contracts';
import { HttpError } from '../errors.js';
import { jsonOf, peerErrorMessage, peerRequest } from './peer-client.js';

export interface ProbeResult {
  /** The certificate's SHA-256 fingerprint (https), or null (http). */
  fingerprint: string | null;
  remoteUser: string | null;
  remoteRole: 'administrator' | 'reader' | null;
}

/**
 * The certificate fingerprint an IIS Console at `url` presents (null for http://), from `GET
 * /api/health` without a token and without a pin: refused when it does not answer as an IIS Console.
 */
export async function presentedCertificate(
  url: string,
  options: { timeoutMs: number; label?: string },
): Promise<string | null> {
  const health = await peerRequest(
    { url, label: options.label ?? url },
    { method: 'GET', path: '/api/health', timeoutMs: options.timeoutMs },
  );
  if (health.status !== 200 || (jsonOf(health) as { status?: unknown } | undefined)?.status !== 'ok') {
    throw new HttpError(
      400,
      FarmErrorCode.NOT_IIS_CONSOLE,
      `The server at ${url} does not answer as an IIS Console (GET /api/health: HTTP ${health.status}).`,
    );
  }
  return health.fingerprint;
}

/**
 * Checks that `url` is an IIS Console that accepts `token`, before it is registered (or its new
 * certificate accepted): `GET /api/health` without a token, then `GET /api/auth/me` with it, over a
 * connection pinned to the certificate the first request saw (and, when given, to `expected`).
 */
export async function probeServer(
  url: string,
  token: string,
  options: { name: string; timeoutMs: number; expected?: string | undefined },
): Promise<ProbeResult> {
  const label = `"${options.name}" (${url})`;
  const fingerprint = await presentedCertificate(url, { timeoutMs: options.timeoutMs, label });
  if (options.expected !== undefined && fingerprint !== options.expected) {
    throw new HttpError(
      409,
      FarmErrorCode.SERVER_CERTIFICATE_CHANGED,
      fingerprint === null
        ? `${url} is plain HTTP: it has no certificate to check against ${options.expected}.`
        : `The server ${url} presents the certificate ${fingerprint}, not ${options.expected}: nothing was saved.`,
    );
  }
  const me = await peerRequest(
    { url, label, fingerprint: fingerprint ?? undefined },
    {
      method: 'GET',
      path: '/api/auth/me',
      timeoutMs: options.timeoutMs,
      headers: { authorization: `Bearer ${token}` },
    },
  );
  if (me.status === 401) {
    throw new HttpError(
      400,
      FarmErrorCode.SERVER_TOKEN_REFUSED,
      `The server at ${url} refused the token (${peerErrorMessage(me).message}) ` +
        'Make an API token there (POST /api/tokens, as an administrator) and use it here.',
    );
  }
  const user = jsonOf(me) as { username?: unknown; role?: unknown } | undefined;
  if (me.status !== 200 || typeof user?.username !== 'string') {
    throw new HttpError(
      400,
      FarmErrorCode.NOT_IIS_CONSOLE,
      `The server at ${url} does not answer as an IIS Console (GET /api/auth/me: HTTP ${me.status}).`,
    );
  }
  return {
    fingerprint,
    remoteUser: user.username,
    remoteRole: user.role === 'administrator' || user.role === 'reader' ? user.role : null,
  };
}
