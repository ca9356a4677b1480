import { expect, type Locator, type Page } from '@playwright/test';

/** The Connections pane: server → Sites → sites → applications and virtual directories. */
export class ConnectionsTree {
  readonly region: Locator;
  readonly tree: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Connections' });
    this.tree = this.region.getByRole('tree', { name: 'Connections' });
  }

  item(name: string): Locator {
    return this.tree.getByRole('treeitem', { name, exact: true });
  }

  /**
   * Opens a closed node as a user does: click it (which also selects it), then Right arrow (ARIA
   * tree pattern). An open node is left alone.
   */
  async expand(name: string): Promise<void> {
    const item = this.item(name);
    if ((await item.getAttribute('aria-expanded')) === 'false') {
      await item.click();
      await expect(item).toBeFocused();
      await item.press('ArrowRight');
      await expect(item).toHaveAttribute('aria-expanded', 'true');
    }
  }

  /** Selects the node at the end of `names` (the server name first), expanding its ancestors. */
  async select(names: string[]): Promise<void> {
    for (const name of names.slice(0, -1)) await this.expand(name);
    const last = names[names.length - 1];
    if (last === undefined) throw new Error('select() needs at least one node name');
    await this.item(last).click();
  }
}
