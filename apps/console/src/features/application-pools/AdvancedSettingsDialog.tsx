// IIS Manager's Advanced Settings of an application pool, and Set Application Pool Defaults (the same
// property grid over `<applicationPoolDefaults>`): IIS Manager's categories and names, values in its
// units (minutes, seconds, percent), the engine's types for the editors; only changed values are sent.

import { useMemo, useState } from 'react';
import type { AttributeValue } from '@iis-console/contracts';
import { ValueEditor } from '../../components/fields';
import type { PoolChange } from './api';
import { PoolDialogFrame, useDialogWrite, type DialogProps, type WriteOutcome } from './PoolDialogs';
import {
  attributeAt,
  gridChange,
  gridProperties,
  gridValues,
  propertyKey,
  type FormValues,
  type PoolProperty,
  type PoolSettings,
} from './poolModel';

const inputId = (key: string) => `pool-prop-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The editor of one property: its choices, a number in IIS Manager's unit, or the schema type's editor. */
function PropertyEditor({
  property,
  attr,
  value,
  onChange,
  isDisabled,
  error,
}: {
  property: PoolProperty;
  attr: AttributeValue | undefined;
  value: string;
  onChange(value: string): void;
  isDisabled: boolean;
  error: string | undefined;
}) {
  const key = propertyKey(property);
  const id = inputId(key);
  const described = error !== undefined ? `${id}-error` : undefined;
  if (property.choices) {
    return (
      <select
        id={id}
        className="select grid-input"
        value={value}
        disabled={isDisabled}
        aria-invalid={error !== undefined || undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
      >
        {property.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    );
  }
  // A number in another unit than the stored one, or a list of times: text.
  const typed: AttributeValue =
    attr && !property.unit && !property.collection
      ? attr
      : { ...(attr ?? ({} as AttributeValue)), type: 'string', encrypted: false };
  return (
    <ValueEditor
      id={id}
      attr={typed}
      value={value}
      onChange={onChange}
      label={property.label}
      isDisabled={isDisabled}
      error={error}
      describedBy={described}
    />
  );
}

export function AdvancedSettingsDialog({
  title,
  settings,
  forPool,
  onClose,
  readOnly,
  onSubmit,
}: DialogProps & {
  title: string;
  settings: PoolSettings;
  /** A pool (Name, Specific Times) or the defaults. */
  forPool: boolean;
  onSubmit(change: PoolChange): Promise<WriteOutcome>;
}) {
  const properties = useMemo(() => gridProperties(settings, forPool), [settings, forPool]);
  const [loaded] = useState<FormValues>(() => gridValues(settings, properties));
  const [values, setValues] = useState<FormValues>(loaded);
  const { busy, error, fields, run, refuse } = useDialogWrite(onClose);

  const submit = () => {
    const result = gridChange(properties, loaded, values);
    if (Object.keys(result.errors).length > 0) return refuse(result.errors);
    if (!result.dirty) return onClose();
    void run(() => onSubmit(result.change));
  };

  const categories = [...new Set(properties.map((p) => p.category))];
  const visible = (p: PoolProperty) => !p.when || values[p.when.key] === p.when.value;

  return (
    <PoolDialogFrame
      title={title}
      onClose={onClose}
      onSubmit={submit}
      readOnly={readOnly}
      busy={busy}
      error={error}
      className="wide"
    >
      <div className="pool-grid-scroll">
        <table className="grid property-grid pool-property-grid" aria-label={title}>
          {categories.map((category) => (
            <tbody key={category} aria-label={category}>
              <tr className="element-row">
                <th scope="colgroup" colSpan={2}>
                  {category}
                </th>
              </tr>
              {properties
                .filter((p) => p.category === category && visible(p))
                .map((p) => {
                  const key = propertyKey(p);
                  const attr = p.collection ? undefined : attributeAt(settings, p.element, p.attribute);
                  const err = fields[key];
                  const edited = values[key] !== loaded[key];
                  return (
                    <tr key={key} className={edited ? 'edited' : undefined}>
                      <th scope="row">
                        <label htmlFor={inputId(key)}>{p.label}</label>
                      </th>
                      <td>
                        <PropertyEditor
                          property={p}
                          attr={attr}
                          value={values[key] ?? ''}
                          onChange={(v) => setValues((old) => ({ ...old, [key]: v }))}
                          isDisabled={readOnly || p.readOnly === true || attr?.locked === true}
                          error={err}
                        />
                        {err !== undefined && (
                          <div id={`${inputId(key)}-error`} className="field-error">
                            {err}
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          ))}
        </table>
      </div>
      {Object.keys(fields).some((k) => !properties.some((p) => propertyKey(p) === k)) && (
        <div role="alert" className="alert error">
          <ul>
            {Object.entries(fields)
              .filter(([k]) => !properties.some((p) => propertyKey(p) === k))
              .map(([k, message]) => (
                <li key={k}>{message}</li>
              ))}
          </ul>
        </div>
      )}
    </PoolDialogFrame>
  );
}
