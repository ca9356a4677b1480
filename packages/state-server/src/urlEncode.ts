const HEX = '0123456789abcdef';

/** Bytes `HttpUtility.UrlEncode` leaves alone: letters, digits and `- _ . ! * ( )`. */
function isSafe(byte: number): boolean {
  return (
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d ||
    byte === 0x5f ||
    byte === 0x2e ||
    byte === 0x21 ||
    byte === 0x2a ||
    byte === 0x28 ||
    byte === 0x29
  );
}

/**
 * `HttpUtility.UrlEncode` as ASP.NET's state client applies it to the resource name
 * (docs/state-protocol.md §3): a space becomes `+`, every other unsafe byte of the UTF-8 encoding
 * `%xx` with lowercase hex.
 */
export function urlEncode(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  for (const byte of bytes) {
    if (isSafe(byte)) out += String.fromCharCode(byte);
    else if (byte === 0x20) out += '+';
    else out += '%' + HEX[byte >> 4] + HEX[byte & 15];
  }
  return out;
}
