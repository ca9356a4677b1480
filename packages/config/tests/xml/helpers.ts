// Test helpers for the XML layer: the shared corpus, its CRLF / BOM variants, and the checks every
// edit must pass (spec/config-editing.md §7, §11).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

/** `<repo>/../shared/corpus`: the CI clone has `shared/` beside the repository. */
export const corpusDir = fileURLToPath(new URL('../../../../../shared/corpus/', import.meta.url));

export interface CorpusFile {
  name: string;
  text: string;
}

let cache: CorpusFile[] | undefined;

/** Every corpus file, decoded (BOM kept). Never written to. */
export function corpus(): CorpusFile[] {
  cache ??= readdirSync(corpusDir)
    .filter((f) => f.endsWith('.config'))
    .sort()
    .map((name) => ({ name, text: readFileSync(corpusDir + name, 'utf8') }));
  return cache;
}

export function corpusFile(name: string): string {
  const f = corpus().find((c) => c.name === name);
  if (!f) throw new Error(`no corpus file ${name}`);
  return f.text;
}

export const BOM = '\uFEFF';

export interface Variant {
  label: string;
  name: string;
  text: string;
}

/** Each file as it is, converted to CRLF, and with its BOM toggled (added, or removed if it had one). */
export function variants(files: CorpusFile[] = corpus()): Variant[] {
  return files.flatMap(({ name, text }) => [
    { label: 'as is', name, text },
    { label: 'CRLF', name, text: text.replace(/\r?\n/g, '\r\n') },
    {
      label: text.startsWith(BOM) ? 'BOM removed' : 'BOM added',
      name,
      text: text.startsWith(BOM) ? text.slice(1) : BOM + text,
    },
  ]);
}

export function hasCrlfOnly(text: string): boolean {
  return text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
}

/** The differing middle of two texts, from their common prefix and suffix. */
export function diffSpan(
  before: string,
  after: string,
): { start: number; removed: string; inserted: string } {
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s))
    s++;
  return {
    start: p,
    removed: before.slice(p, before.length - s),
    inserted: after.slice(p, after.length - s),
  };
}

/**
 * The invariants of every edit: well-formed, BOM as before, no bare LF in a CRLF-only file, and the
 * change confined to one span that removes at most `maxRemoved` characters. Returns that span.
 */
export function expectCleanEdit(before: string, after: string, maxRemoved = 0): ReturnType<typeof diffSpan> {
  expect(XMLValidator.validate(after)).toBe(true);
  expect(after.startsWith(BOM)).toBe(before.startsWith(BOM));
  if (hasCrlfOnly(before)) expect(hasCrlfOnly(after)).toBe(true);
  const span = diffSpan(before, after);
  expect(span.removed.length).toBeLessThanOrEqual(maxRemoved);
  return span;
}

/** Lines holding only blanks. */
export function blankLines(text: string): number {
  return text.split(/\r?\n/).filter((l) => /^[ \t]*$/.test(l)).length;
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `after` is `before` plus one block matching `block` (a regex source starting with the block's line
 * break and indentation, `(\r?\n)([ \t]*)`): the block is found, and taking it out gives `before`
 * back, byte for byte. Returns the match.
 */
export function expectInsertedBlock(before: string, after: string, block: string): RegExpExecArray {
  const m = new RegExp(block).exec(after);
  expect(m, `no block /${block}/ in the result`).not.toBeNull();
  const match = m as RegExpExecArray;
  expect(after.slice(0, match.index) + after.slice(match.index + match[0].length)).toBe(before);
  return match;
}
