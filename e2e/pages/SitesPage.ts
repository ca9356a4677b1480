import type { Locator, Page } from '@playwright/test';
import { AppShell } from './AppShell.js';

export const SITES_COLUMNS = [
  'Name',
  'ID',
  'Status',
  'Binding',
  'Path',
  'Mode',
  'Set in',
  'Warnings',
] as const;
export type SitesColumn = (typeof SITES_COLUMNS)[number];

/**
 * The Sites node: IIS Manager's Sites list (Name, ID, Status, Binding, Path) with every site's
 * applications, their effective session state mode and the advisor's warnings; its Actions and dialogs.
 */
export class SitesPage extends AppShell {
  readonly heading: Locator;
  readonly filter: Locator;
  /** The warning filter ("Show": All, Any warning, a code). */
  readonly show: Locator;
  readonly table: Locator;
  readonly previousPage: Locator;
  readonly nextPage: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Sites', exact: true });
    this.filter = page.getByRole('textbox', { name: 'Filter' });
    this.show = page.getByRole('combobox', { name: 'Show', exact: true });
    this.table = page.getByRole('grid', { name: 'Sites' });
    this.previousPage = page.getByRole('button', { name: 'Previous page' });
    this.nextPage = page.getByRole('button', { name: 'Next page' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/sites');
  }

  column(name: SitesColumn): Locator {
    return this.table.getByRole('columnheader', { name, exact: true });
  }

  /** The sort button inside a column header. */
  sortButton(name: SitesColumn): Locator {
    return this.column(name).getByRole('button');
  }

  /** Data rows (the header row excluded). */
  rows(): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('gridcell') });
  }

  row(path: string): Locator {
    return this.rows().filter({ has: this.page.getByRole('link', { name: path, exact: true }) });
  }

  /** The Name link of a row (opens the level's Features view). */
  pathLink(path: string): Locator {
    return this.table.getByRole('link', { name: path, exact: true });
  }

  /** The Mode link of a row (opens the level's Session State page). */
  modeLink(path: string): Locator {
    return this.row(path).getByRole('gridcell').nth(SITES_COLUMNS.indexOf('Mode')).getByRole('link');
  }

  /** The cell of `column` in the row of `path`. */
  async cell(path: string, column: SitesColumn): Promise<Locator> {
    // The headers render with the table: wait for them before reading their order.
    await this.table.getByRole('columnheader').first().waitFor();
    const headers = await this.table.getByRole('columnheader').allInnerTexts();
    const index = headers.findIndex((h) => h.trim().startsWith(column));
    return this.row(path).getByRole('gridcell').nth(index);
  }

  /** Selects a row as a user does: a click on its ID cell (not on a link). */
  async select(path: string): Promise<void> {
    await (await this.cell(path, 'ID')).click();
  }

  /** The site paths of the rows shown, in order. */
  async paths(): Promise<string[]> {
    const names = this.rows().locator('td:first-child').getByRole('link');
    return (await names.allInnerTexts()).map((t) => t.trim());
  }

  pageText(n: number, of: number): Locator {
    return this.page.getByText(`Page ${n} of ${of}`);
  }

  dialog(name: string): Locator {
    return this.page.getByRole('dialog', { name, exact: true });
  }

  /** A Yes / No question (the duplicate binding, Remove). */
  question(name: string): Locator {
    return this.page.getByRole('alertdialog', { name, exact: true });
  }

  field(dialog: Locator, label: string): Locator {
    return dialog.getByRole('textbox', { name: label, exact: true });
  }

  /** Fills Add Website and presses OK (the binding: All Unassigned, the port and host name given). */
  async addWebsite(site: {
    name: string;
    physicalPath: string;
    port?: string;
    host?: string;
  }): Promise<Locator> {
    await this.action('Add Website...').click();
    const dialog = this.dialog('Add Website');
    await this.field(dialog, 'Site name').fill(site.name);
    await this.field(dialog, 'Physical path').fill(site.physicalPath);
    if (site.port !== undefined) await this.field(dialog, 'Port').fill(site.port);
    if (site.host !== undefined) await this.field(dialog, 'Host name').fill(site.host);
    await dialog.getByRole('button', { name: 'OK' }).click();
    return dialog;
  }
}
