import { applySplices, offsetMapper, sortSplices, type Splice } from './applySplices.js';
import type { ConfigDocument } from './ConfigDocument.js';
import { detectIndentUnit } from './detectIndentUnit.js';
import { escapeAttributeValue } from './escapeAttributeValue.js';
import { insertChild } from './insertChild.js';
import { removeElement } from './removeElement.js';
import { assertXmlName, type NewElement } from './renderElement.js';
import { EditSelfCheckError, verifyEdit } from './verifyEdit.js';
import type { XmlElement } from './XmlElement.js';

export interface EditResult {
  /** The new file text; `=== doc.text` when nothing changed. */
  text: string;
  changed: boolean;
  /** The new text, parsed (the edit's own read-back); the old document when nothing changed. */
  document: ConfigDocument;
}

interface AttributeEdits {
  set: Map<string, string>;
  remove: Set<string>;
}

/**
 * Edits planned against ONE parse of a document and spliced into its text in one pass
 * (docs/config-editing.md §6.11): attribute values replaced between their quotes, attributes
 * appended or removed, elements removed, children added. `apply()` checks the result (§7) and reads
 * every value back from a fresh parse before returning it. Edits must not overlap (a removed element
 * cannot also be edited inside).
 */
export class XmlEditBatch {
  private readonly attributeEdits = new Map<XmlElement, AttributeEdits>();
  private readonly removals = new Set<XmlElement>();
  private readonly additions = new Map<XmlElement, NewElement[]>();

  constructor(readonly doc: ConfigDocument) {}

  /** Sets an attribute: its value is replaced in place, or it is appended after the last attribute. */
  setAttribute(el: XmlElement, name: string, value: string): this {
    assertXmlName(name);
    const edits = this.edits(el);
    edits.remove.delete(name);
    edits.set.delete(name); // keep the order of the last call
    edits.set.set(name, value);
    return this;
  }

  /** Removes an attribute if the element has it. */
  removeAttribute(el: XmlElement, name: string): this {
    const edits = this.edits(el);
    edits.set.delete(name);
    edits.remove.add(name);
    return this;
  }

  removeElement(el: XmlElement): this {
    this.removals.add(el);
    return this;
  }

  /** Adds a child at the end of `parent`'s children (several calls for one parent keep their order). */
  addChild(parent: XmlElement, child: NewElement): this {
    const list = this.additions.get(parent);
    if (list) list.push(child);
    else this.additions.set(parent, [child]);
    return this;
  }

  apply(): EditResult {
    const doc = this.doc;
    const splices: Splice[] = [];
    const expected: Array<{ el: XmlElement; name: string; value: string | null }> = [];
    for (const [el, edits] of this.attributeEdits) {
      this.attributeSplices(el, edits, splices, expected);
    }
    for (const el of this.removals) splices.push(removeElement(doc, el));
    const added: Array<{ splice: Splice; children: NewElement[] }> = [];
    let unit: string | undefined;
    for (const [parent, children] of this.additions) {
      unit ??= detectIndentUnit(doc.text);
      const splice = insertChild(doc, parent, children, unit, this.removals);
      splices.push(splice);
      added.push({ splice, children });
    }
    if (splices.length === 0) return { text: doc.text, changed: false, document: doc };

    const sorted = sortSplices(splices);
    const text = applySplices(doc.text, sorted);
    const next = verifyEdit(doc, text, sorted);
    this.readBack(next, sorted, expected, added);
    return { text, changed: text !== doc.text, document: next };
  }

  private edits(el: XmlElement): AttributeEdits {
    let edits = this.attributeEdits.get(el);
    if (!edits) this.attributeEdits.set(el, (edits = { set: new Map(), remove: new Set() }));
    return edits;
  }

  private attributeSplices(
    el: XmlElement,
    edits: AttributeEdits,
    splices: Splice[],
    expected: Array<{ el: XmlElement; name: string; value: string | null }>,
  ): void {
    const last = el.attributes.at(-1);
    const quote = last?.quote ?? '"';
    let appended = '';
    for (const [name, value] of edits.set) {
      expected.push({ el, name, value });
      const attr = el.attributes.find((a) => a.name === name);
      if (!attr) appended += ` ${name}=${quote}${escapeAttributeValue(value, quote, name)}${quote}`;
      else if (attr.value !== value) {
        splices.push({
          start: attr.valueStart,
          end: attr.valueEnd,
          text: escapeAttributeValue(value, attr.quote, name),
        });
      }
    }
    for (const name of edits.remove) {
      expected.push({ el, name, value: null });
      const attr = el.attributes.find((a) => a.name === name);
      if (attr) splices.push({ start: attr.start, end: attr.valueEnd + 1, text: '' });
    }
    if (appended) {
      const at = last ? last.valueEnd + 1 : el.start + 1 + el.name.length;
      splices.push({ start: at, end: at, text: appended });
    }
  }

  /** Reads every planned value back from the re-parsed text (docs/config-editing.md §7 step 2). */
  private readBack(
    next: ConfigDocument,
    sorted: readonly Splice[],
    expected: ReadonlyArray<{ el: XmlElement; name: string; value: string | null }>,
    added: ReadonlyArray<{ splice: Splice; children: NewElement[] }>,
  ): void {
    const map = offsetMapper(sorted);
    const fail = (reason: string): never => {
      throw new EditSelfCheckError(this.doc.file, reason);
    };
    for (const { el, name, value } of expected) {
      const now = next.elementAt(map(el.start));
      if (now?.name !== el.name) fail(`<${el.name}> is not where it was after the edit.`);
      const got = now?.attributes.find((a) => a.name === name)?.value ?? null;
      if (got !== value) fail(`attribute '${name}' of <${el.name}> reads back as ${JSON.stringify(got)}.`);
    }
    const newStart = new Map<Splice, number>();
    let shift = 0;
    for (const s of sorted) {
      newStart.set(s, s.start + shift);
      shift += s.text.length - (s.end - s.start);
    }
    for (const { splice, children } of added) {
      let from = 0;
      for (const child of children) {
        const at = splice.text.indexOf(`<${child.name}`, from);
        const now = at < 0 ? undefined : next.elementAt((newStart.get(splice) as number) + at);
        if (!now || !matches(now, child)) fail(`the new <${child.name}> does not read back as written.`);
        from = at + 1 + (now ? now.end - now.start - 1 : 0);
      }
    }
    for (const el of this.removals) {
      const parent = el.parent;
      if (!parent || this.removals.has(parent)) continue;
      const now = next.elementAt(map(parent.start));
      const gone = parent.children.filter((c) => this.removals.has(c)).length;
      const plus = this.additions.get(parent)?.length ?? 0;
      if (now?.children.length !== parent.children.length - gone + plus)
        fail(`<${el.name}> was not removed.`);
    }
  }
}

function matches(el: XmlElement, spec: NewElement): boolean {
  const attrs = spec.attributes ?? [];
  const kids = spec.children ?? [];
  if (el.name !== spec.name || el.attributes.length !== attrs.length || el.children.length !== kids.length) {
    return false;
  }
  for (const [i, [name, value]] of attrs.entries()) {
    const a = el.attributes[i];
    if (a?.name !== name || a.value !== value) return false;
  }
  return kids.every((k, i) => {
    const c = el.children[i];
    return c !== undefined && matches(c, k);
  });
}
