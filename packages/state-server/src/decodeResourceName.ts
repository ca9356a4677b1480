const PLUS = 0x2b;
const PERCENT = 0x25;
const SLASH = 0x2f;
const LOWER_U = 0x75;

/**
 * The store key for a request target (bytes `start`..`end` of `source`): the target with a leading
 * `//` reduced to `/` (an ASP.NET 1.1 client quirk Microsoft's server strips), then decoded as
 * `HttpUtility.UrlDecode` does — `+` is a space, `%xx` a byte, `%uxxxx` a UTF-16 unit, malformed
 * escapes stay as they are, bytes are UTF-8 (docs/state-protocol.md §3). So `%2fA` and `/A` are one key.
 */
export function decodeResourceName(source: Buffer, start: number, end: number): string {
  if (end - start >= 2 && source[start] === SLASH && source[start + 1] === SLASH) start += 1;
  let plain = true;
  for (let i = start; i < end; i++) {
    const c = source[i] as number;
    if (c === PERCENT || c === PLUS || c >= 0x80) {
      plain = false;
      break;
    }
  }
  // Clients percent-encode everything but [A-Za-z0-9-_.!*()] and the key of most requests is
  // plain ASCII apart from its `%2f`s, so the fast path covers targets without any escape only.
  if (plain) return source.toString('latin1', start, end);
  return decodeEscapes(source, start, end);
}

/** Scratch space for decoding; a decoded target is never longer than the encoded one. */
let scratch = Buffer.allocUnsafe(1024);

function decodeEscapes(source: Buffer, start: number, end: number): string {
  if (scratch.length < end - start) scratch = Buffer.allocUnsafe(end - start);
  const bytes = scratch;
  let length = 0;
  let ascii = true;
  let result = '';
  for (let i = start; i < end; i++) {
    const c = source[i] as number;
    if (c === PLUS) {
      bytes[length++] = 0x20;
      continue;
    }
    if (c === PERCENT && i < end - 2) {
      if (source[i + 1] === LOWER_U && i < end - 5) {
        const unit = hexValue(source, i + 2, 4);
        if (unit >= 0) {
          result += bytes.toString('utf8', 0, length) + String.fromCharCode(unit);
          length = 0;
          i += 5;
          continue;
        }
      } else {
        const byte = hexValue(source, i + 1, 2);
        if (byte >= 0) {
          if (byte >= 0x80) ascii = false;
          bytes[length++] = byte;
          i += 2;
          continue;
        }
      }
    }
    if (c >= 0x80) ascii = false;
    bytes[length++] = c;
  }
  // latin1 is the cheaper decoder and the same as UTF-8 for ASCII, the usual case.
  return result + bytes.toString(ascii ? 'latin1' : 'utf8', 0, length);
}

/** Hex digit values by byte; -1 for anything else. */
const HEX = new Int8Array(256).fill(-1);
for (let d = 0; d < 10; d++) HEX[0x30 + d] = d;
for (let d = 0; d < 6; d++) HEX[0x41 + d] = HEX[0x61 + d] = 10 + d;

/** The value of `digits` hex digits at `at`, or -1 if any is not a hex digit. */
function hexValue(source: Buffer, at: number, digits: number): number {
  let value = 0;
  for (let i = at; i < at + digits; i++) {
    const d = HEX[source[i] as number] as number;
    if (d < 0) return -1;
    value = value * 16 + d;
  }
  return value;
}
