import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Button } from 'react-aria-components';

/** The Actions pane's content element; pages render their actions into it. */
export const ActionsSlotContext = createContext<HTMLElement | null>(null);

/** Renders `children` into the Actions pane (right), as IIS Manager pages fill it. */
export function PageActions({ children }: { children: ReactNode }) {
  const slot = useContext(ActionsSlotContext);
  return slot ? createPortal(children, slot) : null;
}

/** A titled group of actions ("Session State", "Service", …). */
export function ActionGroup({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <div className="action-group">
      {title && <h3 className="action-group-title">{title}</h3>}
      <ul className="action-list">{children}</ul>
    </div>
  );
}

interface ActionButtonProps {
  children: string;
  onPress(): void;
  isDisabled?: boolean;
  /** A unicode glyph standing in for IIS Manager's small icon. */
  icon?: string;
}

export function ActionButton({ children, onPress, isDisabled, icon }: ActionButtonProps) {
  return (
    <li>
      <Button className="action" onPress={onPress} isDisabled={isDisabled ?? false}>
        <span className="action-icon" aria-hidden="true">
          {icon ?? ''}
        </span>
        {children}
      </Button>
    </li>
  );
}

export function ActionLink({ href, children, icon }: { href: string; children: string; icon?: string }) {
  return (
    <li>
      <a className="action" href={href} target="_blank" rel="noopener noreferrer">
        <span className="action-icon" aria-hidden="true">
          {icon ?? ''}
        </span>
        {children}
      </a>
    </li>
  );
}
