/**
 * What an operation answers; `encodeResponse` turns it into the exact bytes of
 * docs/state-protocol.md §4.3.
 */
export interface StateResponse {
  /** The only four codes the protocol knows (docs/state-protocol.md §5.3). */
  status: 200 | 400 | 404 | 423;
  /** `ActionFlags: 1` for the first GET that sees an uninitialized item. */
  actionFlags?: number;
  /** `LockCookie` on a 200 for GET+acquire. */
  lockCookie?: number;
  /** `Timeout` (minutes) on a 200 for GET and GET+acquire. */
  timeout?: number;
  /** The lock headers of a 423: when the lock was taken (epoch ms), its age (s) and cookie. */
  lock?: { date: number; age: number; cookie: number };
  /** The stored bytes on a 200 for GET and GET+acquire. */
  body?: Buffer;
  /** For a 400 caused by a header value: Microsoft's internal header name, e.g. `Http_Timeout`. */
  invalidHeader?: string;
}
