import { useEffect, useRef, type ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

interface ModalDialogProps {
  /** The dialog's title, also its accessible name. */
  title: string;
  isOpen: boolean;
  /** Escape, or a click outside when dismissable. */
  onClose(): void;
  children: ReactNode;
  role?: 'dialog' | 'alertdialog';
  isDismissable?: boolean;
  className?: string;
}

/** A modal dialog in IIS Manager's style: title bar, body, buttons at the bottom right. */
export function ModalDialog({
  title,
  isOpen,
  onClose,
  children,
  role = 'dialog',
  isDismissable = false,
  className,
}: ModalDialogProps) {
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      isDismissable={isDismissable}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <Modal className={`modal${className ? ` ${className}` : ''}`}>
        <Dialog role={role} className="dialog">
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          <div className="dialog-body">{children}</div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/** The row of buttons at the bottom of a dialog. */
export function DialogButtons({ children }: { children: ReactNode }) {
  return <div className="dialog-buttons">{children}</div>;
}

/**
 * Yes / No, as IIS Manager's message boxes ask. No is the default button (Yes for a question whose
 * answer goes on with what the user asked); Yes is disabled while `isBusy`.
 */
export function ConfirmDialog({
  title,
  children,
  onYes,
  onNo,
  isBusy = false,
  defaultButton = 'no',
}: {
  title: string;
  children: ReactNode;
  onYes(): void;
  onNo(): void;
  isBusy?: boolean;
  defaultButton?: 'yes' | 'no';
}) {
  const yes = useRef<HTMLButtonElement>(null);
  const no = useRef<HTMLButtonElement>(null);
  // After the dialog's own focus handling, which may otherwise take the first button.
  useEffect(() => (defaultButton === 'yes' ? yes : no).current?.focus(), [defaultButton]);
  return (
    <ModalDialog title={title} role="alertdialog" isOpen onClose={onNo}>
      {children}
      <DialogButtons>
        <Button ref={yes} className="button primary" isDisabled={isBusy} onPress={onYes}>
          Yes
        </Button>
        <Button ref={no} className="button" onPress={onNo}>
          No
        </Button>
      </DialogButtons>
    </ModalDialog>
  );
}
