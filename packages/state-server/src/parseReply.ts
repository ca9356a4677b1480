/** A state server's answer as the client sees it. */
export interface StateReply {
  status: number;
  reason: string;
  /** Header values by lowercase name (the last one wins). */
  headers: Record<string, string>;
  body: Buffer;
  /** `X-AspNet-Version`, if sent. */
  aspNetVersion: string | undefined;
  /** `Timeout` in minutes (GET answers). */
  timeout: number | undefined;
  /** `LockCookie` (GET+acquire answers, 423s). */
  lockCookie: number | undefined;
  /** `LockAge` in seconds (423s). */
  lockAge: number | undefined;
  /** `LockDate` as .NET local-time ticks (423s). */
  lockDate: bigint | undefined;
  /** `ActionFlags` (1 = initialize the item). */
  actionFlags: number | undefined;
}

export type ParseReplyResult =
  | { reply: StateReply; end: number }
  | { error: string }
  /** More bytes are needed. */
  | undefined;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
/** Answers of a real state server are tiny; more than this is not one. */
const MAX_REPLY_HEAD = 16 * 1024;
/** Largest body the client accepts (a session larger than this is not plausible). */
const MAX_REPLY_BODY = 256 * 1024 * 1024;

/**
 * Parses one answer at `offset`. Accepts both status-line forms seen in the wild:
 * `HTTP/1.1 200 OK` (MS-ASP) and a bare `200 OK` (the p2p server, docs/state-protocol.md §2). An
 * answer to HEAD has no body whatever its Content-Length says.
 */
export function parseReply(buffer: Buffer, offset: number, isHead: boolean): ParseReplyResult {
  const headEnd = buffer.indexOf(HEAD_END, offset);
  if (headEnd === -1) {
    return buffer.length - offset > MAX_REPLY_HEAD ? { error: 'answer head too large' } : undefined;
  }
  if (headEnd - offset > MAX_REPLY_HEAD) return { error: 'answer head too large' };
  const lines = buffer.toString('latin1', offset, headEnd).split('\r\n');
  const statusMatch = /^(?:HTTP\/1\.[01] )?([1-5]\d\d)(?: (.*))?$/.exec(lines[0] ?? '');
  if (statusMatch === null) return { error: 'not an HTTP-style status line' };
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: 'malformed header line' };
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let length = 0;
  const contentLength = headers['content-length'];
  if (contentLength !== undefined && !isHead) {
    if (!/^\d{1,10}$/.test(contentLength)) return { error: 'invalid Content-Length' };
    length = Number(contentLength);
    if (length > MAX_REPLY_BODY) return { error: 'answer body too large' };
  }
  const bodyStart = headEnd + 4;
  if (buffer.length - bodyStart < length) return undefined;
  const integer = (name: string) => {
    const value = headers[name];
    return value !== undefined && /^-?\d{1,10}$/.test(value) ? Number(value) : undefined;
  };
  const lockDate = headers['lockdate'];
  return {
    end: bodyStart + length,
    reply: {
      status: Number(statusMatch[1]),
      reason: statusMatch[2] ?? '',
      headers,
      body: Buffer.from(buffer.subarray(bodyStart, bodyStart + length)),
      aspNetVersion: headers['x-aspnet-version'],
      timeout: integer('timeout'),
      lockCookie: integer('lockcookie'),
      lockAge: integer('lockage'),
      lockDate: lockDate !== undefined && /^\d{1,20}$/.test(lockDate) ? BigInt(lockDate) : undefined,
      actionFlags: integer('actionflags'),
    },
  };
}
