import type { Locator, Page } from '@playwright/test';
import { AppShell } from './AppShell.js';

/** "<node> Home": the features of a server, site or application. */
export class FeaturesView extends AppShell {
  constructor(page: Page) {
    super(page);
  }

  heading(node: string): Locator {
    return this.page.getByRole('heading', { name: `${node} Home` });
  }

  feature(name: 'Session State' | 'ASP.NET State Service'): Locator {
    return this.page
      .getByRole('link', { name, exact: true })
      .or(this.page.getByRole('button', { name, exact: true }));
  }

  /** The server's features (`/`). */
  async gotoServer(): Promise<void> {
    await this.page.goto('/');
  }

  /** A site's or application's features (`/level/<site path>`). */
  async gotoLevel(sitePath: string): Promise<void> {
    await this.page.goto(`/level/${encodeURIComponent(sitePath)}`);
  }

  /** The "Features View" / "Content View" switch below a node's page. */
  view(name: 'Features View' | 'Content View'): Locator {
    return this.page.getByRole('navigation', { name: 'View' }).getByRole('link', { name, exact: true });
  }

  /** Content View's table (Name, Type). */
  get content(): Locator {
    return this.page.getByRole('table', { name: 'Content' });
  }
}
