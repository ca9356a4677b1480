// The Configuration Editor's pending edits as data: attribute values by element path, collection
// edits by collection path (IIS's Add / Remove / edit / Clear All), and the change object Apply sends
// (docs/engine.md, "Changes"). Pure: the page, the collection editor and their tests share it.

import type {
  AttributeValue,
  CollectionChange,
  ConfigCollection,
  ConfigCollectionItem,
  ConfigElement,
  FieldError,
  SectionChange,
  SectionResponse,
} from '@iis-console/contracts';

export type Commit = SectionChange['commit'];

export interface Edits {
  /** Attribute values by element path (`''` = the section); null = revert to parent. */
  attributes: Record<string, Record<string, string | null>>;
  /** Collection edits by the path of the element that holds the collection, in order. */
  collections: Record<string, CollectionChange[]>;
}

export const NO_EDITS: Edits = { attributes: {}, collections: {} };

export function isEmpty(edits: Edits): boolean {
  return (
    Object.values(edits.attributes).every((a) => Object.keys(a).length === 0) &&
    Object.values(edits.collections).every((c) => c.length === 0)
  );
}

/** Sets (or, with `undefined`, forgets) the pending value of one attribute. */
export function setAttribute(
  edits: Edits,
  path: string,
  name: string,
  value: string | null | undefined,
): Edits {
  const forPath = { ...(edits.attributes[path] ?? {}) };
  if (value === undefined) delete forPath[name];
  else forPath[name] = value;
  return { ...edits, attributes: { ...edits.attributes, [path]: forPath } };
}

export function addCollectionEdit(edits: Edits, path: string, op: CollectionChange): Edits {
  return {
    ...edits,
    collections: { ...edits.collections, [path]: [...(edits.collections[path] ?? []), op] },
  };
}

export function replaceCollectionEdits(edits: Edits, path: string, ops: CollectionChange[]): Edits {
  return { ...edits, collections: { ...edits.collections, [path]: ops } };
}

/** The change Apply sends: the section's attributes, child elements' attributes, collection edits. */
export function toChange(edits: Edits, commit: Commit): SectionChange {
  const change: SectionChange = {};
  const own = edits.attributes[''];
  if (own && Object.keys(own).length > 0) change.attributes = { ...own };
  for (const [path, attrs] of Object.entries(edits.attributes)) {
    if (path === '' || Object.keys(attrs).length === 0) continue;
    (change.elements ??= {})[path] = { attributes: { ...attrs } };
  }
  for (const [path, ops] of Object.entries(edits.collections)) {
    if (ops.length === 0) continue;
    (change.collections ??= {})[path] = ops;
  }
  if (commit) change.commit = commit;
  return change;
}

/** Every element of a section view by its path (the section, child elements, items' child elements). */
export function indexElements(view: SectionResponse): Map<string, ConfigElement> {
  const index = new Map<string, ConfigElement>();
  const walk = (el: ConfigElement) => {
    index.set(el.path, el);
    for (const child of Object.values(el.elements)) walk(child);
    for (const item of el.collection?.items ?? [])
      for (const child of Object.values(item.elements)) walk(child);
  };
  walk(view as ConfigElement);
  return index;
}

/** The value a field shows: the pending edit, or (after a revert) the parent's, or the effective value. */
export function shownValue(attr: AttributeValue, edit: string | null | undefined): string {
  if (edit === undefined) return attr.value;
  if (edit === null) return attr.inheritedValue ?? attr.defaultValue;
  return edit;
}

/** Checks a typed value as far as the view tells (bool, integers, enum and flags names). */
export function checkValue(attr: AttributeValue, text: string): string | undefined {
  switch (attr.type) {
    case 'bool':
      return /^(true|false)$/i.test(text.trim())
        ? undefined
        : `The value '${text}' is not valid: a boolean value must be true or false.`;
    case 'int':
    case 'uint':
    case 'int64': {
      if (!/^[-+]?\d+$/.test(text.trim())) return `The value '${text}' is not a valid integer.`;
      if (attr.type === 'uint' && text.trim().startsWith('-'))
        return `The value '${text}' must not be negative.`;
      return undefined;
    }
    case 'enum': {
      const choices = attr.choices ?? [];
      const t = text.trim().toLowerCase();
      return choices.length === 0 || choices.some((c) => c.toLowerCase() === t) || /^\d+$/.test(t)
        ? undefined
        : `Enum must be one of ${choices.join(', ')}`;
    }
    case 'flags': {
      const choices = (attr.choices ?? []).map((c) => c.toLowerCase());
      const parts = text.split(',').map((p) => p.trim().toLowerCase());
      return choices.length === 0 || parts.every((p) => choices.includes(p) || /^\d+$/.test(p))
        ? undefined
        : `Flags must be some combination of ${(attr.choices ?? []).join(', ')}`;
    }
    default:
      return undefined;
  }
}

/** Field errors of the pending attribute values (attribute named `path/name`, or `name` for the section). */
export function validateEdits(view: SectionResponse, edits: Edits): FieldError[] {
  const elements = indexElements(view);
  const errors: FieldError[] = [];
  for (const [path, attrs] of Object.entries(edits.attributes)) {
    const el = elements.get(path);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null) continue;
      const attr = el?.attributes[name];
      const message = attr && checkValue(attr, value);
      if (message) errors.push({ attribute: fieldId(path, name), rule: 'TYPE', message });
    }
  }
  for (const [path, ops] of Object.entries(edits.collections)) {
    const coll = elements.get(path)?.collection;
    for (const op of ops) {
      if (op.op !== 'add' || !coll) continue;
      for (const key of coll.keys) {
        if ((op.attributes[key] ?? '') === '')
          errors.push({
            attribute: fieldId(path, key),
            rule: 'REQUIRED',
            message: `Missing required attribute '${key}'`,
          });
      }
    }
  }
  return errors;
}

/** The id a field's errors are filed under. */
export function fieldId(path: string, name: string): string {
  return path === '' ? name : `${path}/${name}`;
}

export function sameKey(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => (a[k] ?? '').toLowerCase() === (b[k] ?? '').toLowerCase());
}

/** One row of the collection editor: an item as it will be after the pending edits. */
export interface ShownItem {
  key: Record<string, string>;
  /** The item read from the server (undefined for a pending add). */
  item?: ConfigCollectionItem;
  /** Attribute values after the pending edits. */
  values: Record<string, string>;
  state: 'inherited' | 'local' | 'added' | 'changed';
  locked: boolean;
}

/** The collection's items after the pending edits (removed items gone, adds appended, edits applied). */
export function shownItems(coll: ConfigCollection, ops: readonly CollectionChange[]): ShownItem[] {
  let rows: ShownItem[] = coll.items.map((item) => ({
    key: item.key,
    item,
    values: Object.fromEntries(Object.entries(item.attributes).map(([n, a]) => [n, a.value])),
    state: item.local ? 'local' : 'inherited',
    locked: item.locked,
  }));
  for (const op of ops) {
    if (op.op === 'clear') rows = [];
    else if (op.op === 'add') {
      const key = Object.fromEntries(coll.keys.map((k) => [k, op.attributes[k] ?? '']));
      rows.push({ key, values: { ...op.attributes }, state: 'added', locked: false });
    } else if (op.op === 'remove') rows = rows.filter((r) => !sameKey(r.key, op.key));
    else {
      const row = rows.find((r) => sameKey(r.key, op.key));
      if (row) {
        for (const [n, v] of Object.entries(op.attributes)) {
          if (v === null)
            row.values[n] =
              row.item?.attributes[n]?.inheritedValue ?? row.item?.attributes[n]?.defaultValue ?? '';
          else row.values[n] = v;
        }
        if (row.state !== 'added') row.state = 'changed';
      }
    }
  }
  return rows;
}

/**
 * Edits one attribute of a collection item: a pending add is changed in place (its key too); an
 * existing item gets (or updates) a `set` edit.
 */
export function editItem(
  ops: readonly CollectionChange[],
  key: Record<string, string>,
  name: string,
  value: string,
): CollectionChange[] {
  const out = [...ops];
  for (let i = out.length - 1; i >= 0; i--) {
    const op = out[i]!;
    if (op.op === 'add') {
      const addKey = Object.fromEntries(Object.keys(key).map((k) => [k, op.attributes[k] ?? '']));
      if (sameKey(addKey, key)) {
        out[i] = { op: 'add', attributes: { ...op.attributes, [name]: value } };
        return out;
      }
    }
    if (op.op === 'set' && sameKey(op.key, key)) {
      out[i] = { ...op, attributes: { ...op.attributes, [name]: value } };
      return out;
    }
  }
  out.push({ op: 'set', key, attributes: { [name]: value } });
  return out;
}

/** Removes an item: a pending add (and its edits) is dropped; an existing item gets a `remove`. */
export function removeItem(ops: readonly CollectionChange[], row: ShownItem): CollectionChange[] {
  const withoutEdits = ops.filter((op) => !(op.op === 'set' && sameKey(op.key, row.key)));
  if (row.state === 'added') {
    return withoutEdits.filter((op) => {
      if (op.op !== 'add') return true;
      const addKey = Object.fromEntries(Object.keys(row.key).map((k) => [k, op.attributes[k] ?? '']));
      return !sameKey(addKey, row.key);
    });
  }
  return [...withoutEdits, { op: 'remove', key: row.key }];
}

/** The names in a comma-separated lock list (`lockAttributes="a, b"`). */
export function lockList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
