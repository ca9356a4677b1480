import { Button } from 'react-aria-components';
import type { Origin } from '@iis-console/contracts';
import { ScreenReaderText } from '../components/controls';

/** What every attribute view of the API carries (Session State's and the generic section's). */
export interface FieldMetaSource {
  value: string;
  stored?: string | undefined;
  origin: Origin;
  local: boolean;
  locked: boolean;
  lockedBy?: Origin | undefined;
  error?: string | undefined;
}

/**
 * "Set here (file)" / "Inherited from file (configPath)" / "Default" (docs/session-state.md §3.1,
 * extras).
 */
export function originText(attr: FieldMetaSource | undefined): string {
  if (!attr || attr.origin === 'default') return 'Default';
  if (attr.local) return `Set here (${attr.origin.file})`;
  return `Inherited from ${attr.origin.file} (${attr.origin.configPath})`;
}

export function lockText(attr: FieldMetaSource | undefined): string | undefined {
  if (!attr?.locked) return undefined;
  return attr.lockedBy && attr.lockedBy !== 'default' ? `Locked by ${attr.lockedBy.file}` : 'Locked';
}

/** The stored value breaks a rule: where (file, line) and IIS's message. */
export function fileErrorText(attr: FieldMetaSource | undefined): string | undefined {
  if (!attr?.error) return undefined;
  if (attr.origin === 'default') return attr.error;
  return `${attr.origin.file}, line ${attr.origin.line}: ${attr.error}`;
}

/** Where a value comes from, its lock and a stored value's error, under a field. */
export function FieldOrigin({ attr }: { attr: FieldMetaSource | undefined }) {
  const lock = lockText(attr);
  const fileError = fileErrorText(attr);
  return (
    <>
      <span className="origin">{originText(attr)}</span>
      {lock && (
        <span className="lock">
          <span className="lock-icon" aria-hidden="true" />
          {lock}
        </span>
      )}
      {fileError && <span className="file-error">{fileError}</span>}
    </>
  );
}

/** "Revert <label> to parent": shown only for a value set at this level. */
export function RevertButton({
  label,
  isDisabled,
  onPress,
}: {
  label: string;
  isDisabled: boolean;
  onPress(): void;
}) {
  return (
    <Button className="link-button revert" isDisabled={isDisabled} onPress={onPress}>
      Revert<ScreenReaderText> {label}</ScreenReaderText> to parent
    </Button>
  );
}
