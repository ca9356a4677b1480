// Axe on every main page (no serious or critical violations) and a full-page screenshot of each,
// kept as artifacts in e2e/test-results/screens/.
import {
  test,
  expect,
  useIisServer,
  keepScreenshot,
  expectNoSeriousA11yViolations,
} from '../support/test.js';
import { SignInPage } from '../pages/SignInPage.js';

useIisServer({ resetBetweenTests: false });

test('sign-in page', async ({ browser, iis }) => {
  const context = await browser.newContext({
    baseURL: iis.server.url,
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await expect(signIn.heading).toBeVisible();
  await keepScreenshot(page, 'sign-in');
  await expectNoSeriousA11yViolations(page);
  await context.close();
});

test('Features view (server)', async ({ features, page }) => {
  await features.gotoServer();
  await expect(features.feature('Session State')).toBeVisible();
  await keepScreenshot(page, 'features-server');
  await expectNoSeriousA11yViolations(page);
});

test('Session State page (site)', async ({ sessionState, page }) => {
  await sessionState.goto('WebSite1');
  await keepScreenshot(page, 'session-state-site');
  await expectNoSeriousA11yViolations(page);
});

test('Session State page with pending changes and the Pending changes dialog', async ({
  sessionState,
  page,
}) => {
  await sessionState.goto('WebSite1');
  await sessionState.selectMode('SQL Server');
  await sessionState.cookies.timeout.fill('30');
  await keepScreenshot(page, 'session-state-dirty');
  await expectNoSeriousA11yViolations(page);
  await sessionState.viewChanges.click();
  const dialog = page.getByRole('dialog', { name: 'Pending changes' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('inetpub/WebSite1/web.config');
  await expect(dialog).toContainText('+');
  await expect(dialog).toContainText('mode="SQLServer"');
  await expect(dialog).toContainText('timeout="30"');
  await keepScreenshot(page, 'pending-changes');
  await expectNoSeriousA11yViolations(page);
});

test('Session State page (read-only virtual directory)', async ({ sessionState, page }) => {
  await sessionState.goto('WebSite2/help');
  await keepScreenshot(page, 'session-state-readonly');
  await expectNoSeriousA11yViolations(page);
});

test('Sites view', async ({ sites, page }) => {
  await sites.goto();
  await expect(sites.table).toBeVisible();
  await expect(sites.pathLink('WebSite1')).toBeVisible();
  await keepScreenshot(page, 'sites');
  await expectNoSeriousA11yViolations(page);
});

test('ASP.NET State Service page', async ({ stateService, page }) => {
  await stateService.goto();
  await expect(stateService.heading).toBeVisible();
  await expect(page.getByText(/^Status: /)).toBeVisible();
  await keepScreenshot(page, 'state-service');
  await expectNoSeriousA11yViolations(page);
});
