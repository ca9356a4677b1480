import { describe, expect, it } from 'vitest';
import { ConfigFileError } from '../../src/errors.js';
import { decodeConfigText, encodeConfigText } from '../../src/xml/index.js';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

function positionOf(input: Uint8Array): [number, number, string] {
  try {
    decodeConfigText(input, 'f.config');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigFileError);
    const err = e as ConfigFileError;
    return [err.line, err.column, err.reason];
  }
  throw new Error('accepted');
}

describe('decodeConfigText / encodeConfigText', () => {
  it('keeps the BOM in the text and writes it back', () => {
    const input = bytes([0xef, 0xbb, 0xbf], '<configuration>é😀</configuration>');
    const text = decodeConfigText(input, 'f.config');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(encodeConfigText(text)).toEqual(input);
  });

  it('accepts declarations of UTF-8 in any case', () => {
    for (const enc of ['utf-8', 'UTF-8', 'Utf8']) {
      expect(decodeConfigText(bytes(`<?xml version="1.0" encoding="${enc}" ?><a/>`), 'f')).toContain(enc);
    }
  });

  it('refuses other declared encodings and UTF-16 byte order marks', () => {
    expect(positionOf(bytes("<?xml version='1.0' encoding='windows-1252'?><a/>"))).toEqual([
      1,
      31,
      "The file declares encoding 'windows-1252'; only UTF-8 config files are supported.",
    ]);
    expect(
      positionOf(bytes([0xef, 0xbb, 0xbf], '<?xml version="1.0" encoding="UTF-16"?><a/>')).slice(0, 2),
    ).toEqual([1, 31]);
    expect(positionOf(bytes([0xff, 0xfe], '<'))[2]).toMatch(/UTF-16/);
    expect(positionOf(bytes([0xfe, 0xff], '<'))[2]).toMatch(/UTF-16/);
  });

  it('reports invalid UTF-8 at its line and column', () => {
    expect(positionOf(bytes('<a>\r\n  é', [0xc3], '</a>')).slice(0, 2)).toEqual([2, 4]); // truncated sequence
    expect(positionOf(bytes('<a>', [0xc0, 0xaf], '</a>')).slice(0, 2)).toEqual([1, 4]); // overlong
    expect(positionOf(bytes('<a>', [0xed, 0xa0, 0x80], '</a>')).slice(0, 2)).toEqual([1, 4]); // surrogate
    expect(positionOf(bytes([0xef, 0xbb, 0xbf], '<a>', [0xff])).slice(0, 2)).toEqual([1, 4]); // BOM not counted
    expect(positionOf(bytes('<a>', [0xf0, 0x9f, 0x98]))[2]).toMatch(/byte offset 3/); // cut at the end
  });
});
