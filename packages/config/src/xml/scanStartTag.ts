// The start-tag scanner of docs/config-editing.md §6.1: exact offsets of every attribute, which the
// parser does not report. Robust to multi-line tags, tabs, both quote characters and `/>` with or
// without a space before it.

export interface ScannedAttribute {
  name: string;
  /** Verbatim text between the quotes. */
  raw: string;
  /**
   * The raw text while it holds no reference, TAB or line break; otherwise the document decodes it
   * once the safety gate has checked its references (`XmlAttribute.value`).
   */
  value: string;
  quote: '"' | "'";
  /** Start of the whitespace before the name. */
  start: number;
  nameStart: number;
  valueStart: number;
  /** Index of the closing quote. */
  valueEnd: number;
}

export interface ScannedStartTag {
  name: string;
  start: number;
  nameEnd: number;
  attributes: ScannedAttribute[];
  /** Start of the whitespace before `>` or `/>`. */
  tailStart: number;
  /** Just after the `>`. */
  end: number;
  selfClosing: boolean;
}

/** A start tag that cannot be read; `offset` is where the problem is. */
export class TagSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
    this.name = 'TagSyntaxError';
  }
}

const SP = 0x20;
const TAB = 0x9;
const LF = 0xa;
const CR = 0xd;
const GT = 0x3e;
const SLASH = 0x2f;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;

function isSpace(c: number): boolean {
  return c === SP || c === TAB || c === LF || c === CR;
}

function skipSpace(text: string, i: number): number {
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Names and short values recur across a file and across thousands of files (`name`, `path`,
 * `true`, `InProc`): one shared copy of each is kept instead of one string per use, so a cache of
 * many parsed files holds far fewer objects. Bounded: when full, new strings are simply not shared.
 */
const interned = new Map<string, string>();
const INTERN_LIMIT = 50_000;
const SHORT_VALUE = 24;

function intern(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size >= INTERN_LIMIT) return s;
  // A slice of 13 or more characters refers to the whole text it came from: keep a copy instead,
  // or the first file to use a name would stay in memory for good.
  const copy = s.length >= 13 ? (' ' + s).slice(1) : s;
  interned.set(copy, copy);
  return copy;
}

/** Scans the start tag at `text[start] === '<'`. */
export function scanStartTag(text: string, start: number): ScannedStartTag {
  const n = text.length;
  let i = start + 1;
  for (let c = text.charCodeAt(i); i < n && !isSpace(c) && c !== GT && c !== SLASH; c = text.charCodeAt(++i));
  const nameEnd = i;
  if (nameEnd === start + 1) throw new TagSyntaxError(start, 'A tag name is expected after "<".');
  const name = intern(text.slice(start + 1, nameEnd));
  const attributes: ScannedAttribute[] = [];
  for (;;) {
    const wsStart = i;
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === GT)
      return { name, start, nameEnd, attributes, tailStart: wsStart, end: i + 1, selfClosing: false };
    if (c === SLASH && text.charCodeAt(i + 1) === GT) {
      return { name, start, nameEnd, attributes, tailStart: wsStart, end: i + 2, selfClosing: true };
    }
    if (i >= n) throw new TagSyntaxError(start, `Start tag '${name}' is not closed.`);
    if (i === wsStart)
      throw new TagSyntaxError(i, `White space is expected before an attribute in '${name}'.`);
    const nameStart = i;
    for (let d = c; i < n && !isSpace(d) && d !== EQ && d !== GT && d !== SLASH; d = text.charCodeAt(++i));
    const attrName = intern(text.slice(nameStart, i));
    if (attrName === '') throw new TagSyntaxError(i, `Unexpected character in tag '${name}'.`);
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== EQ)
      throw new TagSyntaxError(nameStart, `Attribute '${attrName}' has no value.`);
    i = skipSpace(text, i + 1);
    const q = text.charCodeAt(i);
    if (q !== DQ && q !== SQ) {
      throw new TagSyntaxError(i, `The value of attribute '${attrName}' must be quoted.`);
    }
    const quote = q === DQ ? '"' : "'";
    const valueStart = i + 1;
    const valueEnd = text.indexOf(quote, valueStart);
    if (valueEnd === -1) throw new TagSyntaxError(i, `The value of attribute '${attrName}' is not closed.`);
    const raw =
      valueEnd - valueStart <= SHORT_VALUE
        ? intern(text.slice(valueStart, valueEnd))
        : text.slice(valueStart, valueEnd);
    attributes.push({
      name: attrName,
      raw,
      value: raw,
      quote,
      start: wsStart,
      nameStart,
      valueStart,
      valueEnd,
    });
    i = valueEnd + 1;
  }
}
