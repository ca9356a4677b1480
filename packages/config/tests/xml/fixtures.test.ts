// The repository's own config fixtures (tests/fixtures/files/, the product's machine.config and a
// generated large applicationHost.config) through the same checks corpus.test.ts and random.test.ts
// apply to the real-world corpus, so that a clone without the corpus still tests every kind of file
// the corpus exercises; then the cases the generic checks leave out (UTF-16, configSource,
// encryption, comments next to the edited element, entities, quotes, empty groups).
import { describe, expect, it } from 'vitest';
import { ConfigFileError } from '../../src/errors.js';
import {
  ConfigDocument,
  decodeConfigText,
  editSection,
  findSection,
  XmlEditBatch,
  type SectionEdit,
  type XmlElement,
} from '../../src/xml/index.js';
import { largeApplicationHostConfig } from '../../../../bench/generate-root.mjs';
import {
  BOM,
  expectCleanEdit,
  fixtureFile,
  fixtures,
  hasCrlfOnly,
  LARGE_APPHOST_NAME,
  utf16WithBom,
  type CorpusFile,
} from './helpers.js';
import { editChecks, goldenRoundTrip, randomizedSetRevert } from './suites.js';

const SESSION = ['system.web', 'sessionState'];
const session = (over: Partial<SectionEdit>): SectionEdit => ({
  sectionPath: SESSION,
  location: null,
  set: [],
  remove: [],
  ...over,
});
const parse = (name: string) => ConfigDocument.parse(fixtureFile(name), name);

goldenRoundTrip(fixtures());
editChecks(fixtures());
randomizedSetRevert(fixtures());

/** Every feature of real config files the corpus exercises, and how to see it in a file. */
const FEATURES: Array<[feature: string, has: (f: CorpusFile) => boolean]> = [
  ['UTF-8 BOM', (f) => f.text.startsWith(BOM)],
  ['CRLF line ends only', (f) => hasCrlfOnly(f.text)],
  ['LF line ends only', (f) => f.text.includes('\n') && !f.text.includes('\r')],
  ['tab indentation', (f) => /\n\t+</.test(f.text)],
  ['space indentation', (f) => /\n {2,}</.test(f.text)],
  ['no XML declaration', (f) => !/^\uFEFF?<\?xml/.test(f.text)],
  ['no final newline', (f) => !/\n$/.test(f.text)],
  ['"?>" after a space', (f) => /^\uFEFF?<\?xml[^>]* \?>/.test(f.text)],
  ['comment before the root element', (f) => /^\uFEFF?(<\?xml[^>]*>)?\s*<!--/.test(f.text)],
  ['comment after the root element', (f) => /<\/configuration>\s*<!--[\s\S]*-->\s*$/.test(f.text)],
  ['comments inside <system.web>', (f) => /<system\.web>\s*<!--/.test(f.text)],
  ['a comment right before <sessionState>', (f) => /-->\s*<sessionState\b/.test(f.text)],
  ['a comment right after <sessionState>', (f) => /<\/sessionState>\s*<!--/.test(f.text)],
  ['a commented-out <sessionState>', (f) => /<!--[^>]*<sessionState\b/.test(f.text)],
  ['<location path="…">', (f) => /<location path="[^".]+"/.test(f.text)],
  ['<location> without path', (f) => /<location(?![^>]*\bpath=)[^>]*>/.test(f.text)],
  ['<location path=".">', (f) => f.text.includes('<location path="."')],
  ['<location path="">', (f) => f.text.includes('<location path=""')],
  ['inheritInChildApplications="false"', (f) => f.text.includes('inheritInChildApplications="false"')],
  ['allowOverride', (f) => /<location[^>]*allowOverride=/.test(f.text)],
  ['overrideMode', (f) => /<location[^>]*overrideMode=/.test(f.text)],
  ['configSource', (f) => /configSource="/.test(f.text)],
  ['a configSource file (section as root)', (f) => !/<configuration[\s>]/.test(f.text)],
  [
    '<providers> inside <sessionState>',
    (f) => /<sessionState[^>]*[^/]>\s*(<!--[\s\S]*?-->\s*)*<providers>/.test(f.text),
  ],
  ['<sessionState> at the file level', (f) => /<system\.web>[\s\S]*<sessionState /.test(f.text)],
  [
    '<system.web> without <sessionState>',
    (f) => f.text.includes('<system.web>') && !f.text.includes('<sessionState'),
  ],
  ['no <system.web>', (f) => f.text.includes('<configuration') && !f.text.includes('<system.web')],
  ['an empty <system.web/>', (f) => /<system\.web ?\/>/.test(f.text)],
  ['an empty element pair', (f) => /<([\w.]+)><\/\1>/.test(f.text)],
  ['single-quoted attributes', (f) => /\s[\w:]+='[^']*'/.test(f.text)],
  ['&amp;', (f) => f.text.includes('&amp;')],
  ['&quot;', (f) => f.text.includes('&quot;')],
  ['&apos;, &lt; and &gt;', (f) => ['&apos;', '&lt;', '&gt;'].every((e) => f.text.includes(e))],
  ['character references (&#x41; &#66;)', (f) => /&#x[0-9A-Fa-f]+;/.test(f.text) && /&#[0-9]+;/.test(f.text)],
  ['non-ASCII text', (f) => [...f.text.replace(/^\uFEFF/, '')].some((c) => c.charCodeAt(0) > 0x7f)],
  ['CDATA', (f) => f.text.includes('<![CDATA[')],
  ['multi-line start tags', (f) => /<[\w.]+(\s+[\w:]+="[^"]*")*\s*\r?\n\s+[\w:]+=/.test(f.text)],
  ['an encrypted section', (f) => f.text.includes('configProtectionProvider=')],
  ['namespaced attributes (XDT)', (f) => f.text.includes('xdt:Transform=')],
  ['trailing blanks', (f) => /[ \t]\r?\n/.test(f.text)],
  ['<configSections>', (f) => f.text.includes('<configSections>')],
  ['applicationHost.config sites and *Defaults', (f) => /<sites>[\s\S]*<siteDefaults>/.test(f.text)],
  ['≥ 100 <location> blocks', (f) => (f.text.match(/<location /g) ?? []).length >= 100],
  ['≥ 200 KB', (f) => f.bytes.length >= 200 * 1024],
];

describe('the fixtures', () => {
  it.each(FEATURES)('cover: %s', (_feature, has) => {
    expect(
      fixtures()
        .filter(has)
        .map((f) => f.name),
    ).not.toEqual([]);
  });

  it('include a deterministic generated applicationHost.config of ≥ 200 KB, CRLF, many locations', () => {
    const text = fixtureFile(LARGE_APPHOST_NAME);
    expect(text).toBe(largeApplicationHostConfig());
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(200 * 1024);
    expect(hasCrlfOnly(text)).toBe(true);
    const doc = ConfigDocument.parse(text, LARGE_APPHOST_NAME);
    expect(doc.children(doc.root, 'location').length).toBeGreaterThanOrEqual(150);
    expect(findSection(doc, ['system.applicationHost', 'sites'], null)?.children.length).toBeGreaterThan(5);
  });
});

describe('UTF-16 with a byte order mark', () => {
  it.each(['le', 'be'] as const)('is refused with a clear error, not misread (%s)', (endian) => {
    for (const name of ['web-bom-crlf-tabs.config', 'web-entities.config']) {
      const bytes = utf16WithBom(fixtureFile(name), endian);
      expect(bytes[0]).toBe(endian === 'le' ? 0xff : 0xfe);
      const read = () => ConfigDocument.fromBytes(bytes, name);
      expect(read).toThrow(ConfigFileError);
      expect(read).toThrow(/encoded as UTF-16; only UTF-8 config files are supported/);
      expect(() => decodeConfigText(bytes, name)).toThrow(/UTF-16/);
    }
  });
});

describe('comments next to and inside the edited element', () => {
  it('changes a value of <sessionState> between comments, and only that value', () => {
    const text = fixtureFile('web-sessionstate-providers-tabs.config');
    const r = editSection(ConfigDocument.parse(text, 'w'), session({ set: [['timeout', '15']] }));
    const span = expectCleanEdit(text, r.text);
    expect(span.inserted).toBe(' timeout="15"');
    expect(r.text).toContain(
      '\t\t<!-- Sessions live in SQL Server through the universal provider. -->\n\t\t<sessionState mode="InProc" customProvider="DefaultSessionProvider" timeout="15">',
    );
    expect(r.text).toContain('\t\t</sessionState>\n\t\t<!-- End of session settings. -->\n');
  });

  it('adds <sessionState> after the last element of <system.web>, before its closing comment; a commented-out one is not the section', () => {
    const text = fixtureFile('web-comments.config');
    const doc = ConfigDocument.parse(text, 'w');
    expect(findSection(doc, SESSION, null)).toBeUndefined();
    const r = editSection(doc, session({ set: [['mode', 'Off']] }));
    expectCleanEdit(text, r.text);
    const after = '    </authentication>';
    expect(r.text).toBe(text.replace(`${after}\n`, `${after}\n    <sessionState mode="Off" />\n`));
    expect(r.text).toContain(
      '<!-- <sessionState mode="SQLServer" sqlConnectionString="data source=old" /> -->',
    );
    expect(editSection(r.document, session({ remove: ['mode'] })).text).toBe(text);
  });

  it('sets an attribute of an element followed by a comment on the same line', () => {
    const text = fixtureFile('web-comments.config');
    const doc = ConfigDocument.parse(text, 'w');
    const forms = findSection(doc, ['system.web', 'authentication', 'forms'], null) as XmlElement;
    const r = new XmlEditBatch(doc).setAttribute(forms, 'requireSSL', 'true').apply();
    expect(r.text).toBe(
      text.replace(
        'timeout="2880" /><!-- two days -->',
        'timeout="2880" requireSSL="true" /><!-- two days -->',
      ),
    );
  });
});

describe('entities and quotes', () => {
  it('reads values with entities and character references decoded', () => {
    const doc = parse('web-entities.config');
    const ss = findSection(doc, SESSION, null) as XmlElement;
    expect(doc.attr(ss, 'sqlConnectionString')?.value).toBe('data source=db;user id=app;password=p&ss"word');
    expect(doc.attr(ss, 'cookieName')?.value).toBe('Contoso"Session');
    expect(doc.attr(ss, 'cookieName')?.quote).toBe("'");
    const settings = findSection(doc, ['appSettings'], null) as XmlElement;
    const values = settings.children.map((c) => doc.attr(c, 'value')?.value);
    expect(values).toEqual(['Grüße & 漢字 😀', "ABC <tag> 'x'", 'say "hello" & \'bye\'']);
  });

  it('writes a new value in the quote style of the attribute, leaving the other entities as they are', () => {
    const text = fixtureFile('web-entities.config');
    const doc = ConfigDocument.parse(text, 'w');
    const r = editSection(doc, session({ set: [['cookieName', 'it\'s "ours" & <b>']] }));
    expectCleanEdit(text, r.text, "'Contoso\"Session'".length);
    expect(r.text).toBe(
      text.replace(`cookieName='Contoso"Session'`, `cookieName='it&apos;s "ours" &amp; &lt;b>'`),
    );
    expect(r.document.attr(findSection(r.document, SESSION, null) as XmlElement, 'cookieName')?.value).toBe(
      'it\'s "ours" & <b>',
    );
  });
});

describe('<location> tags', () => {
  it('edits the file level inside <location path="." inheritInChildApplications="false">, keeping it', () => {
    const text = fixtureFile('web-locations.config');
    const r = editSection(ConfigDocument.parse(text, 'w'), session({ set: [['timeout', '20']] }));
    expect(r.text).toBe(
      text.replace(
        'customProvider="RedisSessions" timeout="30"',
        'customProvider="RedisSessions" timeout="20"',
      ),
    );
  });

  it('adds a section for another path in a new <location>, not in one without a path', () => {
    const text = fixtureFile('web-locations.config');
    const r = editSection(
      ConfigDocument.parse(text, 'w'),
      session({ location: 'reports/archive', set: [['mode', 'Off']] }),
    );
    expectCleanEdit(text, r.text);
    expect(r.text).toBe(
      text.replace(
        '</configuration>',
        '    <location path="reports/archive">\n        <system.web>\n            <sessionState mode="Off" />\n        </system.web>\n    </location>\n</configuration>',
      ),
    );
  });
});

describe('configSource and encryption', () => {
  it('refuses to edit a section moved out with configSource, and edits the configSource file itself', () => {
    const doc = parse('web-configsource.config');
    expect(() => editSection(doc, session({ set: [['mode', 'Off']] }))).toThrow(
      /stored in 'session.config' \(configSource\); edit that file/,
    );
    const text = fixtureFile('session.config');
    const source = ConfigDocument.parse(text, 'session.config');
    const r = editSection(source, { ...session({ set: [['timeout', '60']] }), configSourceRoot: true });
    expect(r.text).toBe(text.replace('timeout="45"', 'timeout="60"'));
    expect(hasCrlfOnly(r.text)).toBe(true);
  });

  it('refuses to edit an encrypted section, with its line and column', () => {
    const doc = parse('app-encrypted-bom.config');
    const attempt = () =>
      editSection(doc, { ...session({ set: [['x', 'y']] }), sectionPath: ['connectionStrings'] });
    expect(attempt).toThrow(ConfigFileError);
    expect(attempt).toThrow(/app-encrypted-bom\.config\(4,3\): The section 'connectionStrings' is encrypted/);
  });
});

describe('empty groups', () => {
  it('expands an empty <system.web/> to hold <sessionState>; the revert removes the emptied group', () => {
    const text = fixtureFile('web-self-closing-crlf.config');
    const r = editSection(ConfigDocument.parse(text, 'w'), session({ set: [['mode', 'Off']] }));
    expect(r.text).toBe(
      text.replace(
        '  <system.web/>\r\n',
        '  <system.web>\r\n    <sessionState mode="Off" />\r\n  </system.web>\r\n',
      ),
    );
    expect(editSection(r.document, session({ remove: ['mode'] })).text).toBe(
      text.replace('  <system.web/>\r\n', ''),
    );
  });
});
