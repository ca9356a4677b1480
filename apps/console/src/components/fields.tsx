// Generic field components for the schema's attribute types (bool, enum, flags, int, uint, int64,
// timeSpan, string, encrypted), with the origin and lock markers every page shows. Native controls:
// the platform's keyboard handling and screen reader support, and cheap enough for a property grid of
// hundreds of rows.

import type { ReactNode } from 'react';
import type { AttributeValue } from '@iis-console/contracts';
import { FieldOrigin } from '../editor/FieldMeta';

export interface ValueEditorProps {
  id: string;
  attr: AttributeValue;
  value: string;
  onChange(value: string): void;
  /** The accessible name (the attribute's name in the property grid). */
  label: string;
  isDisabled?: boolean;
  error?: string | undefined;
  describedBy?: string | undefined;
  onFocus?(): void;
}

const TIME_SPAN_HINT: Record<string, string> = { timeSpan: 'hh:mm:ss' };

function flagsOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

/** The editor of one attribute value, chosen by its schema type. */
export function ValueEditor({
  id,
  attr,
  value,
  onChange,
  label,
  isDisabled = false,
  error,
  describedBy,
  onFocus,
}: ValueEditorProps) {
  const common = {
    id,
    disabled: isDisabled,
    'aria-invalid': error !== undefined || undefined,
    'aria-describedby': describedBy || undefined,
    onFocus,
  };
  switch (attr.type) {
    case 'bool':
      return (
        <select
          {...common}
          className="select grid-input"
          aria-label={label}
          value={value.toLowerCase() === 'true' ? 'true' : value.toLowerCase() === 'false' ? 'false' : value}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="true">True</option>
          <option value="false">False</option>
        </select>
      );
    case 'enum': {
      const choices = attr.choices ?? [];
      const known = choices.some((c) => c === value);
      return (
        <select
          {...common}
          className="select grid-input"
          aria-label={label}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        >
          {!known && (
            <option value={value} disabled>
              {value}
            </option>
          )}
          {choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      );
    }
    case 'flags': {
      const choices = attr.choices ?? [];
      const set = new Set(flagsOf(value));
      const toggle = (name: string, on: boolean) => {
        const next = choices.filter((c) =>
          c.toLowerCase() === name.toLowerCase() ? on : set.has(c.toLowerCase()),
        );
        // 0 (None) alone when nothing else is set; never together with another flag.
        const nonZero = next.filter((c) => c !== choices[0]);
        onChange((nonZero.length > 0 ? nonZero : [choices[0] ?? '']).join(', '));
      };
      return (
        <div
          id={id}
          role="group"
          aria-label={label}
          className="flags-editor"
          aria-describedby={describedBy || undefined}
          onFocus={onFocus}
        >
          {choices.map((c) => (
            <label key={c} className="flag-option">
              <input
                type="checkbox"
                disabled={isDisabled}
                checked={set.has(c.toLowerCase())}
                onChange={(e) => toggle(c, e.target.checked)}
              />
              {c}
            </label>
          ))}
        </div>
      );
    }
    default: {
      const encrypted = attr.encrypted === true;
      return (
        <input
          {...common}
          className="input grid-input"
          aria-label={label}
          type={encrypted ? 'password' : 'text'}
          inputMode={
            attr.type === 'int' || attr.type === 'uint' || attr.type === 'int64' ? 'numeric' : undefined
          }
          placeholder={encrypted ? '********' : TIME_SPAN_HINT[attr.type]}
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    }
  }
}

/** A labelled field for a form page: label, editor, origin and lock, error. */
export function AttributeField({
  id,
  label,
  attr,
  value,
  onChange,
  isDisabled,
  error,
  after,
}: {
  id: string;
  label: string;
  attr: AttributeValue;
  value: string;
  onChange(value: string): void;
  isDisabled?: boolean;
  error?: string | undefined;
  after?: ReactNode;
}) {
  const metaId = `${id}-meta`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="field-row">
        <ValueEditor
          id={id}
          attr={attr}
          value={value}
          onChange={onChange}
          label={label}
          isDisabled={isDisabled || attr.locked}
          error={error}
          describedBy={`${metaId}${error !== undefined ? ` ${errorId}` : ''}`}
        />
        {after}
      </div>
      <div id={metaId} className="field-description">
        <FieldOrigin attr={attr} />
      </div>
      {error !== undefined && (
        <div id={errorId} className="field-error">
          {error}
        </div>
      )}
    </div>
  );
}
