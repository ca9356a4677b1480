/**
 * The `--store` value (docs/state-store.md §1): `memory`, or
 * `redis://[user:password@]host[:port][/db]` / `rediss://…` (TLS). A password may also come from
 * `ASPNET_STATE_REDIS_PASSWORD`, so that it appears in no command line and no settings file.
 */
export type StoreLocation =
  | { kind: 'memory' }
  | {
      kind: 'redis';
      tls: boolean;
      host: string;
      port: number;
      db: number;
      username: string | undefined;
      password: string | undefined;
      /** `redis://host:port/db`: what logs and the console show; never carries credentials. */
      address: string;
    };

/** The variable a Redis password may come from when the URL has none. */
export const REDIS_PASSWORD_VARIABLE = 'ASPNET_STATE_REDIS_PASSWORD';

export class StoreUrlError extends Error {
  override name = 'StoreUrlError';
}

/** Parses a `--store` value; throws `StoreUrlError` with a message that never repeats a password. */
export function parseStoreUrl(
  text: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): StoreLocation {
  const value = text.trim();
  if (value === '' || value.toLowerCase() === 'memory') return { kind: 'memory' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StoreUrlError(
      'store must be "memory" or a Redis URL: redis://[user:password@]host[:port][/db] or rediss://…',
    );
  }
  const scheme = url.protocol.toLowerCase();
  if (scheme !== 'redis:' && scheme !== 'rediss:') {
    throw new StoreUrlError(`store URL must start with redis:// or rediss://, not ${scheme}//`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new StoreUrlError('store URL needs a host: redis://host:port');
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,5}$/.test(path)) {
    throw new StoreUrlError('the store URL path must be a database number, e.g. redis://host:6379/0');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new StoreUrlError('the store URL takes no query or fragment');
  }
  const db = path === '' ? 0 : Number(path);
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const fromUrl = url.password === '' ? undefined : decodeURIComponent(url.password);
  const fromEnv = env[REDIS_PASSWORD_VARIABLE];
  const password = fromUrl ?? (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    kind: 'redis',
    tls: scheme === 'rediss:',
    host,
    port,
    db,
    username,
    password,
    address: `${scheme}//${hostPart}:${port}/${db}`,
  };
}

/**
 * The store value with any password replaced by `***` (for settings shown by the API and the
 * console). A value that does not parse is returned with everything between `//` and `@` masked.
 */
export function maskStoreUrl(text: string): string {
  return text.replace(/^(rediss?:\/\/)([^@/]*)@/i, (_all, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return colon === -1 ? `${scheme}${userInfo}@` : `${scheme}${userInfo.slice(0, colon)}:***@`;
  });
}

/**
 * The store value without its password, and the password apart (decoded), so that a process can
 * be given the URL on its command line and the password in `ASPNET_STATE_REDIS_PASSWORD`.
 */
export function splitStorePassword(text: string): { store: string; password: string | undefined } {
  let password: string | undefined;
  const store = text.replace(/^(rediss?:\/\/)([^@/]*)@/i, (_all, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    if (colon === -1) return `${scheme}${userInfo}@`;
    const encoded = userInfo.slice(colon + 1);
    try {
      password = decodeURIComponent(encoded);
    } catch {
      password = encoded;
    }
    const user = userInfo.slice(0, colon);
    return user === '' ? scheme : `${scheme}${user}@`;
  });
  return { store, password: password === '' ? undefined : password };
}
