import { ConfigFileError } from '../errors.js';
import { checkDeclaredEncoding } from './decodeConfigText.js';
import type { LineIndex } from './LineIndex.js';
import { findBadReference } from './readReference.js';
import { decodeAttributeValue } from './decodeAttributeValue.js';
import { scanStartTag, TagSyntaxError, type ScannedStartTag } from './scanStartTag.js';
import type { XmlElement } from './XmlElement.js';
import { findForbiddenChar, isXmlName, isXmlSpace, RESERVED_NAMES } from './xmlChars.js';

/** Files larger than this are refused (docs/config-editing.md §8; the largest real file is 212 KB). */
export const MAX_CONFIG_BYTES = 32 * 1024 * 1024;
const NEEDS_DECODING = /[&\t\r\n]/;
/** The children of every element without any: one shared, frozen array (most elements are leaves). */
const NO_CHILDREN = Object.freeze([]) as unknown as XmlElement[];

/** Deepest element nesting accepted: fast-xml-parser with maxNestedTags 64 fails at depth 66. */
export const MAX_ELEMENT_DEPTH = 65;

/** What one scan found: the elements, and whether the scan alone proves the text well-formed. */
export interface ScannedMarkup {
  /** Every element in document order, already in its tree. */
  elements: XmlElement[];
  /**
   * True when nothing in the text is among what XMLValidator rejects and the scan does not: every
   * tag and attribute name is an XML Name, no start tag repeats an attribute, every end tag names
   * the element it closes (and nothing else), every element is closed, and no processing
   * instruction follows the start of the text. False means "ask XMLValidator" (it names the error),
   * not that the text is malformed.
   */
  wellFormed: boolean;
}

/** Names seen, with whether each is an XML Name (names recur: one regex test per distinct name). */
const checkedNames = new Map<string, boolean>();
const CHECKED_NAMES_LIMIT = 50_000;

function isName(name: string): boolean {
  let ok = checkedNames.get(name);
  if (ok === undefined) {
    ok = isXmlName(name);
    if (checkedNames.size < CHECKED_NAMES_LIMIT) checkedNames.set(name, ok);
  }
  return ok;
}

/** Whether two attributes of one start tag have the same name (case-sensitive, as XML). */
function repeatsAttribute(attributes: readonly { name: string }[]): boolean {
  const n = attributes.length;
  if (n < 2) return false;
  if (n <= 8) {
    for (let a = 1; a < n; a++)
      for (let b = 0; b < a; b++) if (attributes[a]!.name === attributes[b]!.name) return true;
    return false;
  }
  return new Set(attributes.map((a) => a.name)).size !== n;
}

/**
 * The safety gate (docs/config-editing.md §8) and tokenizer in one pass over the text: refuses a
 * file that is too large, declares another encoding, holds characters XML forbids, a DOCTYPE or
 * other markup declaration, undefined entity references, `<` in an attribute value, reserved names
 * (`__proto__`, `constructor`, `prototype`), nesting deeper than {@link MAX_ELEMENT_DEPTH}, text or
 * a second element outside the root. XMLValidator does not check most of these.
 * Returns every element in document order, already in its tree (parent, children, end, content,
 * line and column; attribute values decoded once their references passed the gate), and whether
 * the scan also saw everything XMLValidator checks pass (`wellFormed`, docs/config-editing.md §5).
 * An end tag only closes the innermost open element here, and an element left open keeps `end` -1.
 */
export function scanMarkup(text: string, file: string, lines: LineIndex): ScannedMarkup {
  const fail = (offset: number, reason: string): never => {
    const { line, column } = lines.position(offset);
    throw new ConfigFileError(file, line, column, reason);
  };
  if (text.length > MAX_CONFIG_BYTES || Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) {
    fail(0, `The file is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB.`);
  }
  checkDeclaredEncoding(text, file);
  const bad = findForbiddenChar(text);
  if (bad !== -1) {
    const code = text.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0');
    fail(bad, `Character U+${code} is not allowed in an XML file.`);
  }

  const tags: XmlElement[] = [];
  /** The open elements, innermost last. */
  const open: XmlElement[] = [];
  const n = text.length;
  let depth = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const textStart = i;
  let wellFormed = true;
  // Next '&' at or after the scan position, kept as a cursor: searching from every text run and value
  // would rescan the rest of a file without any '&' each time.
  let nextAmp = -1;
  const checkReferences = (from: number, to: number): void => {
    if (nextAmp !== Infinity && nextAmp < from) {
      const k = text.indexOf('&', from);
      nextAmp = k === -1 ? Infinity : k;
    }
    if (nextAmp >= to) return;
    const ref = findBadReference(text, nextAmp, to);
    if (ref) fail(ref.index, ref.reason);
  };
  const contentInside = (): void => {
    const top = open[open.length - 1];
    if (top !== undefined) top.hasContent = true;
  };
  const checkText = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      if (isXmlSpace(text.charCodeAt(k))) continue;
      if (depth <= 0) fail(k, 'Text is not allowed outside the root element.');
      contentInside();
      break;
    }
    checkReferences(from, to);
  };
  const skipTo = (from: number, close: string, what: string): number => {
    const end = text.indexOf(close, from);
    return end === -1 ? fail(from, `${what} is not closed.`) : end + close.length;
  };

  for (;;) {
    const lt = text.indexOf('<', i);
    checkText(i, lt === -1 ? n : lt);
    if (lt === -1) break;
    const c = text[lt + 1];
    if (c === '!') {
      if (text.startsWith('<!--', lt)) {
        i = skipTo(lt + 4, '-->', 'Comment');
        contentInside();
      } else if (text.startsWith('<![CDATA[', lt)) {
        if (depth <= 0) fail(lt, 'CDATA is not allowed outside the root element.');
        i = skipTo(lt + 9, ']]>', 'CDATA section');
        contentInside();
      } else if (/^<!doctype/i.test(text.slice(lt, lt + 9))) {
        fail(lt, 'A DOCTYPE is not allowed in a config file (DTDs and entity declarations are refused).');
      } else fail(lt, 'Markup declarations (<!...>) are not allowed in a config file.');
    } else if (c === '?') {
      // XMLValidator refuses an XML declaration anywhere but at the start: let it judge any later PI.
      if (lt !== textStart) wellFormed = false;
      i = skipTo(lt + 2, '?>', 'Processing instruction');
      contentInside();
    } else if (c === '/') {
      i = skipTo(lt + 2, '>', 'End tag');
      depth--;
      const closed = open.pop();
      if (closed !== undefined) {
        closed.end = i;
        // `</name>` with optional white space before `>`, naming the element it closes.
        if (!text.startsWith(closed.name, lt + 2)) wellFormed = false;
        else
          for (let k = lt + 2 + closed.name.length; k < i - 1; k++)
            if (!isXmlSpace(text.charCodeAt(k))) {
              wellFormed = false;
              break;
            }
      } else wellFormed = false;
    } else {
      if (depth <= 0 && tags.length > 0)
        fail(lt, 'Only one root element is allowed; another element follows it.');
      let tag: ScannedStartTag;
      try {
        tag = scanStartTag(text, lt);
      } catch (e) {
        if (e instanceof TagSyntaxError) fail(e.offset, e.message);
        throw e;
      }
      if (RESERVED_NAMES.has(tag.name))
        fail(lt, `The element name '${tag.name}' is reserved and not supported.`);
      if (!isName(tag.name) || repeatsAttribute(tag.attributes)) wellFormed = false;
      for (const a of tag.attributes) {
        if (!isName(a.name)) wellFormed = false;
        if (RESERVED_NAMES.has(a.name))
          fail(a.nameStart, `The attribute name '${a.name}' is reserved and not supported.`);
        const angle = text.indexOf('<', a.valueStart);
        if (angle !== -1 && angle < a.valueEnd)
          fail(angle, `'<' is not allowed in the value of attribute '${a.name}'.`);
        checkReferences(a.valueStart, a.valueEnd);
        if (NEEDS_DECODING.test(a.raw)) a.value = decodeAttributeValue(a.raw);
      }
      if (depth + 1 > MAX_ELEMENT_DEPTH) {
        fail(lt, `Elements are nested deeper than ${MAX_ELEMENT_DEPTH} levels.`);
      }
      const parent = open.length > 0 ? open[open.length - 1]! : null;
      const { line, column } = lines.position(lt);
      // Built field by field (no spread): this runs for every element of every file read.
      const el: XmlElement = {
        name: tag.name,
        start: lt,
        end: tag.selfClosing ? tag.end : -1,
        startTagEnd: tag.end,
        selfClosing: tag.selfClosing,
        attributes: tag.attributes,
        children: NO_CHILDREN,
        hasContent: false,
        parent,
        line,
        column,
      };
      if (parent) {
        if (parent.children === NO_CHILDREN) parent.children = [el];
        else parent.children.push(el);
      }
      if (!tag.selfClosing) {
        depth++;
        open.push(el);
      }
      tags.push(el);
      i = tag.end;
    }
  }
  if (tags.length === 0) fail(n, 'The file has no root element.');
  if (open.length > 0) wellFormed = false;
  return { elements: tags, wellFormed };
}
