import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether a peer address (as Node reports `socket.remoteAddress`) is a loopback address:
 * 127.0.0.0/8, ::1, or either written as an IPv4-mapped IPv6 address (what a dual-stack
 * listener reports for IPv4 peers). With `AllowRemoteConnection` off only these are served.
 */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  // A zone index (fe80::1%eth0) is never loopback-relevant; drop it before parsing.
  const plain = address.split('%', 1)[0] ?? '';
  if (isIPv4(plain)) return plain.startsWith('127.');
  if (!isIPv6(plain)) return false;
  const groups = expandIPv6(plain.toLowerCase());
  if (groups === undefined) return false;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 7) && groups[7] === 1) return true; // ::1
  // ::ffff:a.b.c.d — IPv4-mapped; the first byte of the IPv4 part is in group 6.
  if (zeros(0, 5) && groups[5] === 0xffff) return (groups[6] ?? 0) >> 8 === 127;
  return false;
}

/** Eight 16-bit groups of a valid IPv6 text address (a dotted IPv4 tail is allowed). */
function expandIPv6(address: string): number[] | undefined {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // Rewrite the dotted tail as two hex groups so one parser handles both forms.
    const b = last.split('.').map(Number);
    const hi = (((b[0] ?? 0) << 8) | (b[1] ?? 0)).toString(16);
    const lo = (((b[2] ?? 0) << 8) | (b[3] ?? 0)).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(halves[0] ?? '');
  if (halves.length === 1) return left.length === 8 ? left : undefined;
  const right = parse(halves[1] ?? '');
  const fill = 8 - left.length - right.length;
  if (fill < 1) return undefined;
  return [...left, ...new Array<number>(fill).fill(0), ...right];
}
