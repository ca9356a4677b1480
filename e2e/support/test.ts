/* eslint-disable no-empty-pattern -- Playwright reads a fixture's dependencies from its destructured first parameter. */
// The Playwright `test` of this suite: one real server per spec file (fixture F on a temporary root),
// signed in through the sign-in page once per file; tests reuse the saved sign-in (storageState).
import { join } from 'node:path';
import { test as base, expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { AppShell } from '../pages/AppShell.js';
import { FeaturesView } from '../pages/FeaturesView.js';
import { SessionStatePage } from '../pages/SessionStatePage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { SitesPage } from '../pages/SitesPage.js';
import { StateServicePage } from '../pages/StateServicePage.js';
import { ApiClient } from './api.js';
import { configSnapshot, type ConfigSnapshot } from './disk.js';
import { IisServer, type Credentials } from './server.js';

/** One spec file's server, its sign-ins and API clients. */
export interface Iis {
  server: IisServer;
  root: string;
  /** API as the administrator / the reader. */
  api: ApiClient;
  readerApi: ApiClient;
  /** Saved browser sign-ins (storageState files). */
  adminState: string;
  readerState: string;
}

let current: Iis | undefined;

function iis(): Iis {
  if (!current) throw new Error('No server: call useIisServer() at the top of the spec file.');
  return current;
}

/** Signs in through the sign-in page and saves the session for the other tests of the file. */
async function signInAndSave(browser: Browser, baseURL: string, user: Credentials, file: string) {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(user.username, user.password);
  await expect(new AppShell(page).signedInAs(user.username, user.role)).toBeVisible();
  await context.storageState({ path: file });
  await context.close();
}

interface Fixtures {
  /** Put every configuration file back to fixture F before each test (default true). */
  resetFiles: boolean;
  iis: Iis;
  /** The configuration files as they were when the test started (after the reset). */
  before: ConfigSnapshot;
  signInPage: SignInPage;
  shell: AppShell;
  features: FeaturesView;
  sessionState: SessionStatePage;
  sites: SitesPage;
  stateService: StateServicePage;
}

export const test = base.extend<Fixtures>({
  // Playwright also sets these up around beforeAll hooks, before the server exists.
  baseURL: async ({}, use) => use(current?.server.url),
  storageState: async ({}, use) => use(current?.adminState),
  iis: async ({}, use) => use(iis()),
  resetFiles: [true, { option: true }],
  // Automatic, so that the reset happens before any beforeEach hook of the file.
  before: [
    async ({ resetFiles }, use) => {
      if (!current) return use(new Map());
      if (resetFiles) current.server.resetFiles();
      await use(configSnapshot(current.root));
    },
    { auto: true },
  ],
  signInPage: async ({ page }, use) => use(new SignInPage(page)),
  shell: async ({ page }, use) => use(new AppShell(page)),
  features: async ({ page }, use) => use(new FeaturesView(page)),
  sessionState: async ({ page }, use) => use(new SessionStatePage(page)),
  sites: async ({ page }, use) => use(new SitesPage(page)),
  stateService: async ({ page }, use) => use(new StateServicePage(page)),
});

export { expect };

export interface ServerOptions {
  /** Put every configuration file back to fixture F before each test (default true). */
  resetBetweenTests?: boolean;
  /** Sign in through the UI and save the sessions (default true). */
  signIn?: boolean;
}

/** Starts the file's server before its first test and stops it after the last. */
export function useIisServer(options: ServerOptions = {}): void {
  const { resetBetweenTests = true, signIn = true } = options;
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(60_000);
    const server = await IisServer.start();
    try {
      const adminState = join(server.scratch, 'admin.json');
      const readerState = join(server.scratch, 'reader.json');
      if (signIn) {
        await signInAndSave(browser, server.url, server.admin, adminState);
        await signInAndSave(browser, server.url, server.reader, readerState);
      }
      current = {
        server,
        root: server.root,
        api: await ApiClient.signIn(server.url, server.admin),
        readerApi: await ApiClient.signIn(server.url, server.reader),
        adminState,
        readerState,
      };
    } catch (error) {
      await attachText(test.info(), 'server.log', server.logTail(200));
      await server.stop();
      throw error;
    }
  });
  test.afterAll(async () => {
    const env = current;
    current = undefined;
    if (!env) return;
    await env.api.dispose();
    await env.readerApi.dispose();
    await env.server.stop();
  });
  if (!resetBetweenTests) test.use({ resetFiles: false });
  test.afterEach(async ({}, testInfo) => {
    if (current && testInfo.status !== testInfo.expectedStatus) {
      await attachText(testInfo, 'server.log', current.server.logTail(200));
    }
  });
}

/** Use the saved sign-in of the reader instead of the administrator. */
export function asReader(): void {
  test.use({ storageState: async ({}, use) => use(current?.readerState) });
}

/** Use a browser that is not signed in. */
export function signedOut(): void {
  test.use({ storageState: { cookies: [], origins: [] } });
}

async function attachText(testInfo: TestInfo, name: string, body: string): Promise<void> {
  await testInfo.attach(name, { body, contentType: 'text/plain' });
}

/** A full-page screenshot kept as an artifact (e2e/test-results/screens/<name>.png) and attached. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  const testInfo = test.info();
  const path = join(testInfo.project.outputDir, 'screens', `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(`screen-${name}`, { path, contentType: 'image/png' });
}

/** Axe on the current page: no serious or critical violations. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await test.info().attach('axe-violations.json', {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  expect(
    serious.map(
      (v) => `${v.impact}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
    ),
  ).toEqual([]);
}
