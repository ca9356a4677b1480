// Test helpers for the XML layer: the files every edit check runs over (the repository's own
// fixtures, always; the real-world corpus when there is one), their CRLF / BOM variants, and the
// checks every edit must pass (docs/config-editing.md §7, §11).
import { readdirSync, readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import { largeApplicationHostConfig } from '../../../../bench/generate-root.mjs';
import { CORPUS_DIR, FIXTURE_FILES_DIR, MACHINE_CONFIG_TEMPLATE } from '../fixtures/paths.js';

/**
 * The real-world corpus (the directory IISCONSOLE_CORPUS names), or
 * undefined: the suites over every corpus file are skipped without it.
 */
export const corpusDir: string | undefined = CORPUS_DIR;

/** A config file as the tests see it: its bytes and its decoded text (BOM kept). */
export interface CorpusFile {
  name: string;
  text: string;
  bytes: Uint8Array;
}

/** Every `*.config` file of `dir` (not recursive), by name. Never written to. */
export function readConfigFiles(dir: string): CorpusFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.config'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(dir + name);
      return { name, bytes, text: bytes.toString('utf8') };
    });
}

let corpusCache: CorpusFile[] | undefined;

/** Every corpus file; none without a corpus (see corpusDir). */
export function corpus(): CorpusFile[] {
  corpusCache ??= corpusDir ? readConfigFiles(corpusDir) : [];
  return corpusCache;
}

const fromText = (name: string, text: string): CorpusFile => ({
  name,
  text,
  bytes: Buffer.from(text, 'utf8'),
});

/** The generated large applicationHost.config (bench/generate-root.mjs): ≥ 200 KB, CRLF, many `<location>`s. */
export const LARGE_APPHOST_NAME = 'apphost-generated-large-crlf.config';

let fixtureCache: CorpusFile[] | undefined;

/**
 * The repository's own config files, one or more of each kind the corpus exercises (tests/fixtures/
 * files/README.md): the small files there, the product's own machine.config and the generated
 * large applicationHost.config. Always present.
 */
export function fixtures(): CorpusFile[] {
  fixtureCache ??= [
    ...readConfigFiles(FIXTURE_FILES_DIR),
    { name: 'machine.config', ...machineConfig() },
    fromText(LARGE_APPHOST_NAME, largeApplicationHostConfig()),
  ];
  return fixtureCache;
}

function machineConfig(): Pick<CorpusFile, 'text' | 'bytes'> {
  const bytes = readFileSync(MACHINE_CONFIG_TEMPLATE);
  return { bytes, text: bytes.toString('utf8') };
}

/** The text of one of our fixtures (see fixtures()). */
export function fixtureFile(name: string): string {
  const f = fixtures().find((c) => c.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f.text;
}

/** `text` encoded as UTF-16 with its byte order mark (little- or big-endian), as Notepad may save it. */
export function utf16WithBom(text: string, endian: 'le' | 'be' = 'le'): Uint8Array {
  const le = Buffer.from(`\uFEFF${text.replace(/^\uFEFF/, '')}`, 'utf16le');
  return endian === 'le' ? le : le.swap16();
}

export const BOM = '\uFEFF';

export interface Variant {
  label: string;
  name: string;
  text: string;
}

/** Each file as it is, converted to CRLF, and with its BOM toggled (added, or removed if it had one). */
export function variants(files: readonly CorpusFile[]): Variant[] {
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
