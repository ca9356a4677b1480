import { connect, type Socket } from 'node:net';
import { parseReply, type StateReply } from './parseReply.js';
import { urlEncode } from './urlEncode.js';

export interface StateClientOptions {
  /** Longest wait for one answer, in ms (ASP.NET's stateNetworkTimeout defaults to 10 s). */
  timeoutMs?: number;
}

export interface PutOptions {
  /** Minutes (default 20). */
  timeout?: number;
  /** The cookie from the acquire; 0 for a brand-new session (the default). */
  lockCookie?: number;
  /** 1 stores an uninitialized placeholder (CreateUninitializedItem). */
  extraFlags?: number;
}

export class StateClientError extends Error {
  override name = 'StateClientError';
}

interface Waiter {
  isHead: boolean;
  resolve: (reply: StateReply) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A client of the ASP.NET state protocol, sending what ASP.NET's StateServer provider sends
 * (docs/state-protocol.md §4.1, §5.2): `LockCookie`, lowercase `Exclusive` values, URL-encoded
 * resource names.
 * Requests may be issued without waiting; they are pipelined on one connection and answered in
 * order. Resource names are given unencoded (see `stateResourceName`).
 */
export class StateClient {
  private readonly waiters: Waiter[] = [];
  private buffer: Buffer | undefined;
  private failure: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly hostHeader: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(new StateClientError(`connection failed: ${error.message}`)));
    socket.on('close', () => this.fail(new StateClientError('connection closed by the state server')));
  }

  /** Opens a connection; rejects on refusal, unreachable host or after `timeoutMs`. */
  static connect(host: string, port: number, options: StateClientOptions = {}): Promise<StateClient> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new StateClientError(`connecting to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        const hostHeader = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
        resolve(new StateClient(socket, hostHeader, timeoutMs));
      });
    });
  }

  /** Plain read (read-only pages): 200 with the body and `timeout`, 404, or 423. */
  get(resource: string): Promise<StateReply> {
    return this.request('GET', resource, {});
  }

  /** Read and lock: 200 with `lockCookie`, 404, or 423 with `lockCookie`/`lockAge`/`lockDate`. */
  getExclusive(resource: string): Promise<StateReply> {
    return this.request('GET', resource, { Exclusive: 'acquire' });
  }

  /** Unlock without storing. */
  releaseExclusive(resource: string, lockCookie: number): Promise<StateReply> {
    return this.request('GET', resource, { Exclusive: 'release', LockCookie: lockCookie });
  }

  /** Store (and unlock). */
  put(resource: string, body: Uint8Array, options: PutOptions = {}): Promise<StateReply> {
    const headers: Record<string, string | number> = {
      LockCookie: options.lockCookie ?? 0,
      Timeout: options.timeout ?? 20,
    };
    if (options.extraFlags !== undefined) headers.ExtraFlags = options.extraFlags;
    return this.request('PUT', resource, headers, body);
  }

  /** Abandon a session. */
  remove(resource: string, lockCookie?: number): Promise<StateReply> {
    return this.request('DELETE', resource, lockCookie === undefined ? {} : { LockCookie: lockCookie });
  }

  /** Slide a session's expiry without reading it (HEAD). */
  resetTimeout(resource: string): Promise<StateReply> {
    return this.request('HEAD', resource, {});
  }

  /** Sends one request; `resource` is URL-encoded here. */
  request(
    verb: 'GET' | 'PUT' | 'DELETE' | 'HEAD',
    resource: string,
    headers: Record<string, string | number>,
    body?: Uint8Array,
  ): Promise<StateReply> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    let head = `${verb} ${urlEncode(resource)} HTTP/1.1\r\nHost: ${this.hostHeader}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    if (body !== undefined) head += `Content-Length: ${body.length}\r\n`;
    head += '\r\n';
    const bytes =
      body === undefined ? Buffer.from(head, 'latin1') : Buffer.concat([Buffer.from(head, 'latin1'), body]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new StateClientError(`no answer within ${this.timeoutMs} ms`));
        this.socket.destroy();
      }, this.timeoutMs);
      this.waiters.push({ isHead: verb === 'HEAD', resolve, reject, timer });
      this.socket.write(bytes);
    });
  }

  /** Closes the connection; requests still waiting are rejected. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
      // A server that never closes its side must not hold us.
      setTimeout(() => this.socket.destroy(), 1000).unref();
    });
  }

  private onData(chunk: Buffer): void {
    let buffer = this.buffer === undefined ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    for (;;) {
      const waiter = this.waiters[0];
      if (waiter === undefined) {
        if (offset < buffer.length) {
          this.fail(new StateClientError('the state server sent data nobody asked for'));
          this.socket.destroy();
        }
        break;
      }
      const result = parseReply(buffer, offset, waiter.isHead);
      if (result === undefined) break;
      if ('error' in result) {
        this.fail(new StateClientError(`not a state server answer: ${result.error}`));
        this.socket.destroy();
        return;
      }
      this.waiters.shift();
      clearTimeout(waiter.timer);
      waiter.resolve(result.reply);
      offset = result.end;
    }
    buffer = buffer.subarray(offset);
    this.buffer = buffer.length > 0 ? buffer : undefined;
  }

  private fail(error: Error): void {
    if (this.failure === undefined) this.failure = error;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
