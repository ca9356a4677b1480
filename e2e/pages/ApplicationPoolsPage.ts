import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './AppShell.js';

export const POOL_COLUMNS = [
  'Name',
  'Status',
  '.NET CLR Version',
  'Managed Pipeline Mode',
  'Identity',
  'Applications',
] as const;

/**
 * The Application Pools node: IIS Manager's list of pools (a grid whose rows are selected with the
 * mouse or the arrow keys), its Actions, and the Add / Edit, Recycling, Advanced Settings and Remove
 * dialogs.
 */
export class ApplicationPoolsPage extends AppShell {
  readonly heading: Locator;
  readonly grid: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Application Pools', exact: true });
    this.grid = page.getByRole('grid', { name: 'Application Pools' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/application-pools');
    await this.loaded();
  }

  async loaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.row('DefaultAppPool')).toBeVisible();
  }

  /** The pool's row (its first cell is the name). */
  row(name: string): Locator {
    return this.grid.getByRole('row').filter({ has: this.page.getByRole('gridcell', { name, exact: true }) });
  }

  /** The cells of a pool's row, as text, in column order. */
  async cells(name: string): Promise<string[]> {
    return this.row(name).getByRole('gridcell').allTextContents();
  }

  async select(name: string): Promise<void> {
    await this.row(name).click();
    await expect(this.row(name)).toHaveAttribute('aria-selected', 'true');
  }

  dialog(name: string): Locator {
    return this.page.getByRole('dialog', { name, exact: true });
  }

  /** Add Application Pool...: fills the dialog and presses OK. */
  async addPool(name: string, clr?: string): Promise<void> {
    await this.action('Add Application Pool...').click();
    const dialog = this.dialog('Add Application Pool');
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    if (clr) await dialog.getByRole('combobox', { name: '.NET CLR version' }).selectOption({ label: clr });
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(this.row(name)).toBeVisible();
  }

  /** Opens Advanced Settings... of the selected pool. */
  async openAdvancedSettings(): Promise<Locator> {
    await this.action('Advanced Settings...').click();
    const dialog = this.dialog('Advanced Settings');
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** A property of the Advanced Settings grid, in its category. */
  property(dialog: Locator, category: string, label: string): Locator {
    return dialog.getByRole('rowgroup', { name: category }).getByLabel(label, { exact: true });
  }

  /** Presses Tab until `target` has the focus (keyboard-only use). */
  async tabTo(target: Locator, max = 60): Promise<void> {
    for (let i = 0; i < max; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await this.page.keyboard.press('Tab');
    }
    await expect(target, `Tab did not reach it in ${max} presses`).toBeFocused();
  }
}
