// The checks every config file goes through (docs/config-editing.md §9, §11), as suites over a
// list of files: corpus.test.ts and random.test.ts run them over the real-world corpus when there is
// one, fixtures.test.ts over the repository's own fixtures, always.
import { XMLValidator } from 'fast-xml-parser';
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
import {
  blankLines,
  BOM,
  expectCleanEdit,
  expectInsertedBlock,
  hasCrlfOnly,
  prng,
  variants,
  type CorpusFile,
} from './helpers.js';

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

/** Each file, parsed and "edited" with no change, gives back its identical bytes. */
export function goldenRoundTrip(files: readonly CorpusFile[]): void {
  describe('golden round trip', () => {
    const cases = files.map((f): [string, Uint8Array] => [f.name, f.bytes]);
    it.each(cases)('%s: parse + no edit gives the identical bytes', (name, bytes) => {
      const doc = ConfigDocument.fromBytes(bytes, name);
      // The scanned tree is the one fast-xml-parser finds (what every write is checked against).
      expect(() => doc.crossCheck()).not.toThrow();
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
}

/** The last element (document order) with attributes, outside encrypted data. */
function lastWithAttributes(el: XmlElement): XmlElement | undefined {
  for (let i = el.children.length - 1; i >= 0; i--) {
    const found = lastWithAttributes(el.children[i] as XmlElement);
    if (found) return found;
  }
  return el.attributes.length > 0 ? el : undefined;
}

/**
 * Each file three ways (as it is, CRLF, BOM toggled) through the edits that apply to it: set and
 * add an attribute, add `<sessionState>` (or `<system.web>`), add and reuse a `<location>`, edit a
 * configSource root; each changes one span only and its revert restores the original bytes.
 */
export function editChecks(files: readonly CorpusFile[]): void {
  describe.each(variants(files))('$name ($label)', ({ name, text }) => {
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

    // (An empty `<system.web/>` is expanded, and removed again by the revert: fixtures.test.ts.)
    if (web && (web.children.length > 0 || web.hasContent) && !findSection(doc, SESSION, null))
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
        const reverted = editSection(
          again.document,
          session({ location: where, remove: ['mode', 'timeout'] }),
        );
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
        expectCleanEdit(text, added.text);
        // Appended after the last attribute (or the name): exactly ` x="1"`, nothing else touched.
        const last = doc.root.attributes.at(-1);
        const at = last ? last.valueEnd + 1 : doc.root.start + 1 + doc.root.name.length;
        expect(added.text).toBe(`${text.slice(0, at)} x="1"${text.slice(at)}`);
        expect(editSection(added.document, { ...edit, set: [], remove: ['x'] }).text).toBe(text);
      });
  });
}

const PIECES = [
  '"',
  "'",
  '<',
  '>',
  '&',
  '&amp;',
  '\t',
  '\n',
  '\r\n',
  ' ',
  'é',
  '漢字',
  '😀',
  'x',
  'InProc',
  ']]>',
  '<!--',
  '&#x9;',
];
const NAMES = [
  'mode',
  'timeout',
  'cookieName',
  'cookieless',
  'stateConnectionString',
  'sqlConnectionString',
  'regenerateExpiredSessionId',
];
const SECTIONS = [
  ['system.web', 'sessionState'],
  ['system.web', 'sessionPageState'],
];
const LOCATIONS = [null, null, null, 'Default Web Site/app'];

/**
 * Seeded, bounded random set / revert sequences over the files with a `<configuration>` root: every
 * step keeps the file well-formed and reads back what was set; reverting everything restores the
 * original bytes (or, for a `<location>` the sequence created, leaves no blank line).
 */
export function randomizedSetRevert(all: readonly CorpusFile[], seed = 20240611): void {
  describe('randomized set / revert', () => {
    const files = all.filter((f) => f.text.includes('<configuration'));

    it(`keeps every file well-formed and every value readable (seed ${seed}, 300 steps)`, () => {
      const rand = prng(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
      let steps = 0;
      let restored = 0;
      while (steps < 300) {
        const file = pick(files);
        const variant = pick(['as is', 'CRLF', 'BOM']);
        const original =
          variant === 'CRLF'
            ? file.text.replace(/\r?\n/g, '\r\n')
            : variant === 'BOM'
              ? BOM + file.text.replace(/^\uFEFF/, '')
              : file.text;
        const sectionPath = pick(SECTIONS);
        const location = pick(LOCATIONS);
        const start = ConfigDocument.parse(original, file.name);
        const existing = findSection(start, sectionPath, location);
        // A section moved out with configSource, or encrypted, is refused (fixtures.test.ts): not here.
        if (existing && ['configSource', 'configProtectionProvider'].some((a) => start.attr(existing, a)))
          continue;
        const untouchable = new Set(existing?.attributes.map((a) => a.name));
        const names = NAMES.filter((n) => !untouchable.has(n));
        const model = new Map<string, string>();
        let doc = start;
        const base: Omit<SectionEdit, 'set' | 'remove'> = { sectionPath, location };

        for (let k = 0; k < 10 && steps < 300; k++, steps++) {
          const name = pick(names);
          const revert = model.has(name) && rand() < 0.4;
          const value = Array.from({ length: Math.floor(rand() * 6) }, () => pick(PIECES)).join('');
          const r = editSection(
            doc,
            revert ? { ...base, set: [], remove: [name] } : { ...base, set: [[name, value]], remove: [] },
          );
          if (revert) model.delete(name);
          else model.set(name, value);
          expect(XMLValidator.validate(r.text)).toBe(true);
          expect(r.text.startsWith(BOM)).toBe(original.startsWith(BOM));
          if (hasCrlfOnly(original)) expect(hasCrlfOnly(r.text)).toBe(true);
          doc = ConfigDocument.parse(r.text, file.name);
          const section = findSection(doc, sectionPath, location);
          const got = new Map(
            section?.attributes.filter((a) => !untouchable.has(a.name)).map((a) => [a.name, a.value]),
          );
          expect(got).toEqual(model);
        }

        const back = editSection(doc, { ...base, set: [], remove: [...model.keys()] });
        const createdLocation =
          location !== null &&
          !start.root.children.some((c) => c.name === 'location' && c.attributes[0]?.value === location);
        // Reverting also removes an enclosing group that was empty before (`<system.web/>`).
        const group = existing ? undefined : findSection(start, sectionPath.slice(0, -1), location);
        const emptyGroup = group !== undefined && group.children.length === 0 && !group.hasContent;
        if (createdLocation || emptyGroup) {
          expect(findSection(back.document, sectionPath, location)).toBeUndefined();
          expect(blankLines(back.text)).toBe(blankLines(original));
        } else {
          expect(back.text).toBe(original);
          restored++;
        }
      }
      expect(restored).toBeGreaterThan(10);
    });
  });
}
