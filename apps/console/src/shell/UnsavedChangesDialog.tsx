import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { UNSAVED_CHANGES_PROMPT } from '@iis-console/config-common';
import { DialogButtons, ModalDialog } from '../components/ModalDialog';
import { usePendingLeave, useRouter } from '../routing/RouterContext';

/** "The changes you have made will be lost. Do you want to save changes?" — Yes / No / Cancel (default). */
export function UnsavedChangesDialog() {
  const router = useRouter();
  const pending = usePendingLeave();
  const [busy, setBusy] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);

  // Cancel is the default button (IIS Manager's prompt). This effect runs after the dialog's own
  // focus handling, which would otherwise focus the dialog itself.
  useEffect(() => {
    if (pending) cancelRef.current?.focus();
  }, [pending]);

  const answer = async (choice: 'yes' | 'no' | 'cancel') => {
    setBusy(true);
    try {
      await router.answer(choice);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog
      title="Unsaved Changes"
      role="alertdialog"
      isOpen={pending !== null}
      onClose={() => void answer('cancel')}
    >
      <p className="prompt">
        <span className="prompt-icon" aria-hidden="true">
          ?
        </span>
        {UNSAVED_CHANGES_PROMPT}
      </p>
      <DialogButtons>
        <Button className="button" isDisabled={busy} onPress={() => void answer('yes')}>
          Yes
        </Button>
        <Button className="button" isDisabled={busy} onPress={() => void answer('no')}>
          No
        </Button>
        <Button
          ref={cancelRef}
          className="button"
          autoFocus
          isDisabled={busy}
          onPress={() => void answer('cancel')}
        >
          Cancel
        </Button>
      </DialogButtons>
    </ModalDialog>
  );
}
