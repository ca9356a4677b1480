import type { Locator, Page } from '@playwright/test';
import { AppShell } from './AppShell.js';

/** IIS Manager's Configuration Editor (any section at any level), found by role and name only. */
export class ConfigurationEditorPage extends AppShell {
  readonly heading: Locator;
  readonly sectionPicker: Locator;
  readonly from: Locator;
  readonly grid: Locator;
  readonly saved: Locator;
  readonly targetFile: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Configuration Editor', exact: true });
    this.sectionPicker = page.getByRole('combobox', { name: 'Section:' });
    this.from = page.getByRole('combobox', { name: 'From:' });
    this.grid = page.getByRole('table', { name: /^Properties of / });
    this.saved = page.getByRole('status').filter({ hasText: 'The changes have been successfully saved.' });
    this.targetFile = page.getByText(/^Changes are written to /);
  }

  /** `/level/<site path>/configuration-editor?section=…` (the server: `/configuration-editor`). */
  async goto(sitePath: string, section?: string, from?: string): Promise<void> {
    const q = new URLSearchParams();
    if (section) q.set('section', section);
    if (from) q.set('from', from);
    const base =
      sitePath === ''
        ? '/configuration-editor'
        : `/level/${encodeURIComponent(sitePath)}/configuration-editor`;
    await this.page.goto(`${base}${q.size > 0 ? `?${q.toString()}` : ''}`);
    await this.heading.waitFor();
  }

  /** The value control of an attribute of the element at `path` (the section: ''). */
  value(name: string): Locator {
    return this.grid.getByLabel(name, { exact: true });
  }

  /** Expands a child element row. */
  async expand(element: string): Promise<void> {
    await this.grid.getByRole('button', { name: element, exact: true }).click();
  }

  editItems(of = 'the section'): Locator {
    return this.grid.getByRole('button', { name: `Edit Items… of ${of}` });
  }

  collectionEditor(): Locator {
    return this.page.getByRole('dialog', { name: /^Collection Editor - / });
  }

  scriptDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Script Dialog' });
  }

  searchDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Search Configuration' });
  }
}
