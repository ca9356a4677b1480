// The state server connection string (`stateConnectionString`) as the ASP.NET session state runtime
// reads it: OutOfProcSessionStateStore.ParseStateConnectionString (microsoft/referencesource,
// System.Web/State/OutOfProcStateClientManager.cs) plus its ASCII check. The validator (and so the
// console, the API and appcmd) and the state service's Test connection all use this one rule.

/** V9: what the runtime says about a connection string it refuses (the validator and Test connection). */
export const STATE_CONNECTION_STRING_MESSAGE =
  'The <sessionState> stateConnectionString is invalid. It must have the format tcpip=<server>:<port>, where <server> is a valid IPv4 address, a machine name using only ASCII characters, or a valid IPv6 address enclosed within square brackets, and <port> is an unsigned integer ranging from 0 to 65535 (e.g., tcpip=127.0.0.1:42424, tcpip=localhost:42424, or tcpip=[::1]:42424).';

function isDottedQuad(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** A textual IPv6 address as `IPAddress.Parse` takes it: `::` compression, IPv4 tail, numeric `%scope`. */
export function isIPv6Address(text: string): boolean {
  let addr = text;
  const percent = addr.indexOf('%');
  if (percent >= 0) {
    if (!/^\d+$/.test(addr.slice(percent + 1))) return false;
    addr = addr.slice(0, percent);
  }
  const lastColon = addr.lastIndexOf(':');
  if (lastColon < 0) return false;
  const tail = addr.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isDottedQuad(tail)) return false;
    addr = `${addr.slice(0, lastColon + 1)}0:0`;
  }
  const hex = /^[0-9a-fA-F]{1,4}$/;
  const gap = addr.indexOf('::');
  if (gap >= 0) {
    if (addr.indexOf('::', gap + 1) >= 0) return false;
    const head = addr.slice(0, gap);
    const rest = addr.slice(gap + 2);
    const groups = [...(head === '' ? [] : head.split(':')), ...(rest === '' ? [] : rest.split(':'))];
    return groups.length <= 7 && groups.every((g) => hex.test(g));
  }
  const groups = addr.split(':');
  return groups.length === 8 && groups.every((g) => hex.test(g));
}

/** `UInt16.Parse(s, InvariantCulture)`: surrounding white space and a sign allowed, ASCII digits, 0–65535. */
function parseUInt16(text: string): number | undefined {
  const m = /^[\t\n\v\f\r ]*([+-]?)(\d+)[\t\n\v\f\r ]*$/.exec(text);
  if (!m) return undefined;
  const digits = (m[2] ?? '').replace(/^0+(?=\d)/, '');
  if (digits.length > 5) return undefined;
  const value = Number(digits);
  if (m[1] === '-' && value !== 0) return undefined;
  return value <= 65535 ? value : undefined;
}

export interface StateServerAddress {
  /** The server name or address; an IPv6 address without its brackets. */
  server: string;
  port: number;
  /** `tcpip=[IPv6]:port` form. */
  ipv6: boolean;
}

/**
 * Parses `tcpip=<server>:<port>` or `tcpip=[<IPv6>]:<port>` as the runtime does (ordinal, lowercase
 * prefix; exactly one `:` outside brackets; UInt16 port; ASCII server name). Returns undefined for
 * a string the runtime refuses. One addition: an empty server name is refused too.
 */
export function parseStateConnectionString(value: string): StateServerAddress | undefined {
  if (!value.startsWith('tcpip=')) return undefined;
  const rest = value.slice('tcpip='.length);
  let address: StateServerAddress;
  // .NET: ^\[(?<ipv6Address>.*)\]:(?<port>\d*)$ — `.` stops at \n only, `$` also matches before a final \n.
  const v6 = /^\[([^\n]*)\]:(\d*)\n?$/.exec(rest);
  if (v6) {
    const server = v6[1] ?? '';
    const port = parseUInt16(v6[2] ?? '');
    if (!isIPv6Address(server) || port === undefined) return undefined;
    address = { server, port, ipv6: true };
  } else {
    const parts = rest.split(':');
    if (parts.length !== 2) return undefined;
    const server = parts[0] ?? '';
    const port = parseUInt16(parts[1] ?? '');
    if (port === undefined) return undefined;
    address = { server, port, ipv6: false };
  }
  if (address.server === '') return undefined;
  for (let i = 0; i < address.server.length; i++) {
    if (address.server.charCodeAt(i) > 0x7f) return undefined;
  }
  return address;
}
