import type { ReactNode } from 'react';
import {
  Button,
  ButtonContext,
  ComboBox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
} from 'react-aria-components';

/** The SQL Server connection string: free text, or one of the named `<connectionStrings>` (LocalSqlServer). */
export function ConnectionStringCombo({
  label,
  value,
  onChange,
  names,
  isDisabled,
  error,
  description,
  after,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  names: string[];
  isDisabled: boolean;
  error: string | undefined;
  description: ReactNode;
  after: ReactNode;
}) {
  const items = names.map((name) => ({ id: name, name }));
  return (
    <ComboBox
      className="field"
      inputValue={value}
      onInputChange={onChange}
      onSelectionChange={(key) => {
        if (key !== null) onChange(String(key));
      }}
      allowsCustomValue
      allowsEmptyCollection
      menuTrigger="manual"
      items={items}
      isDisabled={isDisabled}
      isInvalid={error !== undefined}
      validationBehavior="aria"
    >
      <Label className="field-label">{label}</Label>
      <div className="field-row">
        <div className="combo">
          <Input className="input wide" />
          <Button className="combo-button">
            <span aria-hidden="true">▾</span>
          </Button>
        </div>
        {/* Create... and Revert are not the combo box's own button. */}
        <ButtonContext.Provider value={null}>{after}</ButtonContext.Provider>
      </div>
      <Text slot="description" className="field-description">
        {description}
      </Text>
      <FieldError className="field-error">{error}</FieldError>
      <Popover className="popover">
        <ListBox
          className="listbox"
          renderEmptyState={() => <p className="listbox-empty">No named connection strings</p>}
        >
          {(item: { id: string; name: string }) => (
            <ListBoxItem id={item.id} className="listbox-item">
              {item.name}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
