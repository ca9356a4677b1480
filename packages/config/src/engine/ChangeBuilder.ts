// Turns a change object into planned edits of the local XML (LocalNode), checking every rule on the
// way: unknown names, values, locks, duplicates, missing items (docs/engine.md, "Changes").

import type {
  AttributeSchema,
  CollectionChange,
  CollectionItemView,
  CollectionSchema,
  CollectionView,
  ElementSchema,
  ElementView,
  EngineOrigin,
  FieldError,
  PathSegment,
  SectionSchema,
} from '@iis-console/config-common';
import { checkAttributeValue, parseElementPath } from '@iis-console/config-common';
import type { LocalNode } from './LocalNode.js';
import type { ItemElements } from './mergeElement.js';
import { duplicateMessage, itemSchema, keyAttributes, otherUniqueKeys, sameKey } from './mergeElement.js';
import { LOCK_VIOLATION_MESSAGE, MISSING_ITEM } from './messages.js';

/** The lock attributes a change may write, by their lower-case name. */
const LOCK_ATTRIBUTES = new Map(
  ['lockAttributes', 'lockAllAttributesExcept', 'lockElements', 'lockAllElementsExcept', 'lockItem'].map(
    (n) => [n.toLowerCase(), n] as const,
  ),
);

/** What the builder reads: the section's schema and effective view, and the XML of local items. */
export interface ChangeContext {
  schema: SectionSchema;
  view: ElementView;
  items: ItemElements;
}

export interface Resolved {
  schema: ElementSchema;
  view: ElementView;
  node: LocalNode;
}

/** Turns a change object into planned edits of the local XML, checking every rule on the way. */
export class ChangeBuilder {
  constructor(
    private readonly c: ChangeContext,
    private readonly errors: FieldError[],
    /** Values come checked and canonical from a feature's own rules: written as given. */
    private readonly validated = false,
  ) {}

  /** Walks a dotted element path (`requestLimits`, `[name='x'].processModel`) from the section. */
  resolve(path: string, root: LocalNode): Resolved | undefined {
    let segments: PathSegment[];
    try {
      segments = parseElementPath(path);
    } catch (e) {
      this.errors.push({ attribute: path, rule: 'PATH', message: (e as Error).message });
      return undefined;
    }
    let schema: ElementSchema = this.c.schema;
    let view: ElementView = this.c.view;
    let node = root;
    for (const seg of segments) {
      if (seg.kind === 'element') {
        const child = schema.element(seg.name);
        const childView = view.elements[seg.name];
        if (!child || !childView) {
          this.errors.push({
            attribute: path,
            rule: 'UNKNOWN',
            message: `Unrecognized element '${seg.name}'`,
          });
          return undefined;
        }
        if (childView.locked) {
          this.errors.push({ attribute: path, rule: 'LOCK', message: LOCK_VIOLATION_MESSAGE });
          return undefined;
        }
        schema = child;
        view = childView;
        node = node.child(seg.name);
      } else {
        const collection = schema.collection;
        const items = view.collection;
        if (!collection || !items) {
          this.errors.push({
            attribute: path,
            rule: 'PATH',
            message: `The element '${view.name}' has no collection.`,
          });
          return undefined;
        }
        const item = findItem(items, seg.key, keyAttributes(collection));
        if (!item) {
          // An item added earlier in this change (a new site, then its bindings and applications).
          const planned = node.children.find(
            (n) =>
              !n.el &&
              collection.addElementNames.includes(n.name) &&
              matchesKey(Object.fromEntries(n.set), seg.key, keyAttributes(collection)),
          );
          if (planned) {
            schema = itemSchema(collection, planned.name);
            view = blankView(schema, path);
            node = planned;
            continue;
          }
          this.errors.push({ attribute: path, rule: 'NOT_FOUND', message: MISSING_ITEM });
          return undefined;
        }
        const el = this.c.items.get(item);
        if (!item.local || !el) {
          this.errors.push({
            attribute: path,
            rule: 'INHERITED',
            message: `The collection element ${path} is inherited from ${originText(item.origin)}; change it at that level.`,
          });
          return undefined;
        }
        if (item.locked) {
          this.errors.push({ attribute: path, rule: 'LOCK', message: LOCK_VIOLATION_MESSAGE });
          return undefined;
        }
        schema = itemSchema(collection, item.elementName);
        view = {
          name: item.elementName,
          path,
          attributes: item.attributes,
          elements: item.elements,
          locked: false,
          unknownAttributes: [],
        };
        if (item.collection) view.collection = item.collection;
        node = node.existing(el);
      }
    }
    return { schema, view, node };
  }

  attributes(
    schema: ElementSchema,
    view: ElementView,
    node: LocalNode,
    changes: Record<string, string | null>,
    path: string,
    isItem = false,
  ): void {
    for (const [name, value] of Object.entries(changes)) {
      const label = path ? `${path}.${name}` : name;
      const lock = LOCK_ATTRIBUTES.get(name.toLowerCase());
      if (lock) {
        this.lockAttribute(schema, node, lock, value, label, isItem);
        continue;
      }
      const attr = findSchemaAttribute(schema.attributes, name);
      if (!attr) {
        this.errors.push({ attribute: label, rule: 'UNKNOWN', message: `Unrecognized attribute '${name}'` });
        continue;
      }
      const current = view.attributes[attr.name];
      if (current?.locked) {
        this.errors.push({ attribute: label, rule: 'LOCK', message: LOCK_VIOLATION_MESSAGE });
        continue;
      }
      if (value === null) {
        if (current?.local) node.remove.add(attr.name);
        continue;
      }
      const checked = this.validated ? { ok: true as const, value } : checkAttributeValue(attr, value);
      if (!checked.ok) {
        this.errors.push({ attribute: label, rule: 'VALUE', message: checked.message });
        continue;
      }
      if (current?.local && !attr.encrypted && current.stored === checked.value) continue;
      node.set.set(attr.name, checked.value);
    }
  }

  /**
   * `lockAttributes`, `lockAllAttributesExcept`, `lockElements`, `lockAllElementsExcept` on an element
   * and `lockItem` on a collection item: written at this level, they bind the levels below
   * (docs/placement-and-locking.md §4.8). Names must be the element's own (or `*`).
   */
  private lockAttribute(
    schema: ElementSchema,
    node: LocalNode,
    name: string,
    value: string | null,
    label: string,
    isItem: boolean,
  ): void {
    if (name === 'lockItem' && !isItem) {
      this.errors.push({ attribute: label, rule: 'UNKNOWN', message: `Unrecognized attribute '${name}'` });
      return;
    }
    if (value === null) {
      if (node.el?.attributes.some((a) => a.name === name)) node.remove.add(name);
      return;
    }
    if (name === 'lockItem') {
      const v = value.trim().toLowerCase();
      if (v !== 'true' && v !== 'false') {
        this.errors.push({
          attribute: label,
          rule: 'VALUE',
          message: `The value '${value}' is not valid: a boolean value must be true or false.`,
        });
        return;
      }
      node.set.set(name, v);
      return;
    }
    const names = value
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const forAttributes = name === 'lockAttributes' || name === 'lockAllAttributesExcept';
    const known = forAttributes
      ? schema.attributes.map((a) => a.name)
      : [
          ...schema.elements.map((e) => e.name),
          ...(schema.collection
            ? [
                ...schema.collection.addElementNames,
                schema.collection.removeElement,
                schema.collection.clearElement,
              ]
            : []),
        ].filter((n): n is string => n !== undefined);
    const unknown = names.find((n) => n !== '*' && !known.includes(n));
    if (unknown) {
      this.errors.push({
        attribute: label,
        rule: 'VALUE',
        message: `${name} contains unknown ${forAttributes ? 'attribute' : 'element'} '${unknown}'`,
      });
      return;
    }
    node.set.set(name, names.join(','));
  }

  collection(
    schema: CollectionSchema,
    view: CollectionView,
    node: LocalNode,
    ops: readonly CollectionChange[],
    path: string,
  ): void {
    const keys = keyAttributes(schema);
    const addName = schema.addElementNames[0] ?? 'add';
    // The effective items as the change goes on (for duplicates and lookups after earlier ops).
    let working: Array<{ item?: CollectionItemView; key: Record<string, string> }> = view.items.map(
      (item) => ({
        item,
        key: item.key,
      }),
    );
    const label = path || this.c.schema.name;
    const lockedOp = (name: string | undefined): boolean =>
      name !== undefined && view.lockedElements.includes(name);
    for (const op of ops) {
      if (op.op === 'add') {
        if (lockedOp(addName)) {
          this.errors.push({ attribute: label, rule: 'LOCK', message: LOCK_VIOLATION_MESSAGE });
          continue;
        }
        const attrs: Array<[string, string]> = [];
        let ok = true;
        for (const [name, value] of Object.entries(op.attributes)) {
          if (name.toLowerCase() === 'lockitem') {
            attrs.push(['lockItem', value.trim().toLowerCase() === 'true' ? 'true' : 'false']);
            continue;
          }
          const attr = findSchemaAttribute(schema.attributes, name);
          if (!attr && !schema.allowUnrecognizedAttributes) {
            this.errors.push({
              attribute: `${label}.${name}`,
              rule: 'UNKNOWN',
              message: `Unrecognized attribute '${name}'`,
            });
            ok = false;
            continue;
          }
          if (!attr) {
            attrs.push([name, value]);
            continue;
          }
          const checked = checkAttributeValue(attr, value);
          if (!checked.ok) {
            this.errors.push({ attribute: `${label}.${attr.name}`, rule: 'VALUE', message: checked.message });
            ok = false;
            continue;
          }
          attrs.push([attr.name, checked.value]);
        }
        const given = new Set(Object.keys(op.attributes).map((n) => n.toLowerCase()));
        for (const req of schema.attributes.filter((a) => a.required)) {
          if (!given.has(req.name.toLowerCase())) {
            this.errors.push({
              attribute: `${label}.${req.name}`,
              rule: 'REQUIRED',
              message: `Missing required attribute '${req.name}'`,
            });
            ok = false;
          }
        }
        if (!ok) continue;
        const key: Record<string, string> = {};
        for (const k of keys) key[k.name] = attrs.find(([n]) => n === k.name)?.[1] ?? defaultOf(k);
        if (!schema.allowDuplicates && working.some((w) => sameKey(w.key, key, keys))) {
          this.errors.push({
            attribute: label,
            rule: 'DUPLICATE',
            message: duplicateMessage(addName, keys, key),
          });
          continue;
        }
        // A site's id is unique too: checked against every item and the ones added by this change.
        const clash = otherUniqueKeys(schema).find((u) => {
          const v = attrs.find(([n]) => n === u.name)?.[1];
          if (v === undefined) return false;
          const same = (x: string | undefined) =>
            u.caseSensitive ? x === v : x?.toLowerCase() === v.toLowerCase();
          return (
            view.items.some((i) => same(i.attributes[u.name]?.value)) ||
            node.children.some((n) => !n.el && n.name === addName && same(n.set.get(u.name)))
          );
        });
        if (clash) {
          const value = attrs.find(([n]) => n === clash.name)![1];
          this.errors.push({
            attribute: label,
            rule: 'DUPLICATE',
            message: duplicateMessage(addName, [clash], { [clash.name]: value }),
          });
          continue;
        }
        // Key attributes first, as IIS writes them.
        attrs.sort((a, b) => rank(keys, a[0]) - rank(keys, b[0]));
        node.addNew(addName, attrs);
        working.push({ key });
      } else if (op.op === 'remove' || op.op === 'set') {
        const found = working.find((w) => matchesKey(w.key, op.key, keys));
        if (!found) {
          this.errors.push({ attribute: label, rule: 'NOT_FOUND', message: MISSING_ITEM });
          continue;
        }
        const item = found.item;
        if (item?.locked) {
          this.errors.push({ attribute: label, rule: 'LOCK', message: LOCK_VIOLATION_MESSAGE });
          continue;
        }
        const el = item ? this.c.items.get(item) : undefined;
        if (op.op === 'remove') {
          if (!item) {
            // Added earlier in this change: drop the planned element.
            const planned = node.children.findIndex(
              (n) => !n.el && n.name === addName && matchesKey(Object.fromEntries(n.set), op.key, keys),
            );
            if (planned >= 0) node.children.splice(planned, 1);
          } else if (item.local && el) {
            node.removedChildren.add(el);
          } else {
            if (!schema.removeElement || lockedOp(schema.removeElement)) {
              this.errors.push({
                attribute: label,
                rule: schema.removeElement ? 'LOCK' : 'COLLECTION',
                message: schema.removeElement
                  ? LOCK_VIOLATION_MESSAGE
                  : `The collection '${label}' does not allow removing inherited elements.`,
              });
              continue;
            }
            node.addNew(
              schema.removeElement,
              keys.map((k) => [k.name, item.key[k.name] ?? ''] as [string, string]),
            );
          }
          working = working.filter((w) => w !== found);
        } else {
          if (!item) {
            const planned = node.children.find(
              (n) => !n.el && n.name === addName && matchesKey(Object.fromEntries(n.set), op.key, keys),
            );
            if (planned)
              this.attributes(
                itemSchema(schema, addName),
                blankView(itemSchema(schema, addName), label),
                planned,
                op.attributes,
                label,
                true,
              );
            continue;
          }
          const itemView: ElementView = {
            name: item.elementName,
            path: label,
            attributes: item.attributes,
            elements: item.elements,
            locked: false,
            unknownAttributes: [],
          };
          if (item.local && el) {
            this.attributes(
              itemSchema(schema, item.elementName),
              itemView,
              node.existing(el),
              op.attributes,
              label,
              true,
            );
          } else {
            // An inherited item changed here: `<remove>` it and add it again with the new values.
            if (!schema.removeElement) {
              this.errors.push({
                attribute: label,
                rule: 'COLLECTION',
                message: `The collection '${label}' does not allow changing inherited elements.`,
              });
              continue;
            }
            if (Object.values(item.elements).some((e) => hasStoredValues(e))) {
              this.errors.push({
                attribute: label,
                rule: 'INHERITED',
                message: `The collection element is inherited from ${originText(item.origin)} with child elements; change it at that level.`,
              });
              continue;
            }
            node.addNew(
              schema.removeElement,
              keys.map((k) => [k.name, item.key[k.name] ?? ''] as [string, string]),
            );
            const copy = node.addNew(item.elementName, []);
            for (const a of Object.values(item.attributes)) {
              if (a.stored !== undefined && !a.encrypted) copy.set.set(a.name, a.stored);
            }
            this.attributes(
              itemSchema(schema, item.elementName),
              blankView(itemSchema(schema, item.elementName), label),
              copy,
              op.attributes,
              label,
              true,
            );
          }
        }
      } else if (op.op === 'clear') {
        if (lockedOp(schema.clearElement)) {
          this.errors.push({ attribute: label, rule: 'LOCK', message: LOCK_VIOLATION_MESSAGE });
          continue;
        }
        const names = new Set([...schema.addElementNames, schema.removeElement, schema.clearElement]);
        for (const child of node.el?.children ?? [])
          if (names.has(child.name)) node.removedChildren.add(child);
        for (let i = node.children.length - 1; i >= 0; i--)
          if (!node.children[i]!.el && names.has(node.children[i]!.name)) node.children.splice(i, 1);
        const inherited = view.items.some((i) => !i.local) || view.clearedAt !== undefined;
        if (inherited) {
          if (!schema.clearElement) {
            this.errors.push({
              attribute: label,
              rule: 'COLLECTION',
              message: `The collection '${label}' cannot be cleared.`,
            });
            continue;
          }
          node.addNew(schema.clearElement, [], true);
        }
        working = [];
      }
    }
  }
}

/** The view of an element nothing sets yet (an item added by this change): no values, empty collections. */
function blankView(schema: ElementSchema, path: string): ElementView {
  const elements: Record<string, ElementView> = {};
  for (const e of schema.elements) elements[e.name] = blankView(e, `${path}.${e.name}`);
  const view: ElementView = {
    name: schema.name,
    path,
    attributes: {},
    elements,
    locked: false,
    unknownAttributes: [],
  };
  const c = schema.collection;
  if (c) {
    view.collection = {
      addElement: c.addElementNames,
      keys: keyAttributes(c).map((k) => k.name),
      allowDuplicates: c.allowDuplicates,
      mergeAppend: c.mergeAppend,
      items: [],
      lockedElements: [],
    };
  }
  return view;
}

function hasStoredValues(e: ElementView): boolean {
  return (
    Object.values(e.attributes).some((a) => a.stored !== undefined) ||
    Object.values(e.elements).some(hasStoredValues) ||
    (e.collection?.items.length ?? 0) > 0
  );
}

function rank(keys: readonly AttributeSchema[], name: string): number {
  const i = keys.findIndex((k) => k.name === name);
  return i < 0 ? keys.length : i;
}

function defaultOf(a: AttributeSchema): string {
  return a.defaultValue ?? '';
}

function findSchemaAttribute(list: readonly AttributeSchema[], name: string): AttributeSchema | undefined {
  return list.find((a) => a.name === name) ?? list.find((a) => a.name.toLowerCase() === name.toLowerCase());
}

/** True when every key attribute given matches (attribute names compared case-insensitively). */
function matchesKey(
  itemKey: Record<string, string>,
  given: Record<string, string>,
  keys: readonly AttributeSchema[],
): boolean {
  const entries = Object.entries(given);
  if (entries.length === 0) return false;
  return entries.every(([name, value]) => {
    const k = keys.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!k) return false;
    const v = itemKey[k.name] ?? '';
    return k.caseSensitive ? v === value : v.toLowerCase() === value.toLowerCase();
  });
}

function findItem(
  view: CollectionView,
  key: Record<string, string>,
  keys: readonly AttributeSchema[],
): CollectionItemView | undefined {
  return view.items.find((i) => matchesKey(i.key, key, keys));
}

function originText(o: EngineOrigin): string {
  return o === 'default' ? 'the schema' : `${o.configPath} (${o.file})`;
}
