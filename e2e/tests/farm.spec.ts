// The farm against two real servers on loopback ports, each with its own root (fixture F): Connect to
// a Server… with a token made on the second one (a wrong token refused in the dialog, the dialog used by
// keyboard), the Farm view comparing WebSite1 across both (a disagreement made on purpose), axe, and
// Apply to Servers… previewing each server's diff, then writing both servers' files on disk.
import { hostname } from 'node:os';
import { FarmPage } from '../pages/FarmPage.js';
import { ApiClient } from '../support/api.js';
import { read, SITE1_WEB } from '../support/disk.js';
import { IisServer } from '../support/server.js';
import { expect, expectNoSeriousA11yViolations, test, useIisServer } from '../support/test.js';

useIisServer({ resetBetweenTests: false });
test.describe.configure({ mode: 'serial' });

const local = hostname();
let second: IisServer;
let secondApi: ApiClient;
let token: string;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  second = await IisServer.start();
  secondApi = await ApiClient.signIn(second.url, second.admin);
  token = await secondApi.createToken('farm e2e');
  // The disagreement: WebSite1's session time-out on the second server only.
  const res = await secondApi.patchSessionState('WebSite1', { timeout: 45 });
  expect(res.ok(), await res.text()).toBe(true);
});

test.afterAll(async () => {
  await secondApi?.dispose();
  await second?.stop();
});

test('Connect to a Server…: by keyboard, a wrong token is refused in the dialog; the right one adds WEB2 to Connections', async ({
  page,
}) => {
  const farm = new FarmPage(page);
  await page.goto('/');
  await farm.connectButton.focus();
  await page.keyboard.press('Enter');
  const dialog = farm.connectDialog;
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Server name:')).toBeFocused();
  await page.keyboard.type('WEB2');
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('URL of the IIS Console on that server:')).toBeFocused();
  await page.keyboard.type(second.url);
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('API token:')).toBeFocused();
  await page.keyboard.type('not-the-token');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('The server refused the API token.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(farm.connections.item('WEB2')).toHaveCount(0);

  await farm.connectButton.click();
  await farm.connect('WEB2', second.url, token);
  await expect(dialog).toBeHidden();
  const root = farm.connections.item('WEB2');
  await expect(root).toBeVisible();
  await expect(root).toHaveAttribute('aria-level', '1');
  await expect(page.getByRole('heading', { name: 'WEB2', level: 1 })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(second.url);
  await expect(page.getByRole('main')).toContainText('admin (administrator)');
});

test('Farm: WebSite1 across both servers shows the time-out that differs; axe', async ({ page }) => {
  const farm = new FarmPage(page);
  await page.goto('/');
  await page.getByRole('link', { name: 'Farm', exact: true }).click();
  await expect(page).toHaveURL(/\/farm$/);
  await expect(page.getByRole('checkbox', { name: `${local} (this server)` })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'WEB2' })).toBeChecked();
  await farm.compare('WebSite1');
  await expect(farm.row('timeout')).toContainText('Differs');
  await expect(farm.row('timeout')).toContainText('45');
  await expect(farm.row('mode')).toContainText('Same');
  await expect(page.getByRole('main')).not.toContainText('Incomplete');
  await expect(farm.checks).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('Apply to Servers…: State Server at tcpip=stateserver:42424 on both writes both files; nothing differs after', async ({
  page,
  iis,
}) => {
  const farm = new FarmPage(page);
  await page.goto('/farm?path=WebSite1');
  await expect(farm.row('timeout')).toContainText('Differs');
  await farm.action('Apply to Servers…').click();
  const dialog = farm.applyDialog;
  await dialog.getByLabel('Session state mode:').selectOption('StateServer');
  await dialog.getByLabel('State server connection string:').fill('tcpip=stateserver:42424');
  await dialog.getByLabel('Time-out (in minutes):').fill('45');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByRole('status')).toContainText(`on 2 servers: ${local}, WEB2`);
  // The diff each server would write, before anything is written.
  const perServer = dialog.getByRole('region', { name: 'Changes per server' });
  await expect(perServer.getByRole('heading', { name: 'WEB2' })).toBeVisible();
  await expect(perServer).toContainText('+');
  await expect(perServer).toContainText('stateConnectionString="tcpip=stateserver:42424"');
  for (const root of [iis.root, second.root])
    expect(read(root, SITE1_WEB)).not.toContain('stateserver:42424');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect(farm.results).toContainText('Applied on every server.');
  await expect(farm.results.getByRole('row', { name: /WEB2/ })).toContainText('Applied');

  for (const root of [iis.root, second.root]) {
    const text = read(root, SITE1_WEB);
    expect(text).toContain('mode="StateServer"');
    expect(text).toContain('stateConnectionString="tcpip=stateserver:42424"');
    expect(text).toMatch(/timeout="(45|00:45:00)"/);
  }
  // Read again: the time-out agrees now.
  await expect(farm.row('timeout')).toContainText('Same');
  await expect(farm.row('mode')).toContainText('StateServer');
});
