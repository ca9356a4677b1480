import type { Locator, Page } from '@playwright/test';
import { ConnectionsTree } from './ConnectionsTree.js';

/** What every signed-in page has: the top bar, the address bar, Connections and Actions. */
export class AppShell {
  readonly signOutButton: Locator;
  readonly address: Locator;
  readonly connections: ConnectionsTree;
  readonly actions: Locator;

  constructor(readonly page: Page) {
    this.signOutButton = page.getByRole('button', { name: 'Sign out' });
    this.address = page.getByRole('navigation', { name: 'Address' });
    this.connections = new ConnectionsTree(page);
    this.actions = page.getByRole('region', { name: 'Actions' });
  }

  signedInAs(user: string, role: string): Locator {
    return this.page.getByText(`Signed in as ${user} (${role})`);
  }

  /** A button (or link) of the Actions pane. */
  action(name: string): Locator {
    return this.actions
      .getByRole('button', { name, exact: true })
      .or(this.actions.getByRole('link', { name, exact: true }));
  }
}
