import { useState } from 'react';
import type { AttributeValue, ConfigElement } from '@iis-console/contracts';
import { ValueEditor } from '../../components/fields';
import { lockText, originText } from '../../editor/FieldMeta';
import { fieldId, lockList } from './editModel';

export interface GridCallbacks {
  /** The value shown for an attribute of the element at `path`. */
  valueOf(path: string, attr: AttributeValue): string;
  onChange(path: string, name: string, value: string): void;
  /** The attribute has a pending edit (shown in bold, as IIS Manager marks changed values). */
  isEdited(path: string, name: string): boolean;
  errorOf(path: string, name: string): string | undefined;
  /** Opens the collection editor of the element at `path`. */
  onEditCollection(path: string): void;
  /** A row got the focus: the selection the Lock Attribute actions act on. */
  onSelect(path: string, name: string): void;
  /** Lock lists set at this level, by element path (lockAttributes). */
  localLocks(path: string): string[];
  isDisabled: boolean;
}

const rowId = (path: string, name: string) => `pg-${fieldId(path, name).replace(/[^A-Za-z0-9_-]/g, '_')}`;

function AttributeRow({
  path,
  attr,
  depth,
  cb,
  selected,
}: {
  path: string;
  attr: AttributeValue;
  depth: number;
  cb: GridCallbacks;
  selected: boolean;
}) {
  const id = rowId(path, attr.name);
  const error = cb.errorOf(path, attr.name);
  const lockedHere = cb
    .localLocks(path)
    .some((n) => n.toLowerCase() === attr.name.toLowerCase() || n === '*');
  const lock = lockText(attr);
  return (
    <tr className={`${selected ? 'selected ' : ''}${cb.isEdited(path, attr.name) ? 'edited' : ''}`}>
      <th scope="row" style={{ paddingLeft: `${8 + depth * 16}px` }}>
        <label htmlFor={id}>{attr.name}</label>
        {attr.isKey && <span className="key-marker"> (key)</span>}
      </th>
      <td>
        <ValueEditor
          id={id}
          attr={attr}
          label={attr.name}
          value={cb.valueOf(path, attr)}
          onChange={(v) => cb.onChange(path, attr.name, v)}
          isDisabled={cb.isDisabled || attr.locked}
          error={error}
          describedBy={`${id}-meta${error ? ` ${id}-error` : ''}`}
          onFocus={() => cb.onSelect(path, attr.name)}
        />
        {error && (
          <div id={`${id}-error`} className="field-error">
            {error}
          </div>
        )}
      </td>
      <td id={`${id}-meta`} className="origin-cell">
        <span className="origin">{originText(attr)}</span>
        {lock && (
          <span className="lock">
            <span className="lock-icon" aria-hidden="true" />
            {lock}
          </span>
        )}
        {lockedHere && (
          <span className="lock">
            <span className="lock-icon" aria-hidden="true" />
            Locked at this level for the levels below
          </span>
        )}
        {attr.error && <span className="file-error">{attr.error}</span>}
      </td>
    </tr>
  );
}

function CollectionRow({
  el,
  label,
  depth,
  cb,
}: {
  el: ConfigElement;
  label: string;
  depth: number;
  cb: GridCallbacks;
}) {
  const coll = el.collection!;
  return (
    <tr>
      <th scope="row" style={{ paddingLeft: `${8 + depth * 16}px` }}>
        {label}
      </th>
      <td>
        <span className="collection-count">(Count={coll.items.length})</span>{' '}
        <button
          type="button"
          className="button small"
          onClick={() => cb.onEditCollection(el.path)}
          onFocus={() => cb.onSelect(el.path, '')}
        >
          Edit Items…
          <span className="visually-hidden"> of {el.path === '' ? 'the section' : el.path}</span>
        </button>
      </td>
      <td className="origin-cell">
        {coll.clearedAt && coll.clearedAt !== 'default' && (
          <span className="origin">Cleared in {coll.clearedAt.file}</span>
        )}
        {el.locked && <span className="lock">Locked by a parent level</span>}
        {coll.lockedElements.length > 0 && (
          <span className="lock">Locked: {coll.lockedElements.join(', ')}</span>
        )}
      </td>
    </tr>
  );
}

function ElementRows({
  el,
  depth,
  cb,
  selection,
}: {
  el: ConfigElement;
  depth: number;
  cb: GridCallbacks;
  selection: string | null;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (name: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  return (
    <>
      {el.collection && <CollectionRow el={el} label="(Collection)" depth={depth} cb={cb} />}
      {Object.values(el.attributes).map((attr) => (
        <AttributeRow
          key={attr.name}
          path={el.path}
          attr={attr}
          depth={depth}
          cb={cb}
          selected={selection === fieldId(el.path, attr.name)}
        />
      ))}
      {Object.entries(el.elements).map(([name, child]) => {
        const expanded = open.has(name);
        return (
          <ChildElement
            key={name}
            name={name}
            child={child}
            depth={depth}
            expanded={expanded}
            onToggle={() => toggle(name)}
            cb={cb}
            selection={selection}
          />
        );
      })}
    </>
  );
}

function ChildElement({
  name,
  child,
  depth,
  expanded,
  onToggle,
  cb,
  selection,
}: {
  name: string;
  child: ConfigElement;
  depth: number;
  expanded: boolean;
  onToggle(): void;
  cb: GridCallbacks;
  selection: string | null;
}) {
  const locks = lockList(cb.localLocks(child.path).join(','));
  // An element that only holds a collection (`files`, `bindings`) is the collection's row, as IIS shows it.
  if (
    child.collection &&
    Object.keys(child.attributes).length === 0 &&
    Object.keys(child.elements).length === 0
  )
    return <CollectionRow el={child} label={name} depth={depth} cb={cb} />;
  return (
    <>
      <tr className="element-row">
        <th scope="row" colSpan={3} style={{ paddingLeft: `${8 + depth * 16}px` }}>
          <button
            type="button"
            className="expander"
            aria-expanded={expanded}
            onClick={onToggle}
            onFocus={() => cb.onSelect(child.path, '')}
          >
            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> {name}
          </button>
          {child.locked && <span className="lock"> Locked by a parent level</span>}
          {locks.length > 0 && <span className="lock"> lockAttributes: {locks.join(', ')}</span>}
        </th>
      </tr>
      {expanded && <ElementRows el={child} depth={depth + 1} cb={cb} selection={selection} />}
    </>
  );
}

/** The section as IIS Manager's Configuration Editor shows it: every attribute with its value, origin and lock; child elements expandable; collections opened in the collection editor. */
export function PropertyGrid({
  section,
  el,
  cb,
  selection,
}: {
  section: string;
  el: ConfigElement;
  cb: GridCallbacks;
  selection: string | null;
}) {
  return (
    <table className="grid property-grid" aria-label={`Properties of ${section}`}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
          <th scope="col">Origin</th>
        </tr>
      </thead>
      <tbody>
        <ElementRows el={el} depth={0} cb={cb} selection={selection} />
      </tbody>
    </table>
  );
}

/** The child elements of a collection entry (`processModel` of a pool, `bindings` of a site), editable by their paths. */
export function ItemElementsGrid({
  label,
  elements,
  cb,
  selection,
}: {
  label: string;
  elements: Record<string, ConfigElement>;
  cb: GridCallbacks;
  selection: string | null;
}) {
  if (Object.keys(elements).length === 0) return null;
  return (
    <table className="grid property-grid" aria-label={label}>
      <tbody>
        {Object.entries(elements).map(([name, child]) => (
          <ChildElementRow key={name} name={name} child={child} cb={cb} selection={selection} />
        ))}
      </tbody>
    </table>
  );
}

function ChildElementRow({
  name,
  child,
  cb,
  selection,
}: {
  name: string;
  child: ConfigElement;
  cb: GridCallbacks;
  selection: string | null;
}) {
  const [expanded, setExpanded] = useState(false);
  return (
    <ChildElement
      name={name}
      child={child}
      depth={0}
      expanded={expanded}
      onToggle={() => setExpanded((e) => !e)}
      cb={cb}
      selection={selection}
    />
  );
}
