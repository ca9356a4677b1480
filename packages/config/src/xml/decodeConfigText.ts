import { ConfigFileError } from '../errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Bytes of a config file → text (docs/config-editing.md §5 step 1). Strict UTF-8; a leading BOM
 * stays in the string (U+FEFF) so that offsets and the re-encoded file keep it. UTF-16 files and
 * declarations of another encoding are refused: this product reads and writes UTF-8 only.
 */
export function decodeConfigText(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ConfigFileError(
      file,
      1,
      1,
      'The file is encoded as UTF-16; only UTF-8 config files are supported.',
    );
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const { line, column } = bytePosition(bytes, at);
    throw new ConfigFileError(file, line, column, `Invalid UTF-8 byte sequence (byte offset ${at}).`);
  }
  checkDeclaredEncoding(text, file);
  return text;
}

/** Text → bytes. The BOM, if any, is part of the text already. */
export function encodeConfigText(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Refuses an XML declaration that names an encoding other than UTF-8. */
export function checkDeclaredEncoding(text: string, file: string): void {
  const m = /^\uFEFF?<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(text.slice(0, 512));
  if (!m) return;
  const name = m[2] as string;
  if (/^utf-?8$/i.test(name)) return;
  const offset = m.index + m[0].length - name.length - 1;
  const column = offset + 1 - (text.charCodeAt(0) === 0xfeff ? 1 : 0);
  throw new ConfigFileError(
    file,
    1,
    column,
    `The file declares encoding '${name}'; only UTF-8 config files are supported.`,
  );
}

/** Byte offset where strict UTF-8 decoding fails (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k < len; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += len;
  }
  return b.length;
}

/** 1-based line and column (in characters) of a byte offset in valid UTF-8 before it. */
function bytePosition(b: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const hasBom = line === 1 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  const prefix = new TextDecoder('utf-8', { ignoreBOM: !hasBom }).decode(b.subarray(lineStart, at));
  return { line, column: prefix.length + 1 };
}
