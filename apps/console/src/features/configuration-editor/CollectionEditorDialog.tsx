import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { AttributeValue, CollectionChange, ConfigCollection } from '@iis-console/contracts';
import { ValueEditor } from '../../components/fields';
import { DialogButtons, ModalDialog } from '../../components/ModalDialog';
import { editItem, removeItem, sameKey, shownItems, type ShownItem } from './editModel';

const STATE_LABEL: Record<ShownItem['state'], string> = {
  inherited: 'Inherited',
  local: 'Local',
  added: 'Local (not applied)',
  changed: 'Local (changed, not applied)',
};

/** The attributes an item of this collection has: the keys, then those the existing items show. */
function itemAttributes(coll: ConfigCollection): AttributeValue[] {
  const byName = new Map<string, AttributeValue>();
  for (const item of coll.items)
    for (const a of Object.values(item.attributes)) if (!byName.has(a.name)) byName.set(a.name, a);
  for (const key of coll.keys) {
    if (!byName.has(key))
      byName.set(key, {
        name: key,
        type: 'string',
        value: '',
        origin: 'default',
        local: false,
        locked: false,
        defaultValue: '',
        isKey: true,
      });
  }
  const keys = coll.keys.map((k) => byName.get(k)!).filter(Boolean);
  return [...keys, ...[...byName.values()].filter((a) => !coll.keys.includes(a.name))];
}

function keyText(key: Record<string, string>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/**
 * IIS Manager's Collection Editor: the items with their keys and where each comes from (inherited
 * items marked), Add, Remove, Clear All, and the selected item's properties. Edits are pending until
 * Apply on the page.
 */
export function CollectionEditorDialog({
  title,
  collection,
  ops,
  onChange,
  isDisabled,
  onClose,
  itemElements,
}: {
  title: string;
  collection: ConfigCollection;
  ops: readonly CollectionChange[];
  onChange(ops: CollectionChange[]): void;
  isDisabled: boolean;
  onClose(): void;
  /** The child elements of a read entry (their edits are pending on the page, by element path). */
  itemElements?(item: ShownItem): ReactNode;
}) {
  const rows = shownItems(collection, ops);
  const [selectedKey, setSelectedKey] = useState<Record<string, string> | null>(null);
  const selected = selectedKey ? rows.find((r) => sameKey(r.key, selectedKey)) : undefined;
  const attributes = itemAttributes(collection);
  const columns = attributes.slice(0, Math.max(collection.keys.length, Math.min(3, attributes.length)));
  const directiveLocked = (name: string | undefined) =>
    name !== undefined && collection.lockedElements.some((l) => l.toLowerCase() === name.toLowerCase());
  const canAdd = !isDisabled && !directiveLocked(collection.addElement[0]);
  const canRemove =
    !isDisabled && selected !== undefined && !selected.locked && !directiveLocked(collection.removeElement);
  const canClear =
    !isDisabled && collection.clearElement !== undefined && !directiveLocked(collection.clearElement);

  const add = () => {
    // A new entry with an empty key: the properties below fill it in.
    const attributesOf: Record<string, string> = {};
    for (const k of collection.keys) attributesOf[k] = '';
    onChange([...ops, { op: 'add', attributes: attributesOf }]);
    setSelectedKey(Object.fromEntries(collection.keys.map((k) => [k, ''])));
  };

  const setValue = (row: ShownItem, name: string, value: string) => {
    onChange(editItem(ops, row.key, name, value));
    if (collection.keys.includes(name) && row.state === 'added')
      setSelectedKey({ ...row.key, [name]: value });
  };

  return (
    <ModalDialog title={title} isOpen onClose={onClose} isDismissable className="wide collection-editor">
      <div className="collection-toolbar" role="toolbar" aria-label="Collection actions">
        <Button className="button" isDisabled={!canAdd} onPress={add}>
          Add
        </Button>
        <Button
          className="button"
          isDisabled={!canRemove}
          onPress={() => {
            if (!selected) return;
            onChange(removeItem(ops, selected));
            setSelectedKey(null);
          }}
        >
          Remove
        </Button>
        <Button
          className="button"
          isDisabled={!canClear}
          onPress={() => {
            onChange([...ops, { op: 'clear' }]);
            setSelectedKey(null);
          }}
        >
          Clear All
        </Button>
      </div>
      <p className="field-description">Items: {rows.length}</p>
      <div className="grid-scroll">
        <table className="grid collection-items" aria-label="Items">
          <thead>
            <tr>
              {columns.map((a) => (
                <th key={a.name} scope="col">
                  {a.name}
                </th>
              ))}
              <th scope="col">Entry Type</th>
              <th scope="col">Entry Path</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const isSelected = selected === row;
              return (
                <tr
                  key={`${i}:${keyText(row.key)}`}
                  aria-selected={isSelected}
                  className={isSelected ? 'selected' : ''}
                >
                  {columns.map((a, c) => (
                    <td key={a.name}>
                      {c === 0 ? (
                        <button type="button" className="link-button" onClick={() => setSelectedKey(row.key)}>
                          {row.values[a.name] || '(empty)'}
                          <span className="visually-hidden"> — select this entry</span>
                        </button>
                      ) : (
                        (row.values[a.name] ?? '')
                      )}
                    </td>
                  ))}
                  <td>
                    {STATE_LABEL[row.state]}
                    {row.locked && ' (locked)'}
                  </td>
                  <td>{row.item && row.item.origin !== 'default' ? row.item.origin.configPath : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {selected && (
        <section className="item-properties" aria-label="Properties of the selected entry">
          <h3 className="details-title">Properties: {keyText(selected.key) || '(new entry)'}</h3>
          <table className="grid property-grid">
            <tbody>
              {attributes.map((a) => {
                const id = `item-${a.name}`;
                return (
                  <tr key={a.name}>
                    <th scope="row">
                      <label htmlFor={id}>{a.name}</label>
                      {collection.keys.includes(a.name) && <span className="key-marker"> (key)</span>}
                    </th>
                    <td>
                      <ValueEditor
                        id={id}
                        attr={a}
                        label={a.name}
                        value={selected.values[a.name] ?? (selected.state === 'added' ? '' : a.defaultValue)}
                        onChange={(v) => setValue(selected, a.name, v)}
                        isDisabled={
                          isDisabled ||
                          selected.locked ||
                          (collection.keys.includes(a.name) && selected.state !== 'added')
                        }
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {itemElements?.(selected)}
        </section>
      )}
      <DialogButtons>
        <Button className="button" autoFocus onPress={onClose}>
          Close
        </Button>
      </DialogButtons>
    </ModalDialog>
  );
}
