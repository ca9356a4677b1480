import type { Locator, Page } from '@playwright/test';
import { AppShell } from './AppShell.js';

/** The ASP.NET State Service page (`/services/aspnet_state`, docs/session-state.md §3.8). */
export class StateServicePage extends AppShell {
  readonly heading: Locator;
  readonly startupType: Locator;
  readonly port: Locator;
  readonly allowRemote: Locator;
  readonly socketTimeout: Locator;
  readonly start: Locator;
  readonly stop: Locator;
  readonly restart: Locator;
  /** The Store group (docs/state-store.md §4). */
  readonly inMemory: Locator;
  readonly redis: Locator;
  readonly redisUrl: Locator;
  readonly keyPrefix: Locator;
  readonly testStore: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'ASP.NET State Service', exact: true });
    this.startupType = page.getByRole('combobox', { name: 'Startup type' });
    this.port = page.getByRole('textbox', { name: 'Port', exact: true });
    this.allowRemote = page.getByRole('checkbox', { name: 'Allow remote connections' });
    this.socketTimeout = page.getByRole('textbox', { name: 'Socket time-out (in seconds)' });
    this.start = this.action('Start');
    this.stop = this.action('Stop');
    this.restart = this.action('Restart');
    this.inMemory = page.getByRole('radio', { name: 'In memory' });
    this.redis = page.getByRole('radio', { name: 'Redis', exact: true });
    this.redisUrl = page.getByRole('textbox', { name: 'Redis URL' });
    this.keyPrefix = page.getByRole('textbox', { name: 'Key prefix' });
    this.testStore = page.getByRole('button', { name: 'Test', exact: true });
  }

  async goto(): Promise<void> {
    await this.page.goto('/services/aspnet_state');
  }

  status(status: string): Locator {
    return this.page.getByText(`Status: ${status}`, { exact: true });
  }

  /** The line about the store the running service uses. */
  storeInUse(): Locator {
    return this.page.getByText(/^Store in use: /);
  }
}
