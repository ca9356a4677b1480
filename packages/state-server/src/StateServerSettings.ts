import { parseStoreUrl } from './storeUrl.js';

/**
 * Settings of the state service. The first four mirror the Windows service's registry values
 * (`Port`, `AllowRemoteConnection`, `SocketTimeout`) plus the product's `MaxBodySize`
 * (docs/state-protocol.md §8, §10.1); the rest are hardening limits of this implementation.
 */
export interface StateServerSettings {
  /** TCP port; 0 picks a free port (tests, benchmarks). */
  port: number;
  /**
   * Address to listen on. Undefined: loopback (127.0.0.1 and, where available, ::1) when remote
   * connections are off, every interface when they are on.
   */
  host: string | undefined;
  /** Off: only loopback peers are served, whatever address the listener is bound to. */
  allowRemoteConnection: boolean;
  /** Seconds one request may take from its first byte to its last body byte. */
  socketTimeout: number;
  /**
   * Seconds a connection may sit between requests (or before its first one) before it is closed;
   * 0 = never. ASP.NET's client pool drops idle sockets after 5 to 10 s, so a long value costs real
   * clients nothing and stops silent connections from holding slots forever.
   */
  idleTimeout: number;
  /** Largest request body in bytes; a larger `Content-Length` gets 400 and the connection closes. */
  maxBodySize: number;
  /** Largest request line plus headers in bytes. */
  maxHeaderBytes: number;
  /** Concurrent connections; further ones are closed at once. */
  maxConnections: number;
  /**
   * Where sessions live: `memory` (this process) or a Redis URL shared by several instances
   * (docs/state-store.md §1). May carry a password; never log it as it is (`maskStoreUrl`).
   */
  store: string;
  /** With Redis: every key starts with it, so several farms can share one Redis. */
  keyPrefix: string;
}

export const DEFAULT_STATE_SERVER_SETTINGS: Readonly<StateServerSettings> = Object.freeze({
  port: 42424,
  host: undefined,
  allowRemoteConnection: false,
  socketTimeout: 30,
  idleTimeout: 120,
  maxBodySize: 20 * 1024 * 1024,
  maxHeaderBytes: 8 * 1024,
  maxConnections: 10_000,
  store: 'memory',
  keyPrefix: 'aspnet_state:',
});

/** Redis' largest bulk string by default (`proto-max-bulk-len`): the largest item it can hold. */
const REDIS_MAX_ITEM_BYTES = 512 * 1024 * 1024;

interface IntegerRule {
  min: number;
  max: number;
}

const INTEGER_RULES: Record<
  'port' | 'socketTimeout' | 'idleTimeout' | 'maxBodySize' | 'maxHeaderBytes' | 'maxConnections',
  IntegerRule
> = {
  port: { min: 0, max: 65535 },
  socketTimeout: { min: 1, max: 86400 },
  idleTimeout: { min: 0, max: 86400 },
  maxBodySize: { min: 1024, max: 2147483647 },
  maxHeaderBytes: { min: 256, max: 1024 * 1024 },
  maxConnections: { min: 1, max: 1_000_000 },
};

/** The registry spelling (docs/state-protocol.md §8) of each setting, accepted in settings files. */
const REGISTRY_NAMES: Record<string, keyof StateServerSettings> = {
  Port: 'port',
  AllowRemoteConnection: 'allowRemoteConnection',
  SocketTimeout: 'socketTimeout',
  MaxBodySize: 'maxBodySize',
  Store: 'store',
  KeyPrefix: 'keyPrefix',
};

export class StateServerSettingsError extends Error {
  override name = 'StateServerSettingsError';
}

/**
 * Fills in defaults and validates. Accepts the camelCase names and the registry names (`Port`,
 * `AllowRemoteConnection` as 0/1, ...) so a settings file written by the console or copied from a
 * Windows registry export reads the same; keys it does not know (e.g. `startupType`) are ignored.
 */
export function resolveStateServerSettings(
  input: Readonly<Record<string, unknown>> = {},
): StateServerSettings {
  const settings: StateServerSettings = { ...DEFAULT_STATE_SERVER_SETTINGS };
  for (const [rawName, value] of Object.entries(input)) {
    const name = REGISTRY_NAMES[rawName] ?? rawName;
    if (value === undefined) continue;
    if (name === 'host') {
      if (value !== null && (typeof value !== 'string' || value.trim() === '')) {
        throw new StateServerSettingsError('host must be an IP address or host name');
      }
      settings.host = value === null ? undefined : value.trim();
    } else if (name === 'allowRemoteConnection') {
      if (value === true || value === 1) settings.allowRemoteConnection = true;
      else if (value === false || value === 0) settings.allowRemoteConnection = false;
      else throw new StateServerSettingsError('allowRemoteConnection must be true, false, 0 or 1');
    } else if (name === 'store') {
      if (typeof value !== 'string')
        throw new StateServerSettingsError('store must be "memory" or a Redis URL');
      let kind;
      try {
        kind = parseStoreUrl(value, {}).kind;
      } catch (error) {
        throw new StateServerSettingsError((error as Error).message);
      }
      settings.store = kind === 'memory' ? 'memory' : value.trim();
    } else if (name === 'keyPrefix') {
      if (typeof value !== 'string' || value.length > 200 || hasControlCharacter(value)) {
        throw new StateServerSettingsError(
          'keyPrefix must be at most 200 characters without control characters',
        );
      }
      settings.keyPrefix = value;
    } else if (name in INTEGER_RULES) {
      const key = name as keyof typeof INTEGER_RULES;
      const rule = INTEGER_RULES[key];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) {
        throw new StateServerSettingsError(`${key} must be an integer from ${rule.min} to ${rule.max}`);
      }
      settings[key] = value;
    }
  }
  if (settings.store !== 'memory' && settings.maxBodySize > REDIS_MAX_ITEM_BYTES) {
    throw new StateServerSettingsError(
      `maxBodySize must be at most ${REDIS_MAX_ITEM_BYTES} with a Redis store (Redis' largest value)`,
    );
  }
  return settings;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
