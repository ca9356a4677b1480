import type { Locator, Page } from '@playwright/test';
import { AppShell } from './AppShell.js';

/** Connect to a Server… (Connections pane) and the Farm view (`/farm`) with Apply to Servers…. */
export class FarmPage extends AppShell {
  readonly connectButton: Locator;
  readonly connectDialog: Locator;
  readonly applyDialog: Locator;
  readonly table: Locator;
  readonly checks: Locator;
  readonly results: Locator;

  constructor(page: Page) {
    super(page);
    this.connectButton = this.connections.region.getByRole('button', { name: 'Connect to a Server…' });
    this.connectDialog = page.getByRole('dialog', { name: 'Connect to a Server' });
    this.applyDialog = page.getByRole('dialog', { name: 'Apply to Servers' });
    this.table = page.getByRole('table', { name: /^Settings of/ });
    this.checks = page.getByRole('region', { name: 'Farm checks' });
    this.results = page.getByRole('region', { name: 'Apply to Servers: results' });
  }

  /** Fills Connect to a Server… (opened already) and presses Connect. */
  async connect(name: string, url: string, token: string): Promise<void> {
    const d = this.connectDialog;
    await d.getByLabel('Server name:').fill(name);
    await d.getByLabel('URL of the IIS Console on that server:').fill(url);
    await d.getByLabel('API token:').fill(token);
    await d.getByRole('button', { name: 'Connect' }).click();
  }

  /** The row of one setting in the comparison (`timeout`, `mode`, …). */
  row(setting: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: setting, exact: true }) });
  }

  async compare(sitePath: string): Promise<void> {
    await this.page.getByLabel('Site path:').fill(sitePath);
    await this.page.getByRole('button', { name: 'Compare', exact: true }).click();
  }
}
