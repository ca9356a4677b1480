// Thin IIS-styled wrappers over react-aria-components controls, so that pages stay short.

import type { ReactNode } from 'react';
import { Checkbox, FieldError, Input, Label, Radio, Text, TextField } from 'react-aria-components';

interface TextBoxProps {
  label: string;
  value: string;
  onChange(value: string): void;
  isDisabled?: boolean;
  error?: string | undefined;
  description?: ReactNode;
  type?: 'text' | 'password';
  autoFocus?: boolean;
  className?: string;
  inputClassName?: string;
  /** Shown after the input on the same line (a "Create..." button). */
  after?: ReactNode;
  /** ids of more elements describing the field (besides its description and error). */
  describedBy?: string | undefined;
}

export function TextBox({
  label,
  value,
  onChange,
  isDisabled,
  error,
  description,
  type = 'text',
  autoFocus,
  className,
  inputClassName,
  after,
  describedBy,
}: TextBoxProps) {
  return (
    <TextField
      className={`field${className ? ` ${className}` : ''}`}
      {...(describedBy ? { 'aria-describedby': describedBy } : {})}
      value={value}
      onChange={onChange}
      isDisabled={isDisabled ?? false}
      isInvalid={error !== undefined}
      validationBehavior="aria"
      type={type}
    >
      <Label className="field-label">{label}</Label>
      <div className="field-row">
        <Input
          className={`input${inputClassName ? ` ${inputClassName}` : ''}`}
          autoFocus={autoFocus ?? false}
        />
        {after}
      </div>
      {description !== undefined && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
    </TextField>
  );
}

interface CheckBoxProps {
  children: string;
  isSelected: boolean;
  onChange(selected: boolean): void;
  isDisabled?: boolean;
  /** ids of elements describing the checkbox (origin, error). */
  describedBy?: string | undefined;
  isInvalid?: boolean;
}

export function CheckBox({
  children,
  isSelected,
  onChange,
  isDisabled,
  describedBy,
  isInvalid,
}: CheckBoxProps) {
  return (
    <Checkbox
      className="checkbox"
      isSelected={isSelected}
      onChange={onChange}
      isDisabled={isDisabled ?? false}
      isInvalid={isInvalid ?? false}
      {...(describedBy ? { 'aria-describedby': describedBy } : {})}
    >
      <span className="checkbox-box" aria-hidden="true" />
      {children}
    </Checkbox>
  );
}

export function RadioButton({
  value,
  children,
  isDisabled,
}: {
  value: string;
  children: string;
  isDisabled?: boolean;
}) {
  return (
    <Radio className="radio" value={value} isDisabled={isDisabled ?? false}>
      <span className="radio-circle" aria-hidden="true" />
      {children}
    </Radio>
  );
}

interface SelectBoxProps {
  id: string;
  label: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange(value: string): void;
  isDisabled?: boolean;
  error?: string | undefined;
  /** ids of elements describing the control (origin, hints). */
  describedBy?: string | undefined;
  after?: ReactNode;
  children?: ReactNode;
}

/**
 * A drop-down list (IIS Manager's ComboBox in DropDownList style) as a native `<select>`: the
 * platform's own keyboard handling and screen reader support, and an accessible name from its label.
 */
export function SelectBox({
  id,
  label,
  value,
  options,
  onChange,
  isDisabled,
  error,
  describedBy,
  after,
  children,
}: SelectBoxProps) {
  const errorId = `${id}-error`;
  const described = [describedBy, error !== undefined ? errorId : undefined].filter(Boolean).join(' ');
  const known = options.some((o) => o.value === value);
  return (
    <div className="field" data-disabled={isDisabled || undefined}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="field-row">
        <select
          id={id}
          className="select"
          value={value}
          disabled={isDisabled ?? false}
          aria-invalid={error !== undefined || undefined}
          aria-describedby={described || undefined}
          onChange={(event) => onChange(event.target.value)}
        >
          {!known && (
            <option value={value} disabled>
              {value}
            </option>
          )}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {after}
      </div>
      {children}
      {error !== undefined && (
        <div id={errorId} className="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** Text only screen readers get (completes a short visible label into the full accessible name). */
export function ScreenReaderText({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
