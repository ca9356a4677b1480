import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ResponseEncoder } from './createResponseEncoder.js';
import { parseRequestHead, type RequestHead } from './parseRequestHead.js';
import type { StateResponse } from './StateResponse.js';
import type { StateStore } from './StateStore.js';

/** What a connection needs from its server. */
export interface ConnectionContext {
  readonly store: StateStore;
  readonly encode: ResponseEncoder;
  readonly maxHeaderBytes: number;
  readonly maxBodySize: number;
  /** `storeFaults`: requests the store could not run (it logs them itself, docs/state-store.md §3). */
  readonly stats: { requests: number; badRequests: number; storeFaults: number };
}

const EMPTY = Buffer.alloc(0);
/** Above this many unsent response bytes, stop reading until the client catches up. */
const MAX_BUFFERED_OUTPUT = 1024 * 1024;
/** Bytes besides the body a kept request buffer may hold (see `storable`). */
const SHARED_SLACK = 2048;
/**
 * The answer to a request the store could not run: a bare 400, the one status on which ASP.NET's
 * client fails the page instead of taking the session for new or gone (docs/state-store.md §3).
 */
const STORE_FAULT: StateResponse = Object.freeze({ status: 400 });
/** After a 400, how long to keep draining the client's bytes before dropping the socket. */
const LINGER_MS = 2000;

/**
 * One client connection: frames requests (head up to CRLFCRLF, then exactly Content-Length body
 * bytes, also on verbs that ignore the body) and runs them in order. The answers to everything
 * that arrived in one read are written together: one socket.write for the usual single request,
 * a corked batch (one writev) for pipelined ones. Malformed input gets a 400 and a close.
 */
export class StateConnection {
  /** Bytes received but not yet framed: a partial head, or input held back under backpressure. */
  private pending: Buffer | undefined;
  /** The head whose body is still arriving, with the body bytes so far. */
  private head: RequestHead | undefined;
  private bodyChunks: Buffer[] = [];
  private bodyReceived = 0;
  /** Answers produced while handling the current read, written by `flush()`. */
  private outgoing: Buffer[] = [];
  private outgoingBytes = 0;
  private paused = false;
  /** A request is with an asynchronous store (Redis): later requests wait, in order. */
  private waiting = false;
  /** Input was paused because too much arrived while `waiting`. */
  private heldForStore = false;
  private closing = false;
  private peerEnded = false;
  /** performance.now() at the first byte of the request in progress; 0 between requests. */
  requestStartedAt = 0;
  /** performance.now() at the last read from the client (idleTimeout counts from here). */
  lastActivityAt = performance.now();

  constructor(
    readonly socket: Socket,
    private readonly context: ConnectionContext,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.onDrain());
    socket.on('end', () => this.onEnd());
  }

  /** Closes the connection at once, without an answer (socket time-out, server shutdown). */
  destroy(): void {
    this.closing = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return; // draining after a 400
    const now = performance.now();
    this.lastActivityAt = now;
    if (this.paused || this.waiting) {
      // Bytes that were already in flight when we paused, or requests pipelined behind one the
      // store is still running: keep them for later.
      this.pending = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
      if (this.waiting && !this.heldForStore && this.pending.length > MAX_BUFFERED_OUTPUT) {
        this.heldForStore = true;
        this.socket.pause();
      }
      return;
    }
    try {
      this.consume(chunk, now);
    } catch {
      // A bug must cost one connection, never the process.
      this.reject();
    }
    this.flush();
  }

  private onDrain(): void {
    if (!this.paused || this.closing) return;
    this.paused = false;
    this.socket.resume();
    if (this.waiting) return; // settle() goes on with the held input
    const held = this.pending;
    this.pending = undefined;
    if (held !== undefined) {
      try {
        this.consume(held, performance.now());
      } catch {
        this.reject();
      }
      this.flush();
    }
    if (this.peerEnded && !this.paused) this.finish();
  }

  /**
   * The client shut its sending side (the server allows half-open sockets so that a client may
   * send its requests and then shut down writing). Answer what is complete, then close.
   */
  private onEnd(): void {
    this.peerEnded = true;
    if (!this.paused && !this.waiting) this.finish();
  }

  private finish(): void {
    if (this.closing) return;
    // A request cut short (head without its blank line, body shorter than announced) can never
    // complete now.
    if (this.head !== undefined || this.pending !== undefined) return this.reject();
    this.closing = true;
    this.flush();
    this.socket.end();
  }

  private consume(chunk: Buffer, now: number): void {
    let buffer = chunk;
    let offset = 0;
    const head = this.head;
    if (head !== undefined) {
      const missing = head.contentLength - this.bodyReceived;
      if (chunk.length < missing) {
        this.bodyChunks.push(chunk);
        this.bodyReceived += chunk.length;
        return;
      }
      this.bodyChunks.push(chunk.subarray(0, missing));
      const body = joinChunks(this.bodyChunks, head.contentLength);
      this.head = undefined;
      this.bodyChunks = [];
      this.bodyReceived = 0;
      this.respond(head, body);
      offset = missing;
    } else if (this.pending !== undefined) {
      buffer = Buffer.concat([this.pending, chunk]);
      this.pending = undefined;
    }

    const { maxHeaderBytes, maxBodySize } = this.context;
    while (offset < buffer.length && !this.closing) {
      if (this.waiting) {
        // The store answers the request before this one later; keep the rest until it has.
        this.pending = Buffer.from(buffer.subarray(offset));
        return;
      }
      if (this.socket.writableLength + this.outgoingBytes > MAX_BUFFERED_OUTPUT) {
        // The client sends faster than it reads: hold the rest until the socket drains, and
        // count the wait against socketTimeout so a client that never reads is dropped.
        this.pending = Buffer.from(buffer.subarray(offset));
        this.paused = true;
        this.socket.pause();
        if (this.requestStartedAt === 0) this.requestStartedAt = now;
        return;
      }
      if (this.requestStartedAt === 0) this.requestStartedAt = now;
      const end = findHeadEnd(buffer, offset, offset + maxHeaderBytes);
      if (end === -1) {
        if (buffer.length - offset > maxHeaderBytes) return this.reject();
        // Copy: a partial head must not pin the whole read buffer it arrived in.
        this.pending = Buffer.from(buffer.subarray(offset));
        return;
      }
      const parsed = parseRequestHead(buffer, offset, end);
      if (typeof parsed === 'string' || parsed.contentLength > maxBodySize) return this.reject();
      offset = end + 4;
      const available = buffer.length - offset;
      if (parsed.contentLength > available) {
        this.head = parsed;
        this.bodyChunks = available > 0 ? [buffer.subarray(offset)] : [];
        this.bodyReceived = available;
        return;
      }
      let body: Buffer = EMPTY;
      if (parsed.contentLength > 0) {
        body =
          parsed.verb === 'PUT'
            ? storable(buffer, offset, parsed.contentLength)
            : buffer.subarray(offset, offset + parsed.contentLength);
        offset += parsed.contentLength;
      }
      this.respond(parsed, body);
    }
  }

  private respond(head: RequestHead, body: Buffer): void {
    const context = this.context;
    context.stats.requests++;
    this.requestStartedAt = 0;
    const response = context.store.execute(head, body);
    if (response instanceof Promise) {
      this.waiting = true;
      response.then(
        (answer) => this.settle(answer),
        () => {
          context.stats.storeFaults++;
          this.settle(STORE_FAULT);
        },
      );
      return;
    }
    this.answer(response);
  }

  private answer(response: StateResponse): void {
    this.send(this.context.encode(response));
    // The client throws on any 400, and docs/state-protocol.md §5.3 says to close after one.
    if (response.status === 400) {
      this.context.stats.badRequests++;
      this.closeAfterError();
    }
  }

  /** The store answered the request it was running: send it, then go on with what queued behind. */
  private settle(response: StateResponse): void {
    this.waiting = false;
    if (this.socket.destroyed || this.closing) return;
    this.lastActivityAt = performance.now();
    this.answer(response);
    const held = this.paused ? undefined : this.pending;
    if (held !== undefined) this.pending = undefined;
    if (held !== undefined && !this.closing) {
      try {
        this.consume(held, this.lastActivityAt);
      } catch {
        this.reject();
      }
    }
    this.flush();
    if (this.heldForStore && !this.waiting) {
      this.heldForStore = false;
      if (!this.paused && !this.closing) this.socket.resume();
    }
    if (this.peerEnded && !this.paused && !this.waiting) this.finish();
  }

  /** Answers a malformed request with a bare 400 and closes. */
  private reject(): void {
    if (this.closing) return;
    this.context.stats.badRequests++;
    this.send(this.context.encode({ status: 400 }));
    this.closeAfterError();
  }

  private send(bytes: Buffer): void {
    this.outgoing.push(bytes);
    this.outgoingBytes += bytes.length;
  }

  private flush(): void {
    const outgoing = this.outgoing;
    if (outgoing.length === 0) return;
    this.outgoing = [];
    this.outgoingBytes = 0;
    if (outgoing.length === 1) {
      this.socket.write(outgoing[0] as Buffer);
      return;
    }
    this.socket.cork();
    for (const bytes of outgoing) this.socket.write(bytes);
    this.socket.uncork();
  }

  /**
   * Half-closes after the last answer and keeps discarding input for a moment: closing a socket
   * with unread input sends RST, which can destroy the 400 before the client reads it.
   */
  private closeAfterError(): void {
    this.closing = true;
    this.pending = undefined;
    this.head = undefined;
    this.bodyChunks = [];
    if (this.paused) this.socket.resume();
    this.flush();
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), LINGER_MS);
    timer.unref();
    this.socket.once('close', () => clearTimeout(timer));
  }
}

/** Joins body chunks into memory of its own (Buffer.concat would take small bodies from the pool). */
function joinChunks(chunks: Buffer[], length: number): Buffer {
  const body = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(body, at);
  return body;
}

/**
 * A PUT body to keep. Each socket read arrives in memory of its own, exactly its size, so when
 * a request came alone in its read the body can stay where it is: a view pins only the head bytes
 * beside it. A body that shares its memory with much else (a pipelined batch, a pooled buffer)
 * is copied, so that a stored session never keeps a large buffer alive.
 */
function storable(source: Buffer, offset: number, length: number): Buffer {
  if (source.buffer.byteLength <= length + SHARED_SLACK) return source.subarray(offset, offset + length);
  const copy = Buffer.allocUnsafeSlow(length);
  source.copy(copy, 0, offset, offset + length);
  return copy;
}

/**
 * Index of the CRLFCRLF ending a head that starts at `from`, looking no further than `limit`
 * bytes of head; -1 if not there. A byte loop beats Buffer#indexOf's native call on short heads.
 */
function findHeadEnd(buffer: Buffer, from: number, limit: number): number {
  const last = Math.min(buffer.length, limit) - 4;
  for (let i = from; i <= last; i++) {
    if (buffer[i] === 0x0d && buffer[i + 1] === 0x0a && buffer[i + 2] === 0x0d && buffer[i + 3] === 0x0a) {
      return i;
    }
  }
  return -1;
}
