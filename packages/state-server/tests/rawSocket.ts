// Raw TCP helpers for the protocol tests: bytes in, bytes out, loopback only.
import { connect, type Socket } from 'node:net';
import { parseReply } from '../src/parseReply.js';

/** Sends `bytes`, half-closes, and collects everything the server sends until it closes. */
export function exchange(port: number, bytes: Buffer | string, timeoutMs = 5000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${Buffer.concat(chunks).toString('latin1')}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answers is fine for these tests: what counts is what arrived.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    socket.end(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  });
}

/** One kept-open connection read response by response. */
export class RawConnection {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiting?.();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
    });
  }

  send(bytes: Buffer | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** The raw bytes of the next complete response (`isHead`: the answer to a HEAD). */
  async response(isHead = false, timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = parseReply(this.buffer, 0, isHead);
      if (result !== undefined && 'error' in result) throw new Error(result.error);
      if (result !== undefined) {
        const bytes = this.buffer.subarray(0, result.end);
        this.buffer = this.buffer.subarray(result.end);
        return Buffer.from(bytes);
      }
      if (this.closed) throw new Error(`closed; pending bytes: ${this.buffer.toString('latin1')}`);
      await this.wait(deadline - Date.now());
    }
  }

  /** Resolves once the server has closed the connection; the bytes still unread are returned. */
  async closedByServer(timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) await this.wait(deadline - Date.now());
    return this.buffer;
  }

  /** Request and raw response in one step. */
  async roundTrip(bytes: Buffer | string, isHead = false): Promise<string> {
    this.send(bytes);
    return (await this.response(isHead)).toString('latin1');
  }

  close(): void {
    this.socket.destroy();
  }

  private wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.reject(new Error('timed out waiting for the server'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`timed out waiting for the server; have ${this.buffer.toString('latin1')}`));
      }, ms);
      this.waiting = () => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve();
      };
    });
  }
}

/** Splits a byte stream into complete responses; throws on anything that is not one. */
export function splitResponses(stream: Buffer): { status: number; raw: string }[] {
  const out: { status: number; raw: string }[] = [];
  let offset = 0;
  while (offset < stream.length) {
    const result = parseReply(stream, offset, false);
    if (result === undefined) throw new Error(`incomplete response: ${stream.toString('latin1', offset)}`);
    if ('error' in result) throw new Error(`${result.error}: ${stream.toString('latin1', offset)}`);
    out.push({ status: result.reply.status, raw: stream.toString('latin1', offset, result.end) });
    offset = result.end;
  }
  return out;
}
