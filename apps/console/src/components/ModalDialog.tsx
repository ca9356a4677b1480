import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

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
