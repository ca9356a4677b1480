import { ConfigFileError } from '../errors.js';
import { checkDeclaredEncoding } from './decodeConfigText.js';
import type { LineIndex } from './LineIndex.js';
import { findBadReference } from './readReference.js';
import { scanStartTag, TagSyntaxError, type ScannedStartTag } from './scanStartTag.js';
import { findForbiddenChar, isXmlSpace, RESERVED_NAMES } from './xmlChars.js';

/** Files larger than this are refused (docs/config-editing.md §8; the largest real file is 212 KB). */
export const MAX_CONFIG_BYTES = 32 * 1024 * 1024;
/** Deepest element nesting accepted: fast-xml-parser with maxNestedTags 64 fails at depth 66. */
export const MAX_ELEMENT_DEPTH = 65;

/**
 * The safety gate (docs/config-editing.md §8) and tokenizer in one pass over the text: refuses a
 * file that is too large, declares another encoding, holds characters XML forbids, a DOCTYPE or
 * other markup declaration, undefined entity references, `<` in an attribute value, reserved names
 * (`__proto__`, `constructor`, `prototype`), nesting deeper than {@link MAX_ELEMENT_DEPTH}, text or
 * a second element outside the root. XMLValidator does not check most of these.
 * Returns every start tag in document order, with its attribute offsets.
 */
export function scanMarkup(text: string, file: string, lines: LineIndex): ScannedStartTag[] {
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

  const tags: ScannedStartTag[] = [];
  const n = text.length;
  let depth = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
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
  const checkText = (from: number, to: number): void => {
    if (depth <= 0) {
      for (let k = from; k < to; k++) {
        if (!isXmlSpace(text.charCodeAt(k))) fail(k, 'Text is not allowed outside the root element.');
      }
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
      if (text.startsWith('<!--', lt)) i = skipTo(lt + 4, '-->', 'Comment');
      else if (text.startsWith('<![CDATA[', lt)) {
        if (depth <= 0) fail(lt, 'CDATA is not allowed outside the root element.');
        i = skipTo(lt + 9, ']]>', 'CDATA section');
      } else if (/^<!doctype/i.test(text.slice(lt, lt + 9))) {
        fail(lt, 'A DOCTYPE is not allowed in a config file (DTDs and entity declarations are refused).');
      } else fail(lt, 'Markup declarations (<!...>) are not allowed in a config file.');
    } else if (c === '?') {
      i = skipTo(lt + 2, '?>', 'Processing instruction');
    } else if (c === '/') {
      i = skipTo(lt + 2, '>', 'End tag');
      depth--;
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
      for (const a of tag.attributes) {
        if (RESERVED_NAMES.has(a.name))
          fail(a.nameStart, `The attribute name '${a.name}' is reserved and not supported.`);
        const angle = text.indexOf('<', a.valueStart);
        if (angle !== -1 && angle < a.valueEnd)
          fail(angle, `'<' is not allowed in the value of attribute '${a.name}'.`);
        checkReferences(a.valueStart, a.valueEnd);
      }
      if (depth + 1 > MAX_ELEMENT_DEPTH) {
        fail(lt, `Elements are nested deeper than ${MAX_ELEMENT_DEPTH} levels.`);
      }
      tags.push(tag);
      if (!tag.selfClosing) depth++;
      i = tag.end;
    }
  }
  if (tags.length === 0) fail(n, 'The file has no root element.');
  return tags;
}
