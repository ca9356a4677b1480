import type { Splice } from './applySplices.js';
import type { ConfigDocument } from './ConfigDocument.js';
import { isBlank, lineAt } from './lineAt.js';
import type { XmlElement } from './XmlElement.js';

/**
 * The splice that removes an element (docs/config-editing.md §6.5) without leaving a blank line:
 * the whole line(s), indentation and line ending included, when it stands alone; the line break and
 * indentation before it when it starts its line but markup follows it; otherwise exactly its span.
 */
export function removeElement(doc: ConfigDocument, el: XmlElement): Splice {
  const text = doc.text;
  const first = lineAt(text, el.start);
  if (!isBlank(text, first.start, el.start)) return { start: el.start, end: el.end, text: '' };
  const last = lineAt(text, el.end);
  const lineBreakBefore = first.start === 0 ? 0 : text.charCodeAt(first.start - 2) === 0x0d ? 2 : 1;
  if (!isBlank(text, el.end, last.end) || last.eol === '') {
    // Markup (or the end of the file) follows on its last line: take the line break before it
    // instead, which is what insertChild adds after such a sibling.
    return { start: first.start - lineBreakBefore, end: el.end, text: '' };
  }
  return { start: first.start, end: last.end + last.eol.length, text: '' };
}
