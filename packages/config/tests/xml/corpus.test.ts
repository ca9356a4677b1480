// Every corpus file, three ways (as it is, CRLF, BOM toggled), through the edits of
// spec/config-editing.md §9 and §11: each changes one span only, re-parses to what was set, keeps
// the BOM, adds no bare LF to a CRLF file, and its revert restores the original bytes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ConfigDocument,
  editSection,
  encodeConfigText,
  escapeAttributeValue,
  findSection,
  XmlEditBatch,
  type SectionEdit,
  type XmlElement,
} from '../../src/xml/index.js';
import { blankLines, corpus, corpusDir, expectCleanEdit, expectInsertedBlock, variants } from './helpers.js';

const SESSION = ['system.web', 'sessionState'];
const STATE_SERVER: SectionEdit['set'] = [
  ['mode', 'StateServer'],
  ['stateConnectionString', 'tcpip=127.0.0.1:42424'],
];
const session = (over: Partial<SectionEdit>): SectionEdit => ({
  sectionPath: SESSION,
  location: null,
  set: [],
  remove: [],
  ...over,
});

describe('golden round trip', () => {
  it.each(corpus().map((f) => f.name))('%s: parse + no edit gives the identical bytes', (name) => {
    const bytes = readFileSync(corpusDir + name);
    const doc = ConfigDocument.fromBytes(bytes, name);
    const sourceRoot = doc.root.name !== 'configuration';
    const result = editSection(
      doc,
      sourceRoot ? { ...session({}), sectionPath: [doc.root.name], configSourceRoot: true } : session({}),
    );
    expect(result.changed).toBe(false);
    expect(result.text).toBe(doc.text);
    expect(Buffer.from(encodeConfigText(result.text)).equals(bytes)).toBe(true);
    expect(new XmlEditBatch(doc).apply().text).toBe(doc.text);
  });
});

/** The last element (document order) with attributes, outside encrypted data. */
function lastWithAttributes(el: XmlElement): XmlElement | undefined {
  for (let i = el.children.length - 1; i >= 0; i--) {
    const found = lastWithAttributes(el.children[i] as XmlElement);
    if (found) return found;
  }
  return el.attributes.length > 0 ? el : undefined;
}

describe.each(variants())('$name ($label)', ({ name, text }) => {
  const doc = ConfigDocument.parse(text, name);
  const isConfiguration = doc.root.name === 'configuration';
  const web = isConfiguration ? doc.child(doc.root, 'system.web') : undefined;

  it('sets an existing attribute and appends a new one, touching only those bytes', () => {
    const el = lastWithAttributes(doc.root) as XmlElement;
    const first = el.attributes[0];
    const last = el.attributes.at(-1);
    if (!first || !last) throw new Error('no attribute in the file');
    const value = `x "y" 'z' <&> ${first.value}`;
    const set = new XmlEditBatch(doc).setAttribute(el, first.name, value).apply();
    expectCleanEdit(text, set.text, first.raw.length);
    const escaped = escapeAttributeValue(value, first.quote);
    expect(set.text).toBe(text.slice(0, first.valueStart) + escaped + text.slice(first.valueEnd));
    expect(set.document.elementAt(el.start)?.attributes[0]?.value).toBe(value);

    const added = new XmlEditBatch(doc).setAttribute(el, 'managedPipelineMode', 'Classic').apply();
    expectCleanEdit(text, added.text);
    const at = last.valueEnd + 1;
    expect(added.text).toBe(
      `${text.slice(0, at)} managedPipelineMode=${last.quote}Classic${last.quote}${text.slice(at)}`,
    );
    const back = new XmlEditBatch(added.document)
      .removeAttribute(added.document.elementAt(el.start) as XmlElement, 'managedPipelineMode')
      .apply();
    expect(back.text).toBe(text);
  });

  if (web && !findSection(doc, SESSION, null))
    it('adds <sessionState> to the existing <system.web> and reverts it', () => {
      const added = editSection(doc, session({ set: STATE_SERVER }));
      expectCleanEdit(text, added.text);
      const [, eol] = expectInsertedBlock(
        text,
        added.text,
        '(\\r?\\n)([ \\t]*)<sessionState mode="StateServer" stateConnectionString="tcpip=127\\.0\\.0\\.1:42424" />',
      );
      expect(eol).toBe(text.includes('\r\n') ? '\r\n' : '\n');
      const ss = findSection(added.document, SESSION, null);
      expect(ss?.parent?.start).toBe(web?.start);
      expect(ss?.attributes.map((a) => [a.name, a.value])).toEqual(STATE_SERVER);

      const reverted = editSection(added.document, session({ remove: ['mode', 'stateConnectionString'] }));
      expect(reverted.text).toBe(text);
    });

  if (isConfiguration && !web)
    it('adds a missing <system.web> and reverts it', () => {
      const added = editSection(doc, session({ set: [['mode', 'Off']] }));
      expectCleanEdit(text, added.text);
      const block = expectInsertedBlock(
        text,
        added.text,
        '(\\r?\\n)([ \\t]*)<system\\.web>\\1\\2([ \\t]+)<sessionState mode="Off" />\\1\\2</system\\.web>',
      );
      const firstLocation = doc.child(doc.root, 'location');
      if (firstLocation) expect(block.index).toBeLessThan(firstLocation.start);
      expect(findSection(added.document, SESSION, null)?.parent?.parent).toBe(added.document.root);

      const reverted = editSection(added.document, session({ remove: ['mode'] }));
      expect(reverted.text).toBe(text);
    });

  if (isConfiguration)
    it('adds a <location path="Default Web Site/app"> block, reuses it, and reverts', () => {
      const where = 'Default Web Site/app';
      const added = editSection(doc, session({ location: where, set: [['mode', 'Off']] }));
      expectCleanEdit(text, added.text);
      expectInsertedBlock(
        text,
        added.text,
        '(\\r?\\n)([ \\t]*)<location path="Default Web Site/app">\\1\\2([ \\t]+)<system\\.web>\\1\\2\\3\\3<sessionState mode="Off" />\\1\\2\\3</system\\.web>\\1\\2</location>',
      );
      const locations = added.document.children(added.document.root, 'location');
      expect(locations.at(-1)?.attributes.map((a) => a.value)).toEqual([where]);

      // A second change to the same location reuses the block (path compared case-insensitively).
      const again = editSection(
        added.document,
        session({ location: '/default web site/APP/', set: [['timeout', '30']] }),
      );
      const mode = findSection(added.document, SESSION, where)?.attributes[0];
      const after = (mode?.valueEnd ?? 0) + 1;
      expect(again.text).toBe(`${added.text.slice(0, after)} timeout="30"${added.text.slice(after)}`);
      expect(again.document.children(again.document.root, 'location')).toHaveLength(locations.length);

      // Reverting removes <sessionState> and <system.web>, keeps the (now empty) <location>, no blank line left.
      const reverted = editSection(again.document, session({ location: where, remove: ['mode', 'timeout'] }));
      expectCleanEdit(again.text, reverted.text, again.text.length);
      expect(findSection(reverted.document, SESSION, where)).toBeUndefined();
      expect(reverted.document.children(reverted.document.root, 'location')).toHaveLength(locations.length);
      expect(blankLines(reverted.text)).toBe(blankLines(text));
    });

  if (!isConfiguration)
    it('edits the root of a configSource file', () => {
      const edit: SectionEdit = {
        sectionPath: [doc.root.name],
        location: null,
        configSourceRoot: true,
        set: [['x', '1']],
        remove: [],
      };
      const added = editSection(doc, edit);
      expect(expectCleanEdit(text, added.text).inserted).toBe(' x="1"');
      expect(editSection(added.document, { ...edit, set: [], remove: ['x'] }).text).toBe(text);
    });
});
