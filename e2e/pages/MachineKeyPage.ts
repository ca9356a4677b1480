import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './AppShell.js';
import { SAVED_MESSAGE } from './SessionStatePage.js';

/** "Validation key" or "Decryption key": IIS Manager's group of one key. */
export interface KeyGroup {
  group: Locator;
  autoGenerate: Locator;
  isolateApps: Locator;
  key: Locator;
}

/** The Machine Key feature page (IIS Manager's, system.web/machineKey), found by role and name only. */
export class MachineKeyPage extends AppShell {
  readonly heading: Locator;
  readonly validation: Locator;
  readonly decryption: Locator;
  readonly validationKey: KeyGroup;
  readonly decryptionKey: KeyGroup;
  readonly apply: Locator;
  readonly cancel: Locator;
  readonly generateKeys: Locator;
  readonly viewChanges: Locator;
  readonly saved: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Machine Key', exact: true });
    this.validation = page.getByRole('combobox', { name: 'Validation method:' });
    this.decryption = page.getByRole('combobox', { name: 'Encryption method:' });
    const keyGroup = (name: string): KeyGroup => {
      const group = page.getByRole('group', { name, exact: true });
      return {
        group,
        autoGenerate: group.getByRole('checkbox', { name: 'Automatically generate at runtime' }),
        isolateApps: group.getByRole('checkbox', { name: 'Generate a unique key for each application' }),
        key: group.getByRole('textbox', { name, exact: true }),
      };
    };
    this.validationKey = keyGroup('Validation key');
    this.decryptionKey = keyGroup('Decryption key');
    this.apply = this.action('Apply');
    this.cancel = this.action('Cancel');
    this.generateKeys = this.action('Generate Keys');
    this.viewChanges = this.action('View changes');
    this.saved = page.getByRole('status').filter({ hasText: SAVED_MESSAGE });
  }

  /** The page of a site or application (`/level/<site path>/machine-key`), or the server's (`''`). */
  async goto(sitePath: string): Promise<void> {
    await this.page.goto(
      sitePath === '' ? '/machine-key' : `/level/${encodeURIComponent(sitePath)}/machine-key`,
    );
    await expect(this.heading).toBeVisible();
    await expect(this.validation).toBeVisible();
  }

  /** Generate Keys, then the two keys it put in the boxes. */
  async generate(): Promise<{ validationKey: string; decryptionKey: string }> {
    await this.generateKeys.click();
    await expect(this.validationKey.autoGenerate).not.toBeChecked();
    await expect(this.validationKey.key).toHaveValue(/^[0-9A-F]+$/);
    await expect(this.decryptionKey.key).toHaveValue(/^[0-9A-F]+$/);
    return {
      validationKey: await this.validationKey.key.inputValue(),
      decryptionKey: await this.decryptionKey.key.inputValue(),
    };
  }

  async applyChanges(): Promise<void> {
    await expect(this.apply).toBeEnabled();
    await this.apply.click();
    await expect(this.saved).toBeVisible();
  }
}
