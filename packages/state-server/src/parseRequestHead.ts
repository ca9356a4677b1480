import { decodeResourceName } from './decodeResourceName.js';

export type StateVerb = 'GET' | 'PUT' | 'DELETE' | 'HEAD';

/** The `Exclusive` header: absent, one of the two values (any case), or anything else. */
export type ExclusiveMode = 'acquire' | 'release' | 'invalid' | undefined;

/**
 * A request line and headers, parsed. Integer headers are `undefined` when absent and `NaN` when
 * present but not an int32 (or given twice, as .NET would see "1,2"); whether a value is
 * acceptable is the operation's business, because Microsoft's server checks them in an order
 * that interleaves with the key lookup (a DELETE with a bad cookie for a missing key is a 404).
 */
export interface RequestHead {
  /** Undefined for a well-formed verb other than the four; the server answers it with 400. */
  verb: StateVerb | undefined;
  /** The store key: the URL-decoded request target. */
  key: string;
  exclusive: ExclusiveMode;
  lockCookie: number | undefined;
  timeout: number | undefined;
  extraFlags: number | undefined;
  contentLength: number;
}

const SP = 0x20;
const HT = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;

/** RFC 9110 token characters, by byte. */
const TOKEN = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TOKEN[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;
/** Bytes allowed in a request target: visible ASCII (clients percent-encode everything else). */
const TARGET = new Uint8Array(256);
for (let c = 0x21; c < 0x7f; c++) TARGET[c] = 1;

/**
 * Parses the head of one request: bytes `start`..`end` of `source`, where `end` is the index of
 * the blank line's CRLFCRLF (`source[end..end+4]` is `\r\n\r\n`, where every scan stops).
 * Returns the head, or a string
 * saying why it is malformed (the caller answers 400 and closes the connection). Works on bytes
 * and compares header names by length first, so a typical request allocates only its key.
 */
export function parseRequestHead(source: Buffer, start: number, end: number): RequestHead | string {
  // Lines are found by a byte scan rather than Buffer#indexOf: for heads of a few hundred bytes
  // the native call costs more than the loop, which validates the bytes on the way.
  let i = start;
  while (TOKEN[source[i] as number] === 1) i++;
  if (i === start || source[i] !== SP) return 'malformed request line';
  const verb = matchVerb(source, start, i);
  const targetStart = ++i;
  while (TARGET[source[i] as number] === 1) i++;
  if (i === targetStart || source[i] !== SP) return 'malformed request target';
  const targetEnd = i++;
  if (
    i + 10 > end + 2 ||
    !bytesAre(source, i, 'HTTP/1.') ||
    (source[i + 7] !== 0x31 && source[i + 7] !== 0x30) ||
    source[i + 8] !== CR ||
    source[i + 9] !== LF
  ) {
    return 'unsupported HTTP version';
  }

  const head: RequestHead = {
    verb,
    key: '',
    exclusive: undefined,
    lockCookie: undefined,
    timeout: undefined,
    extraFlags: undefined,
    contentLength: 0,
  };
  let contentLengthSeen = false;
  let pos = i + 10;
  while (pos < end + 2) {
    let j = pos;
    while (TOKEN[source[j] as number] === 1) j++;
    if (j === pos || source[j] !== COLON) return 'malformed header line';
    const nameEnd = j;
    j++;
    while (source[j] === SP || source[j] === HT) j++;
    const valueStart = j;
    // Up to the CR; `end` guarantees one. A control byte (bare LF included) is an error.
    for (;;) {
      const c = source[j] as number;
      if (c === CR) break;
      if ((c < SP && c !== HT) || c === 0x7f) return 'control character in header value';
      j++;
    }
    if (source[j + 1] !== LF) return 'bare CR in header';
    const eol = j;
    let valueEnd = eol;
    while (valueEnd > valueStart && (source[valueEnd - 1] === SP || source[valueEnd - 1] === HT)) valueEnd--;
    switch (nameEnd - pos) {
      case 7:
        if (nameIs(source, pos, 'timeout')) {
          head.timeout = repeat(head.timeout, parseInt32(source, valueStart, valueEnd));
        }
        break;
      case 9:
        if (nameIs(source, pos, 'exclusive')) {
          head.exclusive =
            head.exclusive === undefined ? parseExclusive(source, valueStart, valueEnd) : 'invalid';
        }
        break;
      case 10:
        if (nameIs(source, pos, 'lockcookie')) {
          head.lockCookie = repeat(head.lockCookie, parseInt32(source, valueStart, valueEnd));
        } else if (nameIs(source, pos, 'extraflags')) {
          head.extraFlags = repeat(head.extraFlags, parseInt32(source, valueStart, valueEnd));
        }
        break;
      case 11:
        // MS-ASP's examples spell it `Lock-Cookie`; real clients send `LockCookie`
        // (docs/state-protocol.md §4.1).
        if (nameIs(source, pos, 'lock-cookie')) {
          head.lockCookie = repeat(head.lockCookie, parseInt32(source, valueStart, valueEnd));
        }
        break;
      case 14:
        if (nameIs(source, pos, 'content-length')) {
          // Two lengths are a framing ambiguity (request smuggling): refuse rather than pick one.
          if (contentLengthSeen) return 'duplicate Content-Length';
          contentLengthSeen = true;
          const length = parseLength(source, valueStart, valueEnd);
          if (length < 0) return 'invalid Content-Length';
          head.contentLength = length;
        }
        break;
      case 17:
        // Framing is by Content-Length only (docs/state-protocol.md §2); a chunked body could not be
        // delimited.
        if (nameIs(source, pos, 'transfer-encoding')) return 'Transfer-Encoding is not supported';
        break;
    }
    pos = eol + 2;
  }
  head.key = decodeResourceName(source, targetStart, targetEnd);
  return head;
}

function matchVerb(source: Buffer, start: number, end: number): StateVerb | undefined {
  switch (end - start) {
    case 3:
      if (source[start] === 0x47 && source[start + 1] === 0x45 && source[start + 2] === 0x54) return 'GET';
      if (source[start] === 0x50 && source[start + 1] === 0x55 && source[start + 2] === 0x54) return 'PUT';
      return undefined;
    case 4:
      return bytesAre(source, start, 'HEAD') ? 'HEAD' : undefined;
    case 6:
      return bytesAre(source, start, 'DELETE') ? 'DELETE' : undefined;
    default:
      return undefined;
  }
}

/** Case-sensitive comparison of the bytes at `at` with an ASCII string. */
function bytesAre(source: Buffer, at: number, ascii: string): boolean {
  for (let i = 0; i < ascii.length; i++) if (source[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** Case-insensitive comparison of the header name at `at` with a lowercase name of equal length. */
function nameIs(source: Buffer, at: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    let c = source[at + i] as number;
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function repeat(previous: number | undefined, value: number): number {
  return previous === undefined ? value : NaN;
}

function parseExclusive(source: Buffer, start: number, end: number): ExclusiveMode {
  if (end - start !== 7) return 'invalid';
  if (nameIs(source, start, 'acquire')) return 'acquire';
  if (nameIs(source, start, 'release')) return 'release';
  return 'invalid';
}

/** `Int32.Parse` with the invariant culture: optional sign, decimal digits, int32 range; else NaN. */
function parseInt32(source: Buffer, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (source[i] === 0x2b || source[i] === 0x2d) {
    negative = source[i] === 0x2d;
    i++;
  }
  if (i === end) return NaN;
  let value = 0;
  for (; i < end; i++) {
    const d = (source[i] as number) - 0x30;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
    if (value > 2147483648) return NaN;
  }
  if (negative) return value === 0 ? 0 : -value;
  return value > 2147483647 ? NaN : value;
}

/** A Content-Length: digits only; -1 if malformed. Values past 2^53 saturate (over any limit). */
function parseLength(source: Buffer, start: number, end: number): number {
  if (start === end) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = (source[i] as number) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = Math.min(value * 10 + d, Number.MAX_SAFE_INTEGER);
  }
  return value;
}
