// Effective values of a section along the hierarchy, for any schema: attributes (last level wins),
// child elements (merged the same way), collections (`<add>` / `<remove>` / `<clear/>` in document
// order, level by level, `mergeAppend` honoured) and the locks that bind the level a write edits
// (`lockAttributes`, `lockAllAttributesExcept`, `lockElements`, `lockAllElementsExcept`, `lockItem`).
// See docs/engine.md, "Reading a section".

import type {
  AttributeSchema,
  AttributeView,
  CollectionItemView,
  CollectionSchema,
  CollectionView,
  ElementView,
  EngineOrigin,
} from '@iis-console/config-common';
import { ElementSchema, MASKED_VALUE, defaultValueText, readStoredValue } from '@iis-console/config-common';
import type { ConfigFileError } from '../errors.js';
import { attrValue, childElements } from '../hierarchy/elements.js';
import type { SectionLayer } from '../hierarchy/sectionLayers.js';
import type { XmlElement } from '../xml/XmlElement.js';
import { LOCK_VIOLATION_MESSAGE } from './messages.js';
import { isAbove } from './sectionLock.js';

/** Attributes that configure the configuration system itself, never values of an element. */
export const META_ATTRIBUTES = new Set([
  'configSource',
  'lockAttributes',
  'lockAllAttributesExcept',
  'lockElements',
  'lockAllElementsExcept',
  'lockItem',
  'configProtectionProvider',
  'xmlns',
]);

export function isMetaAttribute(name: string): boolean {
  return META_ATTRIBUTES.has(name) || name.startsWith('xmlns:') || name.startsWith('xdt:');
}

/** One element along the hierarchy: where it is, and whether it is above the level a write edits. */
export interface ElementNode {
  el: XmlElement;
  layer: SectionLayer;
  /** The element lies in the place a write at this level edits. */
  local: boolean;
  /** The element lies at a parent level of the write position: its locks bind the write. */
  above: boolean;
}

/** What the merge needs from its caller: origins in the caller's form. */
export interface MergeContext {
  origin(layer: SectionLayer, offset: number): Exclude<EngineOrigin, 'default'>;
  errors: ConfigFileError[];
  fileError(layer: SectionLayer, offset: number, message: string): ConfigFileError;
}

/** The XML element behind each local item, for writes (kept out of the view, which is plain data). */
export type ItemElements = Map<CollectionItemView, XmlElement>;

function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The attributes that identify an item: the unique key, or the parts of a combined key. Several
 * `isUniqueKey` attributes (a site's `name` and `id`) are each unique on their own: the first
 * identifies the item, the others are checked by `otherUniqueKeys`.
 */
export function keyAttributes(collection: CollectionSchema): AttributeSchema[] {
  const unique = collection.attributes.filter((a) => a.isUniqueKey);
  if (unique.length > 0) return unique.slice(0, 1);
  const combined = collection.attributes.filter((a) => a.isCombinedKey);
  if (combined.length > 0) return combined;
  return collection.attributes;
}

/** Further attributes that must be unique on their own (a site's `id` beside its `name`). */
export function otherUniqueKeys(collection: CollectionSchema): AttributeSchema[] {
  return collection.attributes.filter((a) => a.isUniqueKey).slice(1);
}

/** The schema of one collection item (the collection's attributes, elements and nested collection). */
export function itemSchema(collection: CollectionSchema, name: string): ElementSchema {
  return new ElementSchema({
    name,
    attributes: collection.attributes,
    elements: collection.elements,
    collection: collection.collection,
    allowUnrecognizedAttributes: collection.allowUnrecognizedAttributes,
  });
}

function attributeView(
  schema: AttributeSchema,
  nodes: readonly ElementNode[],
  ctx: MergeContext,
  isKey: boolean,
): AttributeView {
  const defaultValue = defaultValueText(schema);
  const view: AttributeView = {
    name: schema.name,
    type: schema.type,
    value: defaultValue,
    origin: 'default',
    local: false,
    locked: false,
    defaultValue,
  };
  if (isKey) view.isKey = true;
  if (schema.required) view.required = true;
  if (schema.encrypted) view.encrypted = true;
  if ((schema.type === 'enum' || schema.type === 'flags') && schema.enumValues)
    view.choices = schema.enumValues.map((e) => e.name);
  let inherited: { value: string; stored?: string; origin: EngineOrigin } = {
    value: defaultValue,
    origin: 'default',
  };
  const lockers: ElementNode[] = [];
  for (const node of nodes) {
    const attr = node.el.attributes.find((a) => a.name === schema.name);
    if (attr) {
      // Set below a level that locks it: IIS's "Lock violation" for that file and line.
      const here = { chainIndex: node.layer.chainIndex, configPath: node.layer.configPath };
      if (lockers.some((l) => isAbove(l.layer, here)))
        ctx.errors.push(ctx.fileError(node.layer, attr.nameStart, LOCK_VIOLATION_MESSAGE));
      const read = readStoredValue(schema, attr.value);
      if (!node.local)
        inherited = { value: read.value, stored: attr.value, origin: ctx.origin(node.layer, attr.nameStart) };
      view.value = read.value;
      view.stored = attr.value;
      view.origin = ctx.origin(node.layer, attr.nameStart);
      view.local = node.local;
      if (read.error) view.error = read.error;
      else delete view.error;
    }
    if (locksAttribute(node.el, schema.name)) {
      lockers.push(node);
      if (node.above && !view.locked) {
        view.locked = true;
        view.lockedBy = ctx.origin(node.layer, node.el.start);
      }
    }
  }
  if (view.local) {
    view.inheritedValue = inherited.value;
    view.inheritedOrigin = inherited.origin;
    if (inherited.stored !== undefined) view.inheritedStored = inherited.stored;
  }
  if (schema.encrypted) {
    if (view.stored !== undefined) view.stored = view.value = MASKED_VALUE;
    if (inherited.stored !== undefined) view.inheritedStored = view.inheritedValue = MASKED_VALUE;
  }
  return view;
}

/** `lockAttributes` names the attribute (or `*`), or `lockAllAttributesExcept` leaves it out. */
function locksAttribute(el: XmlElement, name: string): boolean {
  const list = splitList(attrValue(el, 'lockAttributes'));
  const except = attrValue(el, 'lockAllAttributesExcept');
  return (
    list.includes('*') || list.includes(name) || (except !== undefined && !splitList(except).includes(name))
  );
}

/** Whether a parent level locks the child element `name` of these nodes (`lockElements`). */
function elementLockedBy(nodes: readonly ElementNode[], name: string): ElementNode | undefined {
  for (const node of nodes) {
    if (!node.above) continue;
    const list = splitList(attrValue(node.el, 'lockElements'));
    const except = attrValue(node.el, 'lockAllElementsExcept');
    if (
      list.includes('*') ||
      list.includes(name) ||
      (except !== undefined && !splitList(except).includes(name))
    )
      return node;
  }
  return undefined;
}

/** Merges one element (the section, a child element or a collection item) along its nodes, parent first. */
export function mergeElement(
  schema: ElementSchema,
  nodes: readonly ElementNode[],
  ctx: MergeContext,
  path: string,
  items: ItemElements,
  keyNames: ReadonlySet<string> = new Set(),
): ElementView {
  const attributes: Record<string, AttributeView> = {};
  for (const a of schema.attributes) attributes[a.name] = attributeView(a, nodes, ctx, keyNames.has(a.name));
  const unknownAttributes: ElementView['unknownAttributes'] = [];
  const allowUnknown = schema.allowUnrecognizedAttributes;
  for (const node of nodes) {
    for (const a of node.el.attributes) {
      if (isMetaAttribute(a.name) || schema.attributes.some((s) => s.name === a.name)) continue;
      unknownAttributes.push({ name: a.name, value: a.value, origin: ctx.origin(node.layer, a.nameStart) });
      if (!allowUnknown)
        ctx.errors.push(ctx.fileError(node.layer, a.nameStart, `Unrecognized attribute '${a.name}'`));
    }
  }
  const elements: Record<string, ElementView> = {};
  for (const child of schema.elements) {
    const childNodes: ElementNode[] = [];
    for (const node of nodes) {
      for (const el of childElements(node.el, child.name)) childNodes.push({ ...node, el });
    }
    const view = mergeElement(child, childNodes, ctx, joinPath(path, child.name), items);
    view.locked = elementLockedBy(nodes, child.name) !== undefined;
    elements[child.name] = view;
  }
  const view: ElementView = {
    name: schema.name,
    path,
    attributes,
    elements,
    locked: false,
    unknownAttributes,
  };
  if (schema.collection) {
    const defaults = schema.collection.defaultElement
      ? elements[schema.collection.defaultElement]
      : undefined;
    view.collection = mergeCollection(schema.collection, nodes, ctx, path, items, defaults);
  }
  return view;
}

/**
 * Values an item does not set come from the collection's defaults element (`applicationPoolDefaults`,
 * `siteDefaults`), as IIS reads them; the origin then names the defaults element's file.
 */
function applyDefaults(
  item: { attributes: Record<string, AttributeView>; elements: Record<string, ElementView> },
  defaults: ElementView,
): void {
  for (const [name, attr] of Object.entries(item.attributes)) {
    const d = defaults.attributes[name];
    if (attr.origin !== 'default' || !d || d.origin === 'default') continue;
    attr.value = d.value;
    attr.origin = d.origin;
  }
  for (const [name, el] of Object.entries(item.elements)) {
    const d = defaults.elements[name];
    if (d) applyDefaults(el, d);
  }
}

export function joinPath(base: string, segment: string): string {
  if (base === '') return segment;
  return segment.startsWith('[') ? `${base}${segment}` : `${base}.${segment}`;
}

/** `[name='DefaultAppPool']`, `[protocol='http',bindingInformation='*:80:']` (appcmd's item selector). */
export function itemSelector(key: Record<string, string>): string {
  return `[${Object.entries(key)
    .map(([k, v]) => `${k}='${v}'`)
    .join(',')}]`;
}

/** One string per key (case folded unless the key attribute is caseSensitive), for sets and maps. */
export function keyId(key: Record<string, string>, keys: readonly AttributeSchema[]): string {
  let id = '';
  for (const k of keys) {
    const v = key[k.name] ?? '';
    id += (k.caseSensitive ? v : v.toLowerCase()) + '\u0000';
  }
  return id;
}

export function sameKey(
  a: Record<string, string>,
  b: Record<string, string>,
  keys: readonly AttributeSchema[],
): boolean {
  return keys.every((k) => {
    const x = a[k.name] ?? '';
    const y = b[k.name] ?? '';
    return k.caseSensitive ? x === y : x.toLowerCase() === y.toLowerCase();
  });
}

/** IIS's message for a second item with the same key. */
export function duplicateMessage(
  elementName: string,
  keys: readonly AttributeSchema[],
  key: Record<string, string>,
): string {
  if (keys.length === 1) {
    const k = keys[0]!;
    return `Cannot add duplicate collection entry of type '${elementName}' with unique key attribute '${k.name}' set to '${key[k.name] ?? ''}'`;
  }
  return `Cannot add duplicate collection entry of type '${elementName}' with combined key attributes '${keys
    .map((k) => k.name)
    .join(', ')}' respectively set to '${keys.map((k) => key[k.name] ?? '').join(', ')}'`;
}

function mergeCollection(
  schema: CollectionSchema,
  nodes: readonly ElementNode[],
  ctx: MergeContext,
  path: string,
  items: ItemElements,
  defaults: ElementView | undefined,
): CollectionView {
  const addNames = schema.addElementNames;
  const keys = keyAttributes(schema);
  const keyNames = new Set(keys.map((k) => k.name));
  const schemas = new Map<string, ElementSchema>();
  let list: CollectionItemView[] = [];
  // Keys present (inherited and this level's), for duplicate checks in constant time.
  const present = new Set<string>();
  let clearedAt: EngineOrigin | undefined;
  const lockedElements = new Set<string>();
  for (const node of nodes) {
    let layerAdds: CollectionItemView[] = [];
    for (const child of node.el.children) {
      if (schema.clearElement && child.name === schema.clearElement) {
        list = [];
        layerAdds = [];
        present.clear();
        clearedAt = ctx.origin(node.layer, child.start);
      } else if (schema.removeElement && child.name === schema.removeElement) {
        const key: Record<string, string> = {};
        for (const k of keys) key[k.name] = attrValue(child, k.name) ?? defaultValueText(k);
        const id = keyId(key, keys);
        if (!present.delete(id)) continue;
        list = list.filter((i) => keyId(i.key, keys) !== id);
        layerAdds = layerAdds.filter((i) => keyId(i.key, keys) !== id);
      } else if (addNames.includes(child.name)) {
        let item = schemas.get(child.name);
        if (!item) schemas.set(child.name, (item = itemSchema(schema, child.name)));
        const merged = mergeElement(item, [{ ...node, el: child }], ctx, '', items, keyNames);
        const key: Record<string, string> = {};
        for (const k of keys) key[k.name] = merged.attributes[k.name]?.value ?? '';
        const view: CollectionItemView = {
          elementName: child.name,
          key,
          attributes: merged.attributes,
          elements: merged.elements,
          origin: ctx.origin(node.layer, child.start),
          local: node.local,
          locked: node.above && (attrValue(child, 'lockItem') ?? '').trim().toLowerCase() === 'true',
        };
        if (merged.collection) view.collection = merged.collection;
        if (defaults) applyDefaults(view, defaults);
        // Paths of nested elements name the item: `[name='x'].processModel`.
        relabel(view, joinPath(path, itemSelector(key)));
        const id = keyId(key, keys);
        if (!schema.allowDuplicates && present.has(id)) {
          ctx.errors.push(ctx.fileError(node.layer, child.start, duplicateMessage(child.name, keys, key)));
          continue;
        }
        present.add(id);
        if (node.local) items.set(view, child);
        layerAdds.push(view);
      }
    }
    list = schema.mergeAppend ? [...list, ...layerAdds] : [...layerAdds, ...list];
    if (node.above) {
      const locked = splitList(attrValue(node.el, 'lockElements'));
      for (const n of [...addNames, schema.removeElement, schema.clearElement]) {
        if (n && (locked.includes(n) || locked.includes('*'))) lockedElements.add(n);
      }
    }
  }
  const view: CollectionView = {
    addElement: addNames,
    keys: keys.map((k) => k.name),
    allowDuplicates: schema.allowDuplicates,
    mergeAppend: schema.mergeAppend,
    items: list,
    lockedElements: [...lockedElements],
  };
  if (schema.removeElement) view.removeElement = schema.removeElement;
  if (schema.clearElement) view.clearElement = schema.clearElement;
  if (clearedAt) view.clearedAt = clearedAt;
  return view;
}

function relabel(
  item: { elements: Record<string, ElementView>; collection?: CollectionView },
  base: string,
): void {
  for (const [name, el] of Object.entries(item.elements)) {
    el.path = joinPath(base, name);
    relabel(el, el.path);
  }
  for (const sub of item.collection?.items ?? []) relabel(sub, joinPath(base, itemSelector(sub.key)));
}

/** Where an attribute's effective value is stored: the value as written, and its origin. */
export interface StoredAttribute {
  stored: string;
  origin: Exclude<EngineOrigin, 'default'>;
}

/**
 * The stored value of each of `names` that wins along a section's layers (parent first: the last
 * layer that sets an attribute wins, as in `mergeElement`), with its origin; absent where only the
 * schema default applies. No views, no locks: what a reader that writes nothing needs of many
 * levels at once (the sites overview). Origins are asked for the winners only.
 */
export function winningAttributes<N extends string>(
  layers: readonly SectionLayer[],
  origin: MergeContext['origin'],
  names: readonly N[],
): Partial<Record<N, StoredAttribute>> {
  const found: Partial<Record<N, StoredAttribute>> = {};
  let left = names.length;
  for (let i = layers.length - 1; i >= 0 && left > 0; i--) {
    const layer = layers[i]!;
    for (const attr of layer.element.attributes) {
      const name = attr.name as N;
      if (found[name] !== undefined || !names.includes(name)) continue;
      found[name] = { stored: attr.value, origin: origin(layer, attr.nameStart) };
      left--;
    }
  }
  return found;
}
