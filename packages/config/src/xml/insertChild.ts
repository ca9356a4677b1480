import type { Splice } from './applySplices.js';
import type { ConfigDocument } from './ConfigDocument.js';
import { preferredEol } from './detectIndentUnit.js';
import { isBlank, lineAt } from './lineAt.js';
import { renderElement, type NewElement, type RenderLayout } from './renderElement.js';
import type { XmlElement } from './XmlElement.js';

/**
 * The splice that adds `child` to `parent` (docs/config-editing.md §6.7, §6.8), placed and laid out
 * like its neighbours:
 * 1. after the last sibling of the same name;
 * 2. before the first `*Defaults` child (`<sites>`: sites come before siteDefaults & co.);
 * 3. a non-`<location>` child of `<configuration>`: before the first `<location>`;
 * 4. after the last element child; with none, before the closing tag (expanding `<x />`).
 * Indentation and line ending are copied from the reference line. A reference element that does
 * not start its line (e.g. `<configuration><system.web />…`) gets an inline insertion. `unit` is the
 * file's indentation step.
 */
export function insertChild(
  doc: ConfigDocument,
  parent: XmlElement,
  added: NewElement | readonly NewElement[],
  unit: string,
  removed?: ReadonlySet<XmlElement>,
): Splice {
  const text = doc.text;
  const list: readonly NewElement[] = Array.isArray(added) ? added : [added as NewElement];
  const child = list[0] as NewElement;
  // Several new children of one parent go in one splice, one per line like their neighbours.
  const render = (layout: RenderLayout, prefix = '', suffix = ''): string =>
    list.map((c) => prefix + renderElement(c, layout) + suffix).join('');
  // Children removed in the same edit do not anchor the insertion.
  const kids = removed ? parent.children.filter((k) => !removed.has(k)) : parent.children;
  const sameName = kids.findLast((k) => k.name === child.name);
  const before =
    sameName === undefined
      ? (kids.find((k) => k.name.endsWith('Defaults')) ??
        (parent === doc.root && parent.name === 'configuration' && child.name !== 'location'
          ? kids.find((k) => k.name === 'location')
          : undefined))
      : undefined;
  const after = before ? undefined : (sameName ?? kids.at(-1));
  const eolOf = (eol: string): string =>
    eol === '' || (eol === '\n' && text.includes('\r\n')) ? preferredEol(text) : eol;

  if (after) {
    const first = lineAt(text, after.start);
    if (!isBlank(text, first.start, after.start)) {
      return { start: after.end, end: after.end, text: render(inline) };
    }
    const indent = text.slice(first.start, after.start);
    const last = lineAt(text, after.end);
    const eol = eolOf(last.eol);
    // After the sibling's trailing blanks (or right after it when markup follows on its line), so
    // that removing the new element (removeElement) restores the file byte for byte.
    const at = isBlank(text, after.end, last.end) ? last.end : after.end;
    return { start: at, end: at, text: render({ indent, unit, eol }, eol + indent) };
  }
  if (before) {
    const line = lineAt(text, before.start);
    if (!isBlank(text, line.start, before.start)) {
      return { start: before.start, end: before.start, text: render(inline) };
    }
    const indent = text.slice(line.start, before.start);
    const eol = eolOf(line.eol);
    return {
      start: before.start,
      end: before.start,
      text: render({ indent, unit, eol }, '', eol + indent),
    };
  }

  const parentLine = lineAt(text, parent.start);
  const alone = isBlank(text, parentLine.start, parent.start);
  const outer = text.slice(parentLine.start, parent.start);
  const inner = outer + unit;
  const eol = eolOf(lineAt(text, parent.startTagEnd - 1).eol);
  const closeTag = `</${parent.name}>`;
  if (parent.selfClosing) {
    let tail = parent.end - 2;
    while (tail > parent.start && /[ \t\r\n]/.test(text.charAt(tail - 1))) tail--;
    const body = alone
      ? `>${render({ indent: inner, unit, eol }, eol + inner)}${eol}${outer}${closeTag}`
      : `>${render(inline)}${closeTag}`;
    return { start: tail, end: parent.end, text: body };
  }
  const closeStart = text.lastIndexOf('<', parent.end - 1);
  const closeLine = lineAt(text, closeStart);
  if (alone && closeLine.start >= parent.startTagEnd && isBlank(text, closeLine.start, closeStart)) {
    const at = closeLine.start;
    return { start: at, end: at, text: render({ indent: inner, unit, eol }, inner, eol) };
  }
  if (alone) {
    const body = render({ indent: inner, unit, eol }, eol + inner) + eol + outer;
    return { start: closeStart, end: closeStart, text: body };
  }
  return { start: closeStart, end: closeStart, text: render(inline) };
}

const inline = { indent: '', unit: '', eol: '' };
