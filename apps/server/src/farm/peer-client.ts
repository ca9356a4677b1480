// Server-to-server HTTP: one request to another IIS Console with a time-out over connect and response,
// and, for https://, the certificate pinned to a SHA-256 fingerprint. The TLS handshake is finished and
// the fingerprint checked before the request (and its token) is written to the socket. Registered
// servers are asked over kept-alive connections (one pool per origin and pinned certificate).
import { Agent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { FarmErrorCode } from '@iis-console/contracts';
import { HttpError } from '../errors.js';

/** Connect plus the whole response, per request to another server. */
export const PEER_TIMEOUT_MS = 10_000;
/** Largest response body accepted from another server. */
export const PEER_MAX_BODY = 32 * 1024 * 1024;

export interface PeerTarget {
  /** The server's origin: `https://host:port`. */
  url: string;
  /** Pinned SHA-256 fingerprint (`AA:BB:…`) for https; undefined accepts any and reports it. */
  fingerprint?: string | undefined;
  /** A name for messages (`"web2" (https://…)`). */
  label: string;
  /**
   * Where the connection is kept open for the next request to the same origin and pin (a registered
   * server). One-off requests (probing a server before it is registered) have none: theirs closes.
   */
  connections?: PeerConnections | undefined;
}

export interface PeerRequest {
  method: string;
  /** Path and query, starting with `/`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface PeerResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The certificate's SHA-256 fingerprint (https only). */
  fingerprint: string | null;
}

/** Why a request to another server got no answer: unreachable, time-out or a changed certificate. */
export class PeerError extends HttpError {
  constructor(code: FarmErrorCode, statusCode: 502 | 504, message: string) {
    super(statusCode, code, message);
    this.name = 'PeerError';
  }
}

export function certificateChanged(label: string, pinned: string, presented: string): PeerError {
  return new PeerError(
    FarmErrorCode.SERVER_CERTIFICATE_CHANGED,
    502,
    `The certificate of ${label} changed: it was ${pinned} when the server was added and is ${presented} now. ` +
      'Nothing was sent. If the server really has a new certificate, an administrator accepts it ' +
      '(POST /api/servers/<id>/accept-certificate with the new fingerprint).',
  );
}

/** The TLS socket to `url`, handshake done and its certificate checked against `pin`. */
function connectPinned(url: URL, target: PeerTarget, signal: AbortSignal): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tlsConnect({
      host,
      port: Number(url.port || 443),
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
      // Trust comes from the pinned fingerprint (as SSH's known hosts), not from a CA: self-signed
      // certificates are what farm members made by `npm run service -- install --self-signed` have.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const onAbort = () => socket.destroy(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    socket.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort);
      const presented = socket.getPeerCertificate().fingerprint256;
      if (!presented) {
        socket.destroy();
        reject(new Error('the server presented no certificate'));
        return;
      }
      if (target.fingerprint !== undefined && presented !== target.fingerprint) {
        socket.destroy();
        reject(certificateChanged(target.label, target.fingerprint, presented));
        return;
      }
      resolve(socket);
    });
  });
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (is IIS Console running there?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'its name could not be resolved';
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host cannot be reached';
    default:
      return error.code?.startsWith('ERR_SSL') || error.code?.startsWith('ERR_TLS')
        ? `the TLS handshake failed (${error.code})`
        : error.message || String(error.code);
  }
}

/** Idle kept-alive connections close after this (well before the other side's keep-alive time-out). */
const IDLE_MS = 4_000;

/**
 * Kept-alive connections to registered servers: one pool per origin and pinned certificate. For https
 * the pool's connections are made by connectPinned, so a pooled socket has always passed the
 * fingerprint check before carrying a request; a newly accepted certificate is a new pool.
 */
export class PeerConnections {
  private readonly agents = new Map<string, Agent>();

  agent(url: URL, target: PeerTarget, timeoutMs: number): Agent {
    const key = `${url.origin}|${target.fingerprint ?? ''}`;
    let agent = this.agents.get(key);
    if (agent === undefined) {
      agent = new Agent({ keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' });
      if (url.protocol === 'https:') {
        // Node's Agent takes a connection made asynchronously: createConnection calls back with it.
        const create = (_options: unknown, done: (error: Error | null, socket?: Socket) => void) => {
          connectPinned(url, target, AbortSignal.timeout(timeoutMs)).then(
            (socket) => done(null, socket),
            (error: Error) => done(error),
          );
          return undefined;
        };
        (agent as unknown as { createConnection: typeof create }).createConnection = create;
      }
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Closes every kept-alive connection (the server is closing). */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

/**
 * Sends one request to another server. Resolves with any HTTP answer (4xx and 5xx included); rejects
 * with a PeerError when there is none: 502 SERVER_UNREACHABLE, 504 SERVER_TIMEOUT, 502
 * SERVER_CERTIFICATE_CHANGED.
 */
export async function peerRequest(target: PeerTarget, options: PeerRequest): Promise<PeerResponse> {
  const url = new URL(options.path, target.url);
  const timeoutMs = options.timeoutMs ?? PEER_TIMEOUT_MS;
  const controller = new AbortController();
  // Made when it happens: an Error captures a stack, which every request would pay for.
  const timeout = () =>
    new PeerError(
      FarmErrorCode.SERVER_TIMEOUT,
      504,
      `The server ${target.label} did not answer within ${timeoutMs / 1000} seconds.`,
    );
  const timer = setTimeout(() => controller.abort(timeout()), timeoutMs);
  try {
    const pool = target.connections;
    let socket: TLSSocket | undefined;
    if (url.protocol === 'https:' && !pool) socket = await connectPinned(url, target, controller.signal);
    const send = (retried = false): Promise<PeerResponse> =>
      new Promise<PeerResponse>((resolve, reject) => {
        const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
        const req: ClientRequest = httpRequest(
          {
            protocol: 'http:',
            host: url.hostname.replace(/^\[|\]$/g, ''),
            port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
            method: options.method,
            path: url.pathname + url.search,
            signal: controller.signal,
            headers: {
              host: url.host,
              accept: 'application/json',
              ...(pool ? {} : { connection: 'close' }),
              ...options.headers,
              ...(body ? { 'content-length': String(body.length) } : {}),
            },
            // An agent would take precedence over createConnection: a one-off https request brings its
            // own pinned socket and no agent.
            ...(pool
              ? { agent: pool.agent(url, target, timeoutMs) }
              : socket
                ? { createConnection: () => socket }
                : { agent: false }),
          },
          (res) => {
            // Read now: a kept-alive socket is handed back to its pool when the answer ends.
            const tls = res.socket as Partial<TLSSocket> | null;
            const fingerprint =
              url.protocol === 'https:' ? (tls?.getPeerCertificate?.().fingerprint256 ?? null) : null;
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > PEER_MAX_BODY) {
                req.destroy(new Error(`the answer is larger than ${PEER_MAX_BODY} bytes`));
                return;
              }
              chunks.push(chunk);
            });
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks),
                fingerprint,
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => {
          // The other side closed an idle kept-alive connection as this request went out on it: a
          // read (nothing was done there) is sent again once on a new connection.
          if (!retried && req.reusedSocket && error.code === 'ECONNRESET' && options.method === 'GET') {
            send(true).then(resolve, reject);
            return;
          }
          reject(error);
        });
        req.end(body);
      });
    return await send();
  } catch (error) {
    if (error instanceof PeerError) throw error;
    if (controller.signal.aborted)
      throw controller.signal.reason instanceof PeerError ? controller.signal.reason : timeout();
    throw new PeerError(
      FarmErrorCode.SERVER_UNREACHABLE,
      502,
      `The server ${target.label} cannot be reached: ${describeNetworkError(error as NodeJS.ErrnoException)}.`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** The JSON body of an answer, or undefined when it is not JSON. */
export function jsonOf(response: PeerResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The `{ error: { message } }` of another console's error answer, or a line naming the status. */
export function peerErrorMessage(response: PeerResponse): { code: string | undefined; message: string } {
  const body = jsonOf(response) as { error?: { code?: unknown; message?: unknown } } | undefined;
  const message = body?.error?.message;
  const code = body?.error?.code;
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : `HTTP ${response.status}`,
  };
}
