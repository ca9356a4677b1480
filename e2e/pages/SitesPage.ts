import type { Locator, Page } from '@playwright/test';
import { AppShell } from './AppShell.js';

export const SITES_COLUMNS = [
  'Path',
  'Mode',
  'Set in',
  'Connection string',
  'Cookie mode',
  'Time-out',
] as const;
export type SitesColumn = (typeof SITES_COLUMNS)[number];

/** The Sites view: every site and application with its effective session state mode. */
export class SitesPage extends AppShell {
  readonly heading: Locator;
  readonly filter: Locator;
  readonly table: Locator;
  readonly previousPage: Locator;
  readonly nextPage: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Sites', exact: true });
    this.filter = page.getByRole('textbox', { name: 'Filter' });
    this.table = page.getByRole('table', { name: 'Sites' });
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
    return this.table.getByRole('row').filter({ has: this.page.getByRole('cell') });
  }

  row(path: string): Locator {
    return this.rows().filter({ has: this.page.getByRole('link', { name: path, exact: true }) });
  }

  pathLink(path: string): Locator {
    return this.table.getByRole('link', { name: path, exact: true });
  }

  /** The cell of `column` in the row of `path`. */
  async cell(path: string, column: SitesColumn): Promise<Locator> {
    // The headers render with the table: wait for them before reading their order.
    await this.table.getByRole('columnheader').first().waitFor();
    const headers = await this.table.getByRole('columnheader').allInnerTexts();
    const index = headers.findIndex((h) => h.trim().startsWith(column));
    return this.row(path).getByRole('cell').nth(index);
  }

  /** The paths of the rows shown, in order. */
  async paths(): Promise<string[]> {
    return (await this.rows().getByRole('link').allInnerTexts()).map((t) => t.trim());
  }

  pageText(n: number, of: number): Locator {
    return this.page.getByText(`Page ${n} of ${of}`);
  }
}
