// One node of a planned edit: an element of the local XML (or a new one) and what changes in it. The
// tree mirrors the part of the file a change touches; emit() turns it into splices (docs/engine.md,
// "Changes": elements left with nothing are removed).

import type { NewElement } from '../xml/renderElement.js';
import type { XmlEditBatch } from '../xml/XmlEditBatch.js';
import type { XmlElement } from '../xml/XmlElement.js';

export class LocalNode {
  readonly set = new Map<string, string>();
  readonly remove = new Set<string>();
  readonly children: LocalNode[] = [];
  readonly removedChildren = new Set<XmlElement>();
  /** Written even with no attributes (`<clear />`). */
  keep = false;

  constructor(
    readonly name: string,
    readonly el: XmlElement | undefined,
  ) {}

  /** The first child element of that name (existing, or planned new). */
  child(name: string): LocalNode {
    const found = this.children.find(
      (c) => c.name === name && !c.keep && (c.el !== undefined || !c.isDirective),
    );
    if (found) return found;
    const existing = this.el?.children.find((c) => c.name === name);
    const node = new LocalNode(name, existing);
    this.children.push(node);
    return node;
  }

  /** The node of an existing child element (a local collection item). */
  existing(el: XmlElement): LocalNode {
    let node = this.children.find((c) => c.el === el);
    if (!node) {
      node = new LocalNode(el.name, el);
      this.children.push(node);
    }
    return node;
  }

  /** A new child (an `<add>`, `<remove>` or `<clear/>` directive), after every other. */
  addNew(name: string, attributes: Array<[string, string]>, keep = false): LocalNode {
    const node = new LocalNode(name, undefined);
    node.isDirective = true;
    node.keep = keep;
    for (const [k, v] of attributes) node.set.set(k, v);
    this.children.push(node);
    return node;
  }

  isDirective = false;

  /** Nothing would be left of the element after the edit (no attributes, children or other content). */
  get empty(): boolean {
    if (this.keep) return false;
    if (!this.el) return this.set.size === 0 && this.children.every((c) => c.empty);
    const el = this.el;
    const attrs =
      el.attributes.filter((a) => !this.remove.has(a.name)).length +
      [...this.set.keys()].filter((n) => !el.attributes.some((a) => a.name === n)).length;
    if (attrs > 0 || el.hasContent) return false;
    const touched = new Map(this.children.filter((c) => c.el).map((c) => [c.el!, c] as const));
    const existingLeft = el.children.filter((k) => {
      if (this.removedChildren.has(k)) return false;
      const t = touched.get(k);
      return !(t && t.empty);
    }).length;
    const newLeft = this.children.filter((c) => !c.el && !c.empty).length;
    return existingLeft + newLeft === 0;
  }

  toNewElement(): NewElement {
    return {
      name: this.name,
      attributes: [...this.set],
      children: this.children.filter((c) => !c.empty).map((c) => c.toNewElement()),
    };
  }

  /** Adds this node's edits (an existing element that stays) to the batch. */
  emit(batch: XmlEditBatch): void {
    const el = this.el!;
    for (const [k, v] of this.set) batch.setAttribute(el, k, v);
    for (const k of this.remove) batch.removeAttribute(el, k);
    for (const k of this.removedChildren) batch.removeElement(k);
    for (const c of this.children) {
      if (c.el) {
        if (this.removedChildren.has(c.el)) continue;
        if (c.empty) batch.removeElement(c.el);
        else c.emit(batch);
      } else if (!c.empty) batch.addChild(el, c.toNewElement());
    }
  }

  get changed(): boolean {
    return (
      this.set.size > 0 ||
      this.remove.size > 0 ||
      this.removedChildren.size > 0 ||
      this.children.some((c) => (c.el ? c.changed : !c.empty))
    );
  }
}
