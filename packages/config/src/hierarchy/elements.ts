import type { XmlAttribute, XmlElement } from '../xml/XmlElement.js';

/** The decoded value of an attribute (XML names are case-sensitive, as in IIS). */
export function attrValue(el: XmlElement, name: string): string | undefined {
  return findAttr(el, name)?.value;
}

export function findAttr(el: XmlElement, name: string): XmlAttribute | undefined {
  for (const a of el.attributes) if (a.name === name) return a;
  return undefined;
}

export function childElements(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

export function firstChild(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

/** Follows a path of element names below `el` (first match at each step). */
export function descend(el: XmlElement, path: readonly string[]): XmlElement | undefined {
  let cur: XmlElement | undefined = el;
  for (const name of path) {
    if (!cur) return undefined;
    cur = firstChild(cur, name);
  }
  return cur;
}

/** `.NET bool.Parse` semantics: case-insensitive true/false, surrounding whitespace allowed. */
export function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}
