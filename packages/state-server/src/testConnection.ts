import { randomBytes } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { connect, isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseStateConnectionString, STATE_CONNECTION_STRING_MESSAGE } from '@iis-console/config-common';
import { parseReply } from './parseReply.js';
import { urlEncode } from './urlEncode.js';

export type TestConnectionFailure =
  | 'invalid-connection-string'
  | 'name-not-resolved'
  | 'refused'
  | 'unreachable'
  | 'timed-out'
  | 'not-a-state-server';

export type TestConnectionResult =
  | {
      ok: true;
      host: string;
      port: number;
      /** The IP address dialled. */
      address: string;
      /** The server's `X-AspNet-Version`. */
      version: string;
      /** 404 (the usual answer for the random probe key) or 200. */
      status: number;
      /** From sending the probe to its answer. */
      roundTripMs: number;
      /** From dialling to the connection being up. */
      connectMs: number;
    }
  | {
      ok: false;
      host?: string;
      port?: number;
      failure: TestConnectionFailure;
      /** What happened, for the administrator. */
      message: string;
    };

export type LookupFunction = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
) => void;

/** A state server to test, as a host name or address (IPv6 without brackets) and a port. */
export interface TestConnectionTarget {
  host: string;
  port: number;
}

export interface TestConnectionOptions {
  /** Name resolution (default `dns.lookup`, i.e. the system resolver as every program uses it). */
  lookup?: LookupFunction;
}

function invalid(message: string): Promise<TestConnectionResult> {
  return Promise.resolve({ ok: false, failure: 'invalid-connection-string', message });
}

const NAME_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ENODATA', 'EAI_NONAME', 'ESERVFAIL']);

/**
 * The console's "Test connection" (docs/state-protocol.md §11): resolve, connect, send a HEAD for a
 * random key (HEAD creates no state), and expect 404 or 200 with an `X-AspNet-Version` of 2 or more. Reports
 * the version and round-trip time, or exactly which step failed. `loopback` — ASP.NET's default
 * server name, which Linux does not resolve — means 127.0.0.1. Never throws.
 */
export function testConnection(
  target: string | TestConnectionTarget,
  timeoutMs = 5000,
  options: TestConnectionOptions = {},
): Promise<TestConnectionResult> {
  let address: TestConnectionTarget;
  if (typeof target === 'string') {
    // The validator's rule and message: Test connection accepts exactly what ASP.NET accepts.
    const parsed = parseStateConnectionString(target);
    if (parsed === undefined) return invalid(STATE_CONNECTION_STRING_MESSAGE);
    address = { host: parsed.server, port: parsed.port };
  } else {
    address = target;
  }
  if (!Number.isInteger(address.port) || address.port < 1 || address.port > 65535) {
    // Port 0 is a valid value for ASP.NET, but no server can be dialled on it.
    return invalid(
      `port ${address.port} cannot be dialled: give the port the state server listens on (1 to 65535)`,
    );
  }
  const { host, port } = address;
  const lookup = options.lookup ?? ((name, callback) => dnsLookup(name, callback));

  return new Promise((resolve) => {
    let socket: Socket | undefined;
    let settled = false;
    const finish = (result: TestConnectionResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      resolve(result);
    };
    const failed = (failure: TestConnectionFailure, message: string) =>
      finish({ ok: false, host, port, failure, message });
    const timer = setTimeout(
      () => failed('timed-out', `no answer from ${host}:${port} within ${timeoutMs} ms`),
      timeoutMs,
    );

    const dial = (ip: string) => {
      const dialledAt = performance.now();
      let sentAt = 0;
      let received: Buffer = Buffer.alloc(0);
      socket = connect({ host: ip, port, noDelay: true });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') {
          failed(
            'refused',
            `${host}:${port} refused the connection: the service is stopped, the port is wrong, or remote connections are off`,
          );
        } else if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
          failed('refused', `${host}:${port} dropped the connection: remote connections may be off`);
        } else {
          failed('unreachable', `cannot reach ${host}:${port}: ${error.message}`);
        }
      });
      socket.on('connect', () => {
        const connectMs = performance.now() - dialledAt;
        const probe = `/IISConsole/test-connection/${randomBytes(12).toString('hex')}`;
        const hostHeader = ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
        sentAt = performance.now();
        socket?.write(`HEAD ${urlEncode(probe)} HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`);
        socket?.on('data', (chunk: Buffer) => {
          received = Buffer.concat([received, chunk]);
          const result = parseReply(received, 0, true);
          if (result === undefined) return;
          if ('error' in result)
            return failed(
              'not-a-state-server',
              `${host}:${port} answered, but not as a state server (${result.error})`,
            );
          const { reply } = result;
          const roundTripMs = performance.now() - sentAt;
          const version = reply.aspNetVersion;
          if (version === undefined) {
            return failed(
              'not-a-state-server',
              `${host}:${port} answered ${reply.status} without an X-AspNet-Version header`,
            );
          }
          if (!(parseInt(version, 10) >= 2)) {
            return failed(
              'not-a-state-server',
              `${host}:${port} reports version ${version}; ASP.NET requires state server version 2.0 or above`,
            );
          }
          if (reply.status !== 404 && reply.status !== 200) {
            return failed(
              'not-a-state-server',
              `${host}:${port} answered ${reply.status} ${reply.reason}`.trim(),
            );
          }
          finish({
            ok: true,
            host,
            port,
            address: ip,
            version,
            status: reply.status,
            roundTripMs,
            connectMs,
          });
        });
        socket?.on('end', () => {
          if (received.length === 0)
            failed(
              'refused',
              `${host}:${port} closed the connection without answering: remote connections may be off`,
            );
          else
            failed('not-a-state-server', `${host}:${port} closed the connection in the middle of an answer`);
        });
      });
    };

    const name = host.toLowerCase() === 'loopback' ? '127.0.0.1' : host;
    if (isIP(name) !== 0) return dial(name);
    lookup(name, (error, ip) => {
      if (settled) return;
      if (error !== null) {
        const why = error.code !== undefined && NAME_ERRORS.has(error.code) ? error.code : error.message;
        return failed('name-not-resolved', `cannot resolve ${host}: ${why}`);
      }
      dial(ip);
    });
  });
}
