// Section numbers (§) in test names refer to docs/config-editing.md unless another page is named.
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigFileError } from '../../src/errors.js';
import {
  ConfigDocument,
  createConfigFileText,
  editSection,
  findSection,
  type SectionEdit,
} from '../../src/xml/index.js';
import { fixtureFile } from './helpers.js';

const SESSION = ['system.web', 'sessionState'];
const edit = (over: Partial<SectionEdit>): SectionEdit => ({
  sectionPath: SESSION,
  location: null,
  set: [],
  remove: [],
  ...over,
});
const apply = (text: string, over: Partial<SectionEdit>) =>
  editSection(ConfigDocument.parse(text, 'web.config'), edit(over));
const crlf = (lines: string[]) => lines.join('\r\n');

describe('docs/config-editing.md §9 output examples', () => {
  it('adds <sessionState> after the last child of system.web (BOM, CRLF, tabs)', () => {
    const text = fixtureFile('web-bom-crlf-tabs.config');
    const r = apply(text, {
      set: [
        ['mode', 'StateServer'],
        ['stateConnectionString', 'tcpip=127.0.0.1:42424'],
      ],
    });
    const before = '\t\t<authentication mode="Windows" />\r\n';
    const line = '\t\t<sessionState mode="StateServer" stateConnectionString="tcpip=127.0.0.1:42424" />\r\n';
    expect(r.text).toBe(text.replace(before, before + line));
    expect(r.text.startsWith('\uFEFF')).toBe(true);
  });

  it('replaces only the value of an existing attribute (<sessionState> with <providers>, tabs)', () => {
    const text = fixtureFile('web-sessionstate-providers-tabs.config');
    const r = apply(text, { set: [['mode', 'StateServer']] });
    expect(r.text).toBe(
      text.replace(
        '\t\t<sessionState mode="InProc" customProvider="DefaultSessionProvider">',
        '\t\t<sessionState mode="StateServer" customProvider="DefaultSessionProvider">',
      ),
    );
  });

  it('adds a <location> block after the last child, 2-space indent, CRLF (app.config)', () => {
    const text = fixtureFile('app-custom-section-crlf.config');
    const r = apply(text, { location: 'Default Web Site/app', set: [['mode', 'Off']] });
    const block = crlf([
      '  <location path="Default Web Site/app">',
      '    <system.web>',
      '      <sessionState mode="Off" />',
      '    </system.web>',
      '  </location>',
    ]);
    expect(r.text).toBe(text.replace('  </Peers>\r\n', `  </Peers>\r\n${block}\r\n`));
  });
});

describe('docs/placement-and-locking.md §4.4 / §4.5: what is written and reverted', () => {
  const site = [
    '<configuration>',
    '  <system.web>',
    '    <sessionState timeout="30" />',
    '  </system.web>',
    '</configuration>',
    '',
  ];

  it('a revert that empties <sessionState> and <system.web> removes both, leaving no blank line', () => {
    expect(apply(site.join('\n'), { remove: ['timeout'] }).text).toBe('<configuration>\n</configuration>\n');
    expect(apply(crlf(site), { remove: ['timeout'] }).text).toBe('<configuration>\r\n</configuration>\r\n');
  });

  it('only the reverted attribute goes when others remain', () => {
    const text = site.join('\n').replace('timeout="30"', 'timeout="30" mode="Off"');
    expect(apply(text, { remove: ['timeout'] }).text).toBe(
      site.join('\n').replace('timeout="30"', 'mode="Off"'),
    );
  });

  it('keeps a <system.web> that holds other sections, and a <sessionState> with children or comments', () => {
    const withCompilation = site
      .join('\n')
      .replace('  </system.web>', '    <compilation debug="true" />\n  </system.web>');
    expect(apply(withCompilation, { remove: ['timeout'] }).text).toBe(
      withCompilation.replace('    <sessionState timeout="30" />\n', ''),
    );
    const withProviders = site
      .join('\n')
      .replace('<sessionState timeout="30" />', '<sessionState timeout="30"><providers /></sessionState>');
    expect(apply(withProviders, { remove: ['timeout'] }).text).toBe(
      withProviders.replace(' timeout="30"', ''),
    );
    const withComment = site
      .join('\n')
      .replace('<sessionState timeout="30" />', '<sessionState timeout="30"><!-- keep --></sessionState>');
    expect(apply(withComment, { remove: ['timeout'] }).text).toBe(withComment.replace(' timeout="30"', ''));
  });

  it('writes only the changed attributes into a new section, self-closing, appended in order', () => {
    const r = apply('<configuration>\n</configuration>\n', {
      set: [
        ['cookieless', 'AutoDetect'],
        ['cookieName', 'MySession'],
      ],
    });
    expect(r.text).toBe(
      '<configuration>\n    <system.web>\n        <sessionState cookieless="AutoDetect" cookieName="MySession" />\n    </system.web>\n</configuration>\n',
    );
    const more = editSection(r.document, edit({ set: [['timeout', '20']] }));
    expect(more.text).toBe(
      r.text.replace('cookieName="MySession" />', 'cookieName="MySession" timeout="20" />'),
    );
  });

  it('leaves the bytes alone when the value is already there, and treats reverting a missing attribute as a no-op', () => {
    const text = site.join('\n');
    for (const r of [
      apply(text, { set: [['timeout', '30']] }),
      apply(text, { remove: ['mode'] }),
      apply('<configuration/>', { remove: ['mode'] }),
    ]) {
      expect(r.changed).toBe(false);
    }
    expect(apply(text, { set: [['timeout', '30']] }).text).toBe(text);
  });

  it('reuses a <location path="."> of the file for its own level', () => {
    const text = crlf([
      '<configuration>',
      '  <location path="." inheritInChildApplications="false">',
      '    <system.web>',
      "      <sessionState mode='Off' />",
      '    </system.web>',
      '  </location>',
      '</configuration>',
    ]);
    const r = apply(text, { set: [['timeout', 'a\'b"c']] });
    expect(r.text).toBe(text.replace("mode='Off' />", "mode='Off' timeout='a&apos;b\"c' />"));
    // Reverting the last attribute removes <sessionState> and <system.web> but never the <location>.
    const back = editSection(
      editSection(r.document, edit({ remove: ['timeout'] })).document,
      edit({ remove: ['mode'] }),
    );
    expect(back.text).toBe(
      crlf([
        '<configuration>',
        '  <location path="." inheritInChildApplications="false">',
        '  </location>',
        '</configuration>',
      ]),
    );
  });
});

describe('placement and layout (§6.7, §6.8)', () => {
  it('adds a sessionState child inline in a one-line file, and reverts to the original line', () => {
    const r = apply('<configuration><system.web /></configuration>', { set: [['mode', 'Off']] });
    expect(r.text).toBe(
      '<configuration><system.web><sessionState mode="Off" /></system.web></configuration>',
    );
    expect(editSection(r.document, edit({ remove: ['mode'] })).text).toBe('<configuration></configuration>');
  });

  it('expands a self-closing <system.web /> on its own line', () => {
    const text = crlf(['<configuration>', '\t<system.web/>', '</configuration>']);
    expect(apply(text, { set: [['mode', 'Off']] }).text).toBe(
      crlf([
        '<configuration>',
        '\t<system.web>',
        '\t\t<sessionState mode="Off" />',
        '\t</system.web>',
        '</configuration>',
      ]),
    );
  });

  it('puts a new <system.web> before the first <location>, sections first', () => {
    const text = [
      '<configuration>',
      '  <appSettings />',
      '  <location path="a">',
      '  </location>',
      '</configuration>',
    ].join('\n');
    expect(apply(text, { set: [['mode', 'Off']] }).text).toBe(
      [
        '<configuration>',
        '  <appSettings />',
        '  <system.web>',
        '    <sessionState mode="Off" />',
        '  </system.web>',
        '  <location path="a">',
        '  </location>',
        '</configuration>',
      ].join('\n'),
    );
  });

  it('reuses a <location> only with the same path and lock attributes (§6.9)', () => {
    const text = [
      '<configuration>',
      '  <location path="Site/app" overrideMode="Allow">',
      '  </location>',
      '</configuration>',
    ].join('\n');
    const reused = apply(text, {
      location: 'site/APP',
      locationAttributes: { overrideMode: 'allow' },
      set: [['mode', 'Off']],
    });
    expect(reused.document.children(reused.document.root, 'location')).toHaveLength(1);
    const created = apply(text, { location: 'Site/app', set: [['mode', 'Off']] });
    expect(created.text).toBe(
      [
        '<configuration>',
        '  <location path="Site/app" overrideMode="Allow">',
        '  </location>',
        '  <location path="Site/app">',
        '    <system.web>',
        '      <sessionState mode="Off" />',
        '    </system.web>',
        '  </location>',
        '</configuration>',
      ].join('\n'),
    );
    const withAttributes = apply('<configuration>\n</configuration>', {
      location: 'Default Web Site',
      locationAttributes: { overrideMode: 'Deny', inheritInChildApplications: 'false' },
      set: [['mode', 'Off']],
    });
    expect(withAttributes.text).toContain(
      '<location path="Default Web Site" overrideMode="Deny" inheritInChildApplications="false">',
    );
  });

  it('keeps a sibling followed by markup on its line reversible', () => {
    const text = [
      '<configuration>',
      '  <system.web>',
      '    <compilation /></system.web>',
      '</configuration>',
    ].join('\n');
    const r = apply(text, { set: [['mode', 'Off']] });
    expect(r.text).toBe(
      [
        '<configuration>',
        '  <system.web>',
        '    <compilation />',
        '    <sessionState mode="Off" /></system.web>',
        '</configuration>',
      ].join('\n'),
    );
    expect(editSection(r.document, edit({ remove: ['mode'] })).text).toBe(text);
  });

  it('adds to applicationHost collections after the last same-name sibling, before *Defaults', () => {
    const text = fixtureFile('apphost-small-crlf.config');
    const doc = ConfigDocument.parse(text, 'applicationHost.config');
    const pools = findSection(doc, ['system.applicationHost', 'applicationPools'], null);
    const r = editSection(doc, {
      sectionPath: ['system.applicationHost', 'applicationPools', 'add'],
      location: null,
      set: [['managedPipelineMode', 'Classic']],
      remove: [],
    });
    expect(pools?.children.length).toBeGreaterThan(1);
    expect(r.text).toBe(
      text.replace(
        '<add name="DefaultAppPool" />',
        '<add name="DefaultAppPool" managedPipelineMode="Classic" />',
      ),
    );
  });
});

describe('configSource, encryption and bad requests', () => {
  it('edits a configSource file through its root and never removes that root', () => {
    const text = '<?xml version="1.0"?>\r\n<sessionState mode="Off" />\r\n';
    const doc = ConfigDocument.parse(text, 'session.config');
    const e: SectionEdit = { ...edit({}), configSourceRoot: true };
    const set = editSection(doc, { ...e, set: [['timeout', '10']] });
    expect(set.text).toBe(text.replace('mode="Off"', 'mode="Off" timeout="10"'));
    expect(editSection(doc, { ...e, remove: ['mode'] }).text).toBe(
      '<?xml version="1.0"?>\r\n<sessionState />\r\n',
    );
    expect(() => editSection(doc, { ...e, sectionPath: ['system.web', 'pages'], set: [['a', 'b']] })).toThrow(
      /must be <pages>/,
    );
  });

  it('refuses to edit a section moved out with configSource, or an encrypted one', () => {
    const moved =
      '<configuration>\n  <system.web>\n    <sessionState configSource="s.config" />\n  </system.web>\n</configuration>';
    expect(() => apply(moved, { set: [['mode', 'Off']] })).toThrow(/stored in 's.config'/);
    const doc = ConfigDocument.parse(fixtureFile('app-encrypted-bom.config'), 'app.config');
    const attempt = () =>
      editSection(doc, { sectionPath: ['connectionStrings'], location: null, set: [['x', 'y']], remove: [] });
    expect(attempt).toThrow(ConfigFileError);
    expect(attempt).toThrow(/encrypted/);
  });

  it('refuses files whose root is not <configuration>, bad names and contradictory requests', () => {
    expect(() => apply('<root/>', { set: [['mode', 'Off']] })).toThrow(/must be <configuration>/);
    expect(() => apply('<configuration/>', { set: [['bad name', 'x']] })).toThrow(ConfigError);
    expect(() => apply('<configuration/>', { set: [['mode', 'Off']], remove: ['mode'] })).toThrow(
      /both set and removed/,
    );
  });
});

describe('createConfigFileText (§6.6)', () => {
  it('writes a new web.config: UTF-8 without BOM, CRLF, 4 spaces', () => {
    expect(createConfigFileText(edit({ set: [['mode', 'Off']] }))).toBe(
      crlf([
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<configuration>',
        '    <system.web>',
        '        <sessionState mode="Off" />',
        '    </system.web>',
        '</configuration>',
        '',
      ]),
    );
  });

  it('wraps a location and writes configSource files', () => {
    const text = createConfigFileText(edit({ location: 'Default Web Site', set: [['cookieName', 'a&b']] }));
    expect(text).toContain(
      '\r\n    <location path="Default Web Site">\r\n        <system.web>\r\n            <sessionState cookieName="a&amp;b" />',
    );
    expect(createConfigFileText({ ...edit({ set: [['mode', 'Off']] }), configSourceRoot: true })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\r\n<sessionState mode="Off" />\r\n',
    );
    expect(createConfigFileText(edit({}))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n</configuration>\r\n',
    );
  });
});
