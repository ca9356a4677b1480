// Randomized set / revert sequences on real files (seeded, bounded): every step keeps the file
// well-formed and reads back what was set; reverting everything restores the original bytes.
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ConfigDocument, editSection, findSection, type SectionEdit } from '../../src/xml/index.js';
import { blankLines, BOM, corpus, hasCrlfOnly, prng } from './helpers.js';

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

describe('randomized set / revert', () => {
  const files = corpus().filter((f) => f.text.includes('<configuration'));
  const seed = 20240611;

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
      if (createdLocation) {
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
