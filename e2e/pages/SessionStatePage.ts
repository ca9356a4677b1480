import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './AppShell.js';
import { chooseOption, expectSelected, setChecked } from './controls.js';

export type ModeLabel = 'Not enabled' | 'In process' | 'Custom' | 'State Server' | 'SQL Server';
export type CookieModeLabel = 'Auto Detect' | 'Use Cookies' | 'Use Device Profile' | 'Use URI';

export const SAVED_MESSAGE = 'The changes have been successfully saved.';

/** The Session State feature page (docs/session-state.md §3), found by role and name only. */
export class SessionStatePage extends AppShell {
  readonly heading: Locator;
  readonly modes: Locator;
  readonly stateServer: {
    group: Locator;
    connectionString: Locator;
    create: Locator;
    timeout: Locator;
  };
  readonly sqlServer: {
    group: Locator;
    connectionString: Locator;
    create: Locator;
    timeout: Locator;
    enableCustomDatabase: Locator;
  };
  readonly cookies: {
    group: Locator;
    mode: Locator;
    name: Locator;
    timeout: Locator;
    regenerate: Locator;
    sameSite: Locator;
  };
  readonly hostingIdentity: Locator;
  readonly targetFile: Locator;
  readonly otherAttributes: Locator;
  readonly apply: Locator;
  readonly cancel: Locator;
  readonly viewChanges: Locator;
  readonly testConnection: Locator;
  readonly saved: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Session State', exact: true });
    this.modes = page.getByRole('radiogroup', { name: 'Session State Mode Settings' });
    const ss = page.getByRole('group', { name: 'State Server', exact: true });
    this.stateServer = {
      group: ss,
      connectionString: ss.getByRole('textbox', { name: 'Connection string' }),
      create: ss.getByRole('button', { name: 'Create...' }),
      timeout: ss.getByRole('textbox', { name: 'Time-out (in seconds)' }),
    };
    const sql = page.getByRole('group', { name: 'SQL Server', exact: true });
    this.sqlServer = {
      group: sql,
      connectionString: sql.getByRole('combobox', { name: 'Connection string' }),
      create: sql.getByRole('button', { name: 'Create...' }),
      timeout: sql.getByRole('textbox', { name: 'Time-out (in seconds)' }),
      enableCustomDatabase: sql.getByRole('checkbox', { name: 'Enable custom database' }),
    };
    const cookie = page.getByRole('group', { name: 'Cookie Settings' });
    this.cookies = {
      group: cookie,
      mode: cookie.getByRole('combobox', { name: 'Mode' }),
      name: cookie.getByRole('textbox', { name: 'Name', exact: true }),
      timeout: cookie.getByRole('textbox', { name: 'Time-out (in minutes)' }),
      regenerate: cookie.getByRole('checkbox', { name: 'Regenerate expired session ID' }),
      sameSite: cookie.getByRole('combobox', { name: 'SameSite' }),
    };
    this.hostingIdentity = page.getByRole('checkbox', { name: 'Use hosting identity for impersonation' });
    this.targetFile = page.getByText(/^Changes are written to /);
    this.otherAttributes = page.getByRole('heading', { name: 'Other attributes' });
    this.apply = this.action('Apply');
    this.cancel = this.action('Cancel');
    this.viewChanges = this.action('View changes');
    this.testConnection = this.action('Test connection');
    this.saved = page.getByRole('status').filter({ hasText: SAVED_MESSAGE });
  }

  /** The page of a site or application (`/level/<site path>/session-state`). */
  async goto(sitePath: string): Promise<void> {
    await this.page.goto(`/level/${encodeURIComponent(sitePath)}/session-state`);
    await this.loaded();
  }

  /** The server's page, reached as IIS Manager does: server node → Session State. */
  async gotoServer(): Promise<void> {
    await this.page.goto('/');
    await this.page
      .getByRole('link', { name: 'Session State', exact: true })
      .or(this.page.getByRole('button', { name: 'Session State', exact: true }))
      .click();
    await this.loaded();
  }

  async loaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.mode('In process')).toBeVisible();
  }

  mode(label: ModeLabel): Locator {
    return this.modes.getByRole('radio', { name: label, exact: true });
  }

  async selectMode(label: ModeLabel): Promise<void> {
    await setChecked(this.mode(label));
  }

  async chooseCookieMode(label: CookieModeLabel): Promise<void> {
    await chooseOption(this.cookies.mode, label);
  }

  async expectCookieMode(label: CookieModeLabel): Promise<void> {
    await expectSelected(this.cookies.mode, label);
  }

  async chooseSameSite(label: 'None' | 'Lax' | 'Strict'): Promise<void> {
    const tag = await this.cookies.sameSite.evaluate((el) => el.tagName);
    if (tag === 'SELECT') {
      // The default may be labelled "Lax (ASP.NET default)".
      const labels = await this.cookies.sameSite.locator('option').allTextContents();
      const match = labels.find((l) => l === label) ?? labels.find((l) => l.startsWith(label));
      await this.cookies.sameSite.selectOption({ label: match ?? label });
    } else {
      await chooseOption(this.cookies.sameSite, label);
    }
  }

  async expectSameSite(label: 'None' | 'Lax' | 'Strict'): Promise<void> {
    await expectSelected(this.cookies.sameSite, new RegExp(`^\\s*${label}\\b`));
  }

  /** Replaces a text field's content as a user would (select all, type). */
  async setText(field: Locator, value: string): Promise<void> {
    await field.fill(value);
  }

  revert(label: string): Locator {
    return this.page.getByRole('button', { name: `Revert ${label} to parent` });
  }

  /** Per-field "Revert <label> to parent", confirmed with "Revert". */
  async revertToParent(label: string): Promise<void> {
    await this.revert(label).click();
    await this.page.getByRole('button', { name: 'Revert', exact: true }).click();
  }

  async applyChanges(): Promise<void> {
    await expect(this.apply).toBeEnabled();
    await this.apply.click();
    await expect(this.saved).toBeVisible();
  }

  alert(text: string | RegExp): Locator {
    return this.page.getByRole('alert').filter({ hasText: text });
  }

  /** The advisor's note that says `text` (next to the field it concerns, docs/advisor.md). */
  advice(text: string | RegExp): Locator {
    return this.page.getByRole('listitem').filter({ hasText: text });
  }

  /** A one-click fix button of the advisor ("Use State Server", "Set Idle Time-out to 0", …). */
  fix(label: string): Locator {
    return this.page.getByRole('button', { name: label, exact: true });
  }

  /** Every editable control of the page. */
  editableControls(): Locator[] {
    return [
      ...['Not enabled', 'In process', 'Custom', 'State Server', 'SQL Server'].map((l) =>
        this.mode(l as ModeLabel),
      ),
      this.cookies.mode,
      this.cookies.timeout,
      this.hostingIdentity,
    ];
  }
}
