import { describe, expect, it } from 'vitest';
import { ConfigDocument, type XmlElement } from '../../src/xml/index.js';
import { ConfigFileError } from '../../src/errors.js';

const parse = (text: string) => ConfigDocument.parse(text, 'web.config');

describe('ConfigDocument', () => {
  it('maps elements and attributes to offsets of the original text (BOM and CRLF included)', () => {
    const text = '\uFEFF<?xml version="1.0"?>\r\n<configuration>\r\n  <system.web />\r\n</configuration>\r\n';
    const doc = parse(text);
    expect(doc.root.name).toBe('configuration');
    expect(doc.root.start).toBe(24);
    const web = doc.child(doc.root, 'system.web') as XmlElement;
    expect([web.start, web.end]).toEqual([43, 57]);
    expect(text.slice(web.start, web.end)).toBe('<system.web />');
    expect(web.selfClosing).toBe(true);
    expect(web.parent).toBe(doc.root);
    expect([web.line, web.column]).toEqual([3, 3]);
    expect(doc.position(doc.root.start)).toEqual({ line: 2, column: 1 });
    expect(doc.position(1)).toEqual({ line: 1, column: 1 }); // the BOM is not a column
    expect(doc.hasBom).toBe(true);
  });

  it('scans multi-line start tags with tabs, both quotes and `/>` with or without a space', () => {
    const text =
      '<a>\n  <b\tx="1"\r\n\t  y = \'it"s\'/>\n  <c z="&amp;&lt;&#x9;&#65;" w="a\r\nb\tc"></c>\n</a>';
    const doc = parse(text);
    const [b, c] = doc.root.children as [XmlElement, XmlElement];
    expect(b.attributes.map((a) => [a.name, a.raw, a.quote])).toEqual([
      ['x', '1', '"'],
      ['y', 'it"s', "'"],
    ]);
    const y = doc.attr(b, 'y');
    expect(text.slice(y?.start, y?.nameStart)).toBe('\r\n\t  ');
    expect(text.slice(y?.valueStart, y?.valueEnd)).toBe('it"s');
    expect(text[y?.valueEnd ?? 0]).toBe("'");
    expect(text.slice(b.start, b.end)).toBe('<b\tx="1"\r\n\t  y = \'it"s\'/>');
    expect(b.startTagEnd).toBe(b.end);
    expect(doc.attr(c, 'z')?.value).toBe('&<\tA');
    expect(doc.attr(c, 'w')?.value).toBe('a b c'); // CRLF is one line break, then a space
    expect(c.selfClosing).toBe(false);
    expect(text.slice(c.start, c.startTagEnd)).toBe('<c z="&amp;&lt;&#x9;&#65;" w="a\r\nb\tc">');
  });

  it('tells content (comments, CDATA, text) from whitespace', () => {
    const doc = parse('<a><b> \n </b><c><!-- x --></c><d><![CDATA[]]></d><e>t</e><f><g/></f></a>');
    const flags = Object.fromEntries(doc.root.children.map((el) => [el.name, el.hasContent]));
    expect(flags).toEqual({ b: false, c: true, d: true, e: true, f: false });
    expect(doc.children(doc.root, 'f')[0]?.children[0]?.name).toBe('g');
  });

  it('finds elements by offset and by name', () => {
    const doc = parse(
      '<configuration><location path="a"/><location path="b"><x/></location></configuration>',
    );
    const [a, b] = doc.children(doc.root, 'location') as [XmlElement, XmlElement];
    expect(doc.elementAt(b.start)).toBe(b);
    expect(doc.elementAt(b.children[0]?.start ?? -1)?.name).toBe('x');
    expect(doc.elementAt(a.start + 1)).toBeUndefined();
    expect(doc.attr(a, 'path')?.value).toBe('a');
    expect(doc.child(doc.root, 'nothing')).toBeUndefined();
  });

  it('keeps CRLF offsets exact (wrong before fast-xml-parser 5.12.0: guards against a downgrade)', () => {
    // Before 5.12.0 every offset after the first CRLF was shifted back by one per line.
    const lines = [
      '<configuration>',
      '  <system.web>',
      '    <sessionState mode="Off" />',
      '  </system.web>',
      '</configuration>',
    ];
    const text = lines.join('\r\n');
    const doc = parse(text);
    const ss = doc.root.children[0]?.children[0] as XmlElement;
    expect(ss.start).toBe(text.indexOf('<sessionState'));
    expect(text.slice(ss.start, ss.end)).toBe('<sessionState mode="Off" />');
    expect(doc.root.end).toBe(text.length);
    expect(ss.line).toBe(3);
    // The parser that cross-checks every write finds the same spans.
    expect(() => doc.crossCheck()).not.toThrow();
  });

  it('reads a 20,000-site file into the same tree fast-xml-parser finds', () => {
    const site = (i: number) =>
      `    <site name="s${i}" id="${i}">\r\n      <application path="/"><virtualDirectory path="/" physicalPath="C:\\s${i}" /></application>\r\n    </site>\r\n`;
    const text = `<configuration>\r\n  <sites>\r\n${Array.from({ length: 20000 }, (_, i) => site(i)).join('')}  </sites>\r\n</configuration>\r\n`;
    const doc = parse(text);
    expect(doc.root.children[0]?.children.length).toBe(20000);
    expect(() => doc.crossCheck()).not.toThrow();
  });

  it('trusts the scan only with XMLValidator; the cross-check that guards writes compares with the parser', () => {
    const text = '<configuration><sessionState mode="Off" mode="InProc" /></configuration>';
    // Read normally, the validator names the repeated attribute.
    expect(() => parse(text)).toThrow(ConfigFileError);
    // Taken as validated elsewhere (an edit's own fragments), the scan sees two attributes where
    // fast-xml-parser keeps one: the cross-check that every write passes refuses the text.
    const doc = ConfigDocument.parse(text, 'web.config', { validatedElsewhere: true });
    expect(() => doc.crossCheck()).toThrow(/element positions that do not match the text/);
    // An end tag that closes nothing the scan opened is refused while reading.
    expect(() => ConfigDocument.parse('<a><b></a>', 'web.config', { validatedElsewhere: true })).toThrow(
      ConfigFileError,
    );
  });
});
