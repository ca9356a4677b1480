// The scan's proof of well-formedness (docs/config-editing.md §5): a read skips XMLValidator only when
// scanMarkup says the text holds nothing XMLValidator would reject. Checked differentially: thousands
// of seeded mutations of the repository's fixtures (and of the corpus when IISCONSOLE_CORPUS is set)
// — the scan either refuses the text itself, asks XMLValidator, or proves it, and whatever it proves
// XMLValidator accepts. Where the scan asks, XMLValidator's own message reaches the user as before.
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ConfigFileError } from '../../src/errors.js';
import { ConfigDocument } from '../../src/xml/ConfigDocument.js';
import { LineIndex } from '../../src/xml/LineIndex.js';
import { scanMarkup } from '../../src/xml/scanMarkup.js';
import { corpus, fixtures, prng, type CorpusFile } from './helpers.js';

const INSERTS = [
  '<',
  '>',
  '/',
  '"',
  "'",
  '=',
  '&',
  ';',
  '?',
  '!',
  '-',
  ' ',
  'a',
  ':',
  '\n',
  '</a>',
  '<a>',
  '<?xml version="1.0"?>',
  ' x="1"',
  '&amp;',
  ']]>',
];

/** One random change of the kinds that break XML: a character deleted, inserted or replaced, a name or quote altered, a tag or attribute duplicated. */
function mutate(text: string, rand: () => number): string {
  const at = (limit: number) => Math.floor(rand() * limit);
  const pos = at(text.length);
  const pick = <T>(list: readonly T[]): T => list[at(list.length)]!;
  switch (at(8)) {
    case 0:
      return text.slice(0, pos) + text.slice(pos + 1);
    case 1:
      return text.slice(0, pos) + pick(INSERTS) + text.slice(pos);
    case 2:
      return text.slice(0, pos) + pick(INSERTS) + text.slice(pos + 1);
    case 3: {
      // An end tag renamed, cut short or given something after its name.
      const end = text.indexOf('</', pos);
      if (end < 0) return text;
      return text.slice(0, end + 2) + pick(['x', '', ' ', 'a b', '"']) + text.slice(end + 2 + at(3));
    }
    case 4: {
      // An attribute repeated in its tag (or under another case).
      const m = /\s([\w.:-]+)="[^"<]*"/g;
      m.lastIndex = pos;
      const found = m.exec(text);
      if (!found) return text;
      const attr = rand() < 0.5 ? found[0] : found[0].toUpperCase();
      return text.slice(0, found.index) + attr + text.slice(found.index);
    }
    case 5: {
      // An end tag or a whole start tag removed.
      const lt = text.indexOf('<', pos);
      if (lt < 0) return text;
      const gt = text.indexOf('>', lt);
      return gt < 0 ? text : text.slice(0, lt) + text.slice(gt + 1);
    }
    case 6: {
      // A name given a character names may not hold, or start with.
      const lt = text.indexOf('<', pos);
      if (lt < 0) return text;
      return (
        text.slice(0, lt + 1) + pick(['1', '-', '.', '"', '#', 'é', '\u00B7', '\u0301']) + text.slice(lt + 1)
      );
    }
    default:
      // White space or a processing instruction before the declaration.
      return pick(['\n', ' ', '<?pi x?>', '']) + text;
  }
}

type Outcome = 'refused by the scan' | 'judged by XMLValidator' | 'proven by the scan';

function outcome(text: string): { outcome: Outcome; validator: true | string } {
  const v = XMLValidator.validate(text);
  const validator = v === true ? true : v.err.msg;
  try {
    const { wellFormed } = scanMarkup(text, 'mutated.config', new LineIndex(text));
    return { outcome: wellFormed ? 'proven by the scan' : 'judged by XMLValidator', validator };
  } catch (e) {
    if (!(e instanceof ConfigFileError)) throw e;
    return { outcome: 'refused by the scan', validator };
  }
}

function differential(files: readonly CorpusFile[], perFile: number, seed: number) {
  const rand = prng(seed);
  const counts = new Map<string, number>();
  for (const f of files) {
    // Keep each text small enough that thousands of variants stay quick: the first 6 KB, closed.
    const text = f.text.length > 6000 ? f.text.slice(0, f.text.indexOf('\n', 6000)) : f.text;
    for (let k = 0; k < perFile; k++) {
      let mutated = text;
      for (let m = 1 + Math.floor(rand() * 3); m > 0; m--) mutated = mutate(mutated, rand);
      const r = outcome(mutated);
      const key = `${r.outcome}, XMLValidator ${r.validator === true ? 'accepts' : 'refuses'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (r.outcome === 'proven by the scan' && r.validator !== true) {
        expect.fail(`${f.name}: the scan proved a text XMLValidator refuses (${r.validator}):\n${mutated}`);
      }
    }
  }
  return counts;
}

describe('the scan proves well-formedness only where XMLValidator agrees', () => {
  it('thousands of mutated fixtures: nothing the scan proves is refused by XMLValidator, and every outcome occurs', () => {
    const counts = differential(fixtures(), 600, 20261205);
    // The test can fail: the mutations reach every outcome, including texts XMLValidator refuses
    // that only it would catch.
    expect(counts.get('proven by the scan, XMLValidator accepts')).toBeGreaterThan(100);
    expect(counts.get('judged by XMLValidator, XMLValidator refuses')).toBeGreaterThan(100);
    expect(counts.get('judged by XMLValidator, XMLValidator accepts')).toBeGreaterThan(0);
    expect(counts.get('refused by the scan, XMLValidator refuses')).toBeGreaterThan(100);
  });

  it.skipIf(corpus().length === 0)('the same over every corpus file (IISCONSOLE_CORPUS)', () => {
    const counts = differential(corpus(), 150, 42);
    expect(counts.get('judged by XMLValidator, XMLValidator refuses')).toBeGreaterThan(0);
  });

  it('unmutated fixtures are proven by the scan alone', () => {
    for (const f of fixtures())
      expect(outcome(f.text), f.name).toEqual({ outcome: 'proven by the scan', validator: true });
  });

  it.each([
    [
      'an end tag naming another element',
      '<configuration>\n<b></c></configuration>',
      /Expected closing tag 'b'/,
    ],
    ['an end tag with an attribute', '<configuration><a></a x="1"></configuration>', /can't have attributes/],
    [
      'an end tag nobody opened',
      '<configuration></configuration></a>',
      /has not been opened|Extra text|Multiple/,
    ],
    [
      'a repeated attribute',
      '<configuration>\n  <a x="1" y="2" x="3" />\n</configuration>',
      /Attribute 'x' is repeated/,
    ],
    ['an attribute name that is no XML Name', '<configuration><a 1x="1" /></configuration>', /invalid name/],
    ['a tag name that is no XML Name', '<configuration><a"b /></configuration>', /invalid name|open quote/],
    [
      'an XML declaration after white space',
      '\n<?xml version="1.0"?><configuration />',
      /XML declaration allowed only at the start/,
    ],
    ['an element left open', '<configuration>\n  <a>\n', /Unclosed tag|Invalid/],
  ])('%s: the scan asks XMLValidator, whose message the reader gets', (_, text, message) => {
    expect(outcome(text).outcome).toBe('judged by XMLValidator');
    expect(() => ConfigDocument.parse(text, 'web.config')).toThrow(message);
  });
});
