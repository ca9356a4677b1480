import { Button } from 'react-aria-components';
import { DialogButtons, ModalDialog } from '../components/ModalDialog';
import type { FieldMetaSource } from './FieldMeta';

/**
 * Confirms "Revert to parent" for one attribute: an immediate write of its own
 * (docs/session-state.md §3.4, P2).
 */
export function RevertDialog({
  label,
  attributeName,
  attr,
  busy,
  onRevert,
  onClose,
}: {
  label: string;
  attributeName: string;
  attr: FieldMetaSource | undefined;
  busy: boolean;
  onRevert(): void;
  onClose(): void;
}) {
  const file = attr && attr.origin !== 'default' ? attr.origin.file : 'the file of this level';
  return (
    <ModalDialog title={`Revert ${label} to parent`} isOpen onClose={onClose}>
      <p>
        Remove <code>{`${attributeName}="${attr?.stored ?? attr?.value ?? ''}"`}</code> from {file}? The value
        inherited from the parent level applies again. This is saved at once.
      </p>
      <DialogButtons>
        <Button className="button primary" isDisabled={busy} onPress={onRevert}>
          Revert
        </Button>
        <Button className="button" autoFocus onPress={onClose}>
          Cancel
        </Button>
      </DialogButtons>
    </ModalDialog>
  );
}
