import { localDotNetTicks } from './localDotNetTicks.js';
import type { StateResponse } from './StateResponse.js';

/**
 * The status-line prefix. MS-ASP's examples show `HTTP/1.1 200 OK`; the p2p replacement sends a
 * bare `200 OK` and works with real ASP.NET (docs/state-protocol.md §2). Set this to '' to switch to
 * the bare form.
 */
export const STATUS_LINE_PREFIX = 'HTTP/1.1 ';

/** System.Web's version without its last part, as .NET 4.x writes it (docs/state-protocol.md §4.2). */
export const DEFAULT_ASPNET_VERSION = '4.0.30319';

const REASONS: Record<StateResponse['status'], string> = {
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  423: 'Locked',
};

/**
 * Builds a response encoder for one `X-AspNet-Version`. It writes the headers in the order and
 * spelling of Microsoft's server (docs/state-protocol.md §4.3) and returns one Buffer holding head
 * and body, so each response is a single socket write. Bodiless answers without variable headers are prebuilt.
 */
export function createResponseEncoder(aspNetVersion: string = DEFAULT_ASPNET_VERSION) {
  const versionLine = `X-AspNet-Version: ${aspNetVersion}\r\n`;
  const start = (status: StateResponse['status']) =>
    `${STATUS_LINE_PREFIX}${status} ${REASONS[status]}\r\n${versionLine}`;
  const empty = (status: StateResponse['status']) =>
    Buffer.from(`${start(status)}Cache-Control: private\r\nContent-Length: 0\r\n\r\n`, 'latin1');
  const prebuilt = { 200: empty(200), 400: empty(400), 404: empty(404) } as const;
  const ok = start(200);

  return function encodeResponse(response: StateResponse): Buffer {
    const { status } = response;
    const flags = response.actionFlags === undefined ? '' : `ActionFlags: ${response.actionFlags}\r\n`;
    if (status === 200) {
      if (response.timeout === undefined && flags === '') return prebuilt[200];
      let head = ok + flags;
      if (response.lockCookie !== undefined) head += `LockCookie: ${response.lockCookie}\r\n`;
      if (response.timeout !== undefined) head += `Timeout: ${response.timeout}\r\n`;
      return withBody(head, response.body);
    }
    if (status === 423) {
      const lock = response.lock;
      let head = start(423) + flags;
      if (lock !== undefined) {
        head +=
          `LockDate: ${localDotNetTicks(lock.date)}\r\n` +
          `LockAge: ${lock.age}\r\n` +
          `LockCookie: ${lock.cookie}\r\n`;
      }
      return withBody(head, undefined);
    }
    if (status === 400 && response.invalidHeader !== undefined) {
      // Microsoft's ReportInvalidHeader text, word for word.
      const html =
        '<html><head><title>Bad Request</title></head>\r\n' +
        '<body><h1>Http/1.1 400 Bad Request</h1>' +
        `Invalid header <b>${response.invalidHeader}</b></body></html>`;
      return withBody(start(400) + flags, Buffer.from(html, 'latin1'));
    }
    if (flags !== '') return withBody(start(status) + flags, undefined);
    return prebuilt[status];
  };
}

export type ResponseEncoder = ReturnType<typeof createResponseEncoder>;

function withBody(headStart: string, body: Buffer | undefined): Buffer {
  const length = body === undefined ? 0 : body.length;
  const head = `${headStart}Cache-Control: private\r\nContent-Length: ${length}\r\n\r\n`;
  const headLength = head.length; // ASCII only
  const out = Buffer.allocUnsafe(headLength + length);
  out.write(head, 0, 'latin1');
  if (body !== undefined) body.copy(out, headLength);
  return out;
}
