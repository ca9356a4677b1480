// Section numbers (§) in test names refer to docs/config-editing.md unless another page is named.
import { describe, expect, it } from 'vitest';
import {
  applySplices,
  ConfigDocument,
  findSection,
  XmlEditBatch,
  type XmlElement,
} from '../../src/xml/index.js';
import { expectCleanEdit, fixtureFile, LARGE_APPHOST_NAME } from './helpers.js';

function allElements(el: XmlElement, out: XmlElement[] = []): XmlElement[] {
  out.push(el);
  for (const c of el.children) allElements(c, out);
  return out;
}

describe('XmlEditBatch', () => {
  it('adds a collection entry after the last same-name sibling, before *Defaults (§6.7 rules 1, 2)', () => {
    const text = fixtureFile('apphost-small-crlf.config');
    const doc = ConfigDocument.parse(text, 'applicationHost.config');
    const pools = findSection(doc, ['system.applicationHost', 'applicationPools'], null) as XmlElement;
    const r = new XmlEditBatch(doc).addChild(pools, { name: 'add', attributes: [['name', 'Shop']] }).apply();
    const last = '            <add name="DefaultAppPool" />\r\n';
    expect(r.text).toBe(text.replace(last, `${last}            <add name="Shop" />\r\n`));

    const sites = [
      '<configuration>',
      '  <sites>',
      '    <siteDefaults />',
      '    <applicationDefaults />',
      '  </sites>',
      '</configuration>',
    ];
    const sdoc = ConfigDocument.parse(sites.join('\n'), 'a.config');
    const site = {
      name: 'site',
      attributes: [['name', 'S'] as [string, string]],
      children: [{ name: 'bindings' }],
    };
    const added = new XmlEditBatch(sdoc).addChild(sdoc.root.children[0] as XmlElement, site).apply();
    expect(added.text).toBe(
      [
        '<configuration>',
        '  <sites>',
        '    <site name="S">',
        '      <bindings />',
        '    </site>',
        '    <siteDefaults />',
        '    <applicationDefaults />',
        '  </sites>',
        '</configuration>',
      ].join('\n'),
    );
  });

  it('applies many attribute edits from one parse in one splice pass (§6.11)', () => {
    const text = fixtureFile(LARGE_APPHOST_NAME);
    const doc = ConfigDocument.parse(text, 'applicationHost.config');
    const targets = allElements(doc.root).filter((el, i) => i % 10 === 0 && el.attributes.length > 0);
    const batch = new XmlEditBatch(doc);
    targets.forEach((el, i) =>
      batch.setAttribute(el, (el.attributes[0] as { name: string }).name, `v${i} "q" & <t>`),
    );
    const r = batch.apply();
    expect(targets.length).toBeGreaterThan(200);
    expect(r.text.split('\n')).toHaveLength(text.split('\n').length);
    const before = allElements(doc.root);
    const after = allElements(r.document.root);
    expect(after).toHaveLength(before.length);
    const index = new Map(targets.map((el, i) => [el, i]));
    before.forEach((el, k) => {
      const now = after[k] as XmlElement;
      const i = index.get(el);
      expect(now.attributes.map((a) => a.name)).toEqual(el.attributes.map((a) => a.name));
      now.attributes.forEach((a, j) =>
        expect(a.value).toBe(i !== undefined && j === 0 ? `v${i} "q" & <t>` : el.attributes[j]?.value),
      );
    });
  });

  it('removes and adds elements in one pass and refuses overlapping edits', () => {
    const text = [
      '<configuration>',
      '  <a x="1">',
      '    <b />',
      '  </a>',
      '  <c />',
      '</configuration>',
      '',
    ].join('\r\n');
    const doc = ConfigDocument.parse(text, 'w.config');
    const [a, c] = doc.root.children as [XmlElement, XmlElement];
    const r = new XmlEditBatch(doc)
      .removeElement(c)
      .addChild(a, { name: 'd' })
      .setAttribute(a, 'y', '2')
      .apply();
    expectCleanEdit(text, r.text, text.length);
    expect(r.text).toBe(
      [
        '<configuration>',
        '  <a x="1" y="2">',
        '    <b />',
        '    <d />',
        '  </a>',
        '</configuration>',
        '',
      ].join('\r\n'),
    );
    expect(() =>
      new XmlEditBatch(doc)
        .removeElement(a)
        .setAttribute(a.children[0] as XmlElement, 'z', '1')
        .apply(),
    ).toThrow(/Overlapping/);
    expect(
      applySplices('abc', [
        { start: 1, end: 1, text: 'X' },
        { start: 1, end: 2, text: 'Y' },
      ]),
    ).toBe('aXYc');
  });

  it('detects the indentation unit of the file for a first child', () => {
    const tabs = ConfigDocument.parse(
      '<configuration>\n\t<a>\n\t\t<b />\n\t</a>\n\t<c></c>\n</configuration>',
      't',
    );
    const c = tabs.root.children[1] as XmlElement;
    expect(new XmlEditBatch(tabs).addChild(c, { name: 'd' }).apply().text).toBe(
      '<configuration>\n\t<a>\n\t\t<b />\n\t</a>\n\t<c>\n\t\t<d />\n\t</c>\n</configuration>',
    );
  });
});
