import { describe, expect, it } from 'vitest';
import { ConfigFileError } from '../../src/errors.js';
import { ConfigDocument, decodeConfigText, editSection, MAX_CONFIG_BYTES } from '../../src/xml/index.js';

function refusal(text: string): ConfigFileError {
  try {
    ConfigDocument.parse(text, 'C:\\inetpub\\wwwroot\\web.config');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigFileError);
    return e as ConfigFileError;
  }
  throw new Error('the file was accepted');
}

const nested = (depth: number) => '<a>'.repeat(depth) + '</a>'.repeat(depth);

describe('hostile and malformed files are refused with file, line and column (docs/config-editing.md §8)', () => {
  const cases: Array<[string, string, number, number, RegExp]> = [
    [
      'billion laughs',
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n<configuration>&lol2;</configuration>',
      2,
      1,
      /DOCTYPE/,
    ],
    [
      'external entity',
      '<?xml version="1.0"?>\r\n<!doctype configuration [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\r\n<configuration a="&xxe;"/>',
      2,
      1,
      /DOCTYPE/,
    ],
    ['DOCTYPE inside the root', '<configuration>\n  <!DocType x>\n</configuration>', 2, 3, /DOCTYPE/],
    [
      'entity declaration without DOCTYPE',
      '<configuration><!ENTITY x "y"></configuration>',
      1,
      16,
      /declarations/,
    ],
    [
      'undeclared entity in a value',
      '<configuration>\n  <a v="x&lol;"/>\n</configuration>',
      2,
      10,
      /undeclared entity '&lol;'/,
    ],
    ['undeclared entity in text', '<configuration>&lol;</configuration>', 1, 16, /undeclared entity/],
    ['bare ampersand', '<configuration a="x & y"/>', 1, 21, /&amp;/],
    ['depth 66', nested(66), 1, 196, /nested deeper than 65/],
    ['depth 10,000', nested(10000), 1, 196, /nested deeper than 65/],
    ['duplicate attribute', '<configuration>\n  <a x="1" x="2" />\n</configuration>', 2, 12, /repeated/],
    ['mismatched tags', '<configuration>\n<b></configuration>', 2, 4, /Expected closing tag 'b'/],
    [
      'unclosed tag',
      '<configuration>\n  <system.web>\n</configuration>',
      3,
      1,
      /Expected closing tag 'system.web' \(opened in line 2, col 3\)/,
    ],
    ['unclosed root', '<configuration>\n  <a/>\n', 1, 1, /Unclosed tag 'configuration'/],
    [
      '<__proto__>',
      '<configuration>\n  <__proto__ polluted="yes" />\n</configuration>',
      2,
      3,
      /'__proto__' is reserved/,
    ],
    [
      'constructor attribute',
      '<configuration><a constructor="x"/></configuration>',
      1,
      19,
      /'constructor' is reserved/,
    ],
    ['"<" in a value', '<configuration a="x<y"/>', 1, 20, /'<' is not allowed/],
    ['control character', '<configuration>\n a\u0001</configuration>', 2, 3, /U\+0001/],
    ['text after the root', '<configuration/>\nmore', 2, 1, /outside the root/],
    ['two roots', '<configuration/>\n<configuration/>', 2, 1, /one root/],
    ['no root', '<?xml version="1.0"?>\n<!-- nothing -->\n', 3, 1, /no root/],
    ['unclosed comment', '<configuration><!-- x </configuration>', 1, 20, /Comment is not closed/],
    ['unquoted value', '<configuration>\n  <a x=1/>\n</configuration>', 2, 8, /must be quoted/],
    [
      'declared UTF-16',
      '<?xml version="1.0" encoding="utf-16"?><configuration/>',
      1,
      31,
      /encoding 'utf-16'/,
    ],
  ];
  it.each(cases)('%s', (_label, text, line, column, reason) => {
    const e = refusal(text);
    expect(e.file).toBe('C:\\inetpub\\wwwroot\\web.config');
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.reason).toMatch(reason);
    expect(e.code).toBe('CONFIG_FILE');
  });

  it('refuses a file over 32 MiB before parsing it', () => {
    const filler = `<!-- ${'x'.repeat(1024 * 1024)} -->\n`;
    const text = `<configuration>\n${filler.repeat(33)}</configuration>`;
    expect(text.length).toBeGreaterThan(MAX_CONFIG_BYTES);
    expect(refusal(text).reason).toMatch(/larger than 32 MiB/);
    const bytes = new Uint8Array(MAX_CONFIG_BYTES + 1);
    expect(() => ConfigDocument.fromBytes(bytes, 'big.config')).toThrow(/larger than 32 MiB/);
  });

  it('accepts depth 65 (the cap) and a 64-level file', () => {
    expect(ConfigDocument.parse(nested(65), 'x').root.name).toBe('a');
  });

  it('refuses invalid UTF-8 and UTF-16 with a position', () => {
    const bad = new Uint8Array([
      ...new TextEncoder().encode('<configuration>\n  <a v="é'),
      0xc3,
      0x28,
      ...new TextEncoder().encode('"/></configuration>'),
    ]);
    expect(() => decodeConfigText(bad, 'w.config')).toThrow(ConfigFileError);
    try {
      decodeConfigText(bad, 'w.config');
    } catch (e) {
      expect([(e as ConfigFileError).line, (e as ConfigFileError).column]).toEqual([2, 10]);
    }
    for (const bom of [
      [0xff, 0xfe],
      [0xfe, 0xff],
    ]) {
      const bytes = new Uint8Array([...bom, 0x3c, 0x00]);
      expect(() => ConfigDocument.fromBytes(bytes, 'u.config')).toThrow(/UTF-16/);
    }
  });
});

describe('values cannot break out of their attribute (docs/config-editing.md §6.10)', () => {
  const values = [
    'say "hi"',
    "it's",
    '<script>&amp;',
    'line1\nline2\r\nline3',
    '\ttab',
    'both \' and "',
    '> and ]]>',
    'ünïcødé 😀',
  ];
  for (const quote of ['"', "'"]) {
    it.each(values)(`round-trips %j inside ${quote}…${quote}`, (value) => {
      const doc = ConfigDocument.parse(
        `<configuration><system.web><sessionState a=${quote}1${quote} /></system.web></configuration>`,
        'w',
      );
      const edit = { sectionPath: ['system.web', 'sessionState'], location: null, remove: [] };
      const set = editSection(doc, {
        ...edit,
        set: [
          ['a', value],
          ['b', value],
        ],
      });
      const again = ConfigDocument.parse(set.text, 'w');
      const ss = again.root.children[0]?.children[0];
      expect(ss?.attributes.map((a) => [a.name, a.value, a.quote])).toEqual([
        ['a', value, quote],
        ['b', value, quote],
      ]);
      expect(set.text).not.toMatch(/[\t\n\r]/);
    });
  }

  it('refuses characters XML 1.0 cannot hold', () => {
    const doc = ConfigDocument.parse('<configuration/>', 'w');
    for (const bad of ['\u0000', 'a\u0008', '\uFFFE', '\uD800x']) {
      expect(() =>
        editSection(doc, {
          sectionPath: ['system.web', 'sessionState'],
          location: null,
          set: [['cookieName', bad]],
          remove: [],
        }),
      ).toThrow(/cannot hold/);
    }
  });
});
