import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  createResponseEncoder,
  DEFAULT_ASPNET_VERSION,
  type ResponseEncoder,
} from './createResponseEncoder.js';
import { isLoopback } from './isLoopback.js';
import { RedisStore } from './RedisStore.js';
import { SessionStore } from './SessionStore.js';
import { StateConnection } from './StateConnection.js';
import { resolveStateServerSettings, type StateServerSettings } from './StateServerSettings.js';
import type { SessionCounters, StateStore, StoreStatus } from './StateStore.js';
import { parseStoreUrl } from './storeUrl.js';

export interface StateServerOptions extends Partial<StateServerSettings> {
  /** The clock for session expiry and lock dates (epoch ms); tests pass one they can move. */
  now?: () => number;
  /** `X-AspNet-Version` value; major version 2 or more (docs/state-protocol.md §5.4). */
  aspNetVersion?: string;
  /** How often expired sessions are swept, in ms (ASP.NET's cache sweeps every 20 s). */
  sweepIntervalMs?: number;
  /** The service log: store events and failed requests, one line each, never a secret. */
  log?: (line: string) => void;
  /** Where `ASPNET_STATE_REDIS_PASSWORD` is read from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface StateServerCounters extends SessionCounters {
  /** Open client connections. */
  connections: number;
  /** Connections closed at once: non-loopback peers with remote connections off, or over the cap. */
  connectionsRefused: number;
  /** Connections closed by socketTimeout or idleTimeout. */
  connectionsTimedOut: number;
  /** Requests answered. */
  requests: number;
  /** Requests answered with 400. */
  badRequests: number;
  /** Requests the store could not run (answered with 400, docs/state-store.md §3). */
  storeFaults: number;
}

/** Granularity of the socketTimeout / idleTimeout checks. */
const CONNECTION_CHECK_MS = 250;

/**
 * The ASP.NET state service on a raw `net` listener (Node's `http` rejects the protocol's `%2f…`
 * request targets, docs/state-protocol.md §0.2). Construct, `listen()`, `close()`; `counters()` reports the
 * service's performance counters.
 */
export class StateServer {
  readonly settings: StateServerSettings;
  readonly store: StateStore;
  private readonly servers: Server[] = [];
  private readonly connections = new Set<StateConnection>();
  private readonly stats = { requests: 0, badRequests: 0, storeFaults: 0 };
  private refused = 0;
  private timedOut = 0;
  private readonly encode: ResponseEncoder;
  private readonly sweepIntervalMs: number;
  private timers: NodeJS.Timeout[] = [];

  constructor(options: StateServerOptions = {}) {
    const {
      now,
      aspNetVersion = DEFAULT_ASPNET_VERSION,
      sweepIntervalMs = 20_000,
      log = () => undefined,
      env = process.env,
      ...settings
    } = options;
    this.settings = resolveStateServerSettings(settings);
    if (!/^\d{1,5}\.\d{1,5}\.\d{1,6}$/.test(aspNetVersion) || parseInt(aspNetVersion, 10) < 2) {
      throw new RangeError(`aspNetVersion must look like 4.0.30319 with a major version of 2 or more`);
    }
    const location = parseStoreUrl(this.settings.store, env);
    this.store =
      location.kind === 'memory'
        ? new SessionStore(now)
        : new RedisStore({ location, keyPrefix: this.settings.keyPrefix, now, log });
    this.encode = createResponseEncoder(aspNetVersion);
    this.sweepIntervalMs = sweepIntervalMs;
  }

  /**
   * Starts listening. Without a `host` setting: 127.0.0.1 plus ::1 where the machine has it
   * (remote connections off), or every interface (on). Resolves with the first bound address.
   */
  async listen(): Promise<AddressInfo> {
    if (this.servers.length > 0) throw new Error('StateServer is already listening');
    const { host, allowRemoteConnection, port } = this.settings;
    if (host !== undefined) {
      await this.bind(host, port);
    } else if (allowRemoteConnection) {
      // '::' is dual-stack on Linux and Windows; fall back where IPv6 is disabled.
      await this.bind('::', port).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EAFNOSUPPORT' && error.code !== 'EADDRNOTAVAIL') throw error;
        return this.bind('0.0.0.0', port);
      });
    } else {
      const first = await this.bind('127.0.0.1', port);
      // Best effort: a client that resolves `localhost` to ::1 still finds the service.
      await this.bind('::1', first.port).catch(() => undefined);
    }
    // After binding, so that a service that cannot listen never touches the store.
    await this.store.open();
    const sweep = setInterval(() => {
      // A failed sweep is already in the log (the store reports its faults); the next one retries.
      void Promise.resolve()
        .then(() => this.store.sweep())
        .catch(() => undefined);
    }, this.sweepIntervalMs);
    const check = setInterval(() => this.checkConnections(), CONNECTION_CHECK_MS);
    // Neither timer may keep a process alive that has nothing else to do.
    sweep.unref();
    check.unref();
    this.timers = [sweep, check];
    return this.address();
  }

  /** The first bound address. */
  address(): AddressInfo {
    const address = this.servers[0]?.address();
    if (address === null || address === undefined || typeof address === 'string') {
      throw new Error('StateServer is not listening');
    }
    return address;
  }

  /** Every bound address (loopback mode may hold both 127.0.0.1 and ::1). */
  addresses(): AddressInfo[] {
    return this.servers.flatMap((s) => {
      const a = s.address();
      return a !== null && typeof a !== 'string' ? [a] : [];
    });
  }

  /** Stops listening and drops every connection; sessions are kept until the object goes. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    const servers = this.servers.splice(0);
    const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const connection of this.connections) connection.destroy();
    await Promise.all(closed);
    await this.store.close();
  }

  /** Whether a peer at `address` may use the service under the current settings. */
  acceptsPeer(address: string | undefined): boolean {
    return this.settings.allowRemoteConnection ? address !== undefined : isLoopback(address);
  }

  /** Removes expired sessions now (the periodic sweep does the same). */
  sweep(): number | Promise<number> {
    return this.store.sweep();
  }

  /** The store's kind and health (docs/state-store.md §4). */
  storeStatus(): StoreStatus {
    return this.store.status();
  }

  counters(): StateServerCounters {
    const sessions: SessionCounters = this.store.counters();
    return {
      ...sessions,
      connections: this.connections.size,
      connectionsRefused: this.refused,
      connectionsTimedOut: this.timedOut,
      requests: this.stats.requests,
      badRequests: this.stats.badRequests,
      storeFaults: this.stats.storeFaults,
    };
  }

  private bind(host: string, port: number): Promise<AddressInfo> {
    const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.accept(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', reject);
        // After binding, a listener error (e.g. EMFILE on accept) must not crash the process.
        server.on('error', () => undefined);
        this.servers.push(server);
        resolve(server.address() as AddressInfo);
      });
    });
  }

  private accept(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    if (!this.acceptsPeer(socket.remoteAddress) || this.connections.size >= this.settings.maxConnections) {
      this.refused++;
      socket.destroy();
      return;
    }
    const connection = new StateConnection(socket, {
      store: this.store,
      encode: this.encode,
      maxHeaderBytes: this.settings.maxHeaderBytes,
      maxBodySize: this.settings.maxBodySize,
      stats: this.stats,
    });
    this.connections.add(connection);
    socket.once('close', () => this.connections.delete(connection));
  }

  /**
   * socketTimeout bounds one request from its first byte to its last body byte
   * (docs/state-protocol.md §10.1); idleTimeout bounds the silence between requests. One timer for
   * all connections costs less than a timer per socket re-armed on every request.
   */
  private checkConnections(): void {
    const now = performance.now();
    const requestLimit = this.settings.socketTimeout * 1000;
    const idleLimit = this.settings.idleTimeout * 1000;
    for (const connection of this.connections) {
      const late =
        connection.requestStartedAt !== 0
          ? now - connection.requestStartedAt > requestLimit
          : idleLimit > 0 && now - connection.lastActivityAt > idleLimit;
      if (late) {
        this.timedOut++;
        this.connections.delete(connection);
        connection.destroy();
      }
    }
  }
}
