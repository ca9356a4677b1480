// Another server's pages in this console, against three real servers on loopback ports, each with its
// own root (fixture F): WEB2 (with a site of its own and a session time-out of 45 on WebSite1) and
// WEB3 (stopped once connected). WEB2 is a root of Connections with its own tree, and every page works
// on it — Features View, Session State (Apply writes WEB2's file, not this server's), Sites, Application
// Pools (Add Application Pool... writes WEB2's applicationHost.config), Configuration Editor, Machine
// Key, ASP.NET State Service, View history, Content View — with URLs and links that stay on it; WEB3
// shows that it cannot be reached, in the tree and on its pages.
import { ApplicationPoolsPage } from '../pages/ApplicationPoolsPage.js';
import { ConfigurationEditorPage } from '../pages/ConfigurationEditorPage.js';
import { FarmPage } from '../pages/FarmPage.js';
import { MachineKeyPage } from '../pages/MachineKeyPage.js';
import { SessionStatePage } from '../pages/SessionStatePage.js';
import { StateServicePage } from '../pages/StateServicePage.js';
import { ApiClient } from '../support/api.js';
import { addSite, APPHOST, changedConfigFiles, read, SITE1_WEB } from '../support/disk.js';
import { IisServer } from '../support/server.js';
import { expect, expectNoSeriousA11yViolations, test, useIisServer } from '../support/test.js';

useIisServer({ resetBetweenTests: false });
test.describe.configure({ mode: 'serial' });

let web2: IisServer;
let web3: IisServer;
let tokens: { web2: string; web3: string };

test.beforeAll(async () => {
  test.setTimeout(90_000);
  [web2, web3] = await Promise.all([IisServer.start(), IisServer.start()]);
  addSite(web2.root, 'Shop', 'C:\\inetpub\\shop');
  const [api2, api3] = await Promise.all([
    ApiClient.signIn(web2.url, web2.admin),
    ApiClient.signIn(web3.url, web3.admin),
  ]);
  tokens = {
    web2: await api2.createToken('farm-remote e2e'),
    web3: await api3.createToken('farm-remote e2e'),
  };
  const res = await api2.patchSessionState('WebSite1', { timeout: 45 });
  expect(res.ok(), await res.text()).toBe(true);
  await Promise.all([api2.dispose(), api3.dispose()]);
});

test.afterAll(async () => {
  await Promise.all([web2?.stop(), web3?.stop()]);
});

test('Connect to a Server… twice: each server is a root; WEB2’s node is its Features view, connected', async ({
  page,
}) => {
  const farm = new FarmPage(page);
  await page.goto('/');
  for (const [name, server, token] of [
    ['WEB3', web3, tokens.web3],
    ['WEB2', web2, tokens.web2],
  ] as const) {
    await farm.connectButton.click();
    await farm.connect(name, server.url, token);
    await expect(farm.connectDialog).toBeHidden();
    await expect(farm.connections.item(name)).toHaveAttribute('aria-level', '1');
  }
  await expect(page).toHaveURL(/\/servers\/web2$/);
  await expect(page.getByRole('heading', { name: 'WEB2 Home', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Server connection' })).toContainText('Connected');
  await expect(farm.action('Remove')).toBeVisible();
  // The farm is this console's page, not each server's.
  await expect(page.getByRole('main').getByRole('link', { name: 'Farm', exact: true })).toHaveAttribute(
    'href',
    '/farm',
  );
  await expect(page.getByRole('region', { name: 'Management' })).not.toContainText('Farm');
  // WEB3 goes away.
  await web3.stop();
});

test('WEB2’s tree in Connections, and Session State on WEB2: its values, Apply writes its file only; axe', async ({
  page,
  iis,
}) => {
  const localBefore = read(iis.root, SITE1_WEB);
  const ss = new SessionStatePage(page);
  await page.goto('/');
  await ss.connections.expand('WEB2');
  const shop = ss.connections.item('Shop');
  await expect(shop).toHaveAttribute('aria-level', '3');
  await ss.connections.tree.getByRole('treeitem', { name: 'WebSite1', exact: true }).nth(1).click();
  await expect(page).toHaveURL(/\/servers\/web2\/level\/WebSite1$/);
  await expect(ss.address).toHaveText('WEB2 › Sites › WebSite1');
  await page.getByRole('link', { name: 'Session State', exact: true }).click();
  await expect(page).toHaveURL(/\/servers\/web2\/level\/WebSite1\/session-state$/);
  await ss.loaded();
  await expect(ss.cookies.timeout).toHaveValue('45');

  await ss.cookies.timeout.fill('50');
  await ss.applyChanges();
  expect(read(web2.root, SITE1_WEB)).toMatch(/timeout="(50|00:50:00)"/);
  expect(read(iis.root, SITE1_WEB)).toBe(localBefore);
  await expectNoSeriousA11yViolations(page);

  // This console's own WebSite1 keeps its own value.
  await ss.goto('WebSite1');
  await expect(ss.cookies.timeout).toHaveValue('20');
});

test('every other page works on WEB2: Sites, Application Pools, Configuration Editor, Machine Key, ASP.NET State Service, View history, Content View', async ({
  page,
  iis,
  before,
}) => {
  const shell = new FarmPage(page);
  await page.goto('/servers/web2/sites');
  await expect(
    page.getByRole('grid', { name: 'Sites' }).getByRole('link', { name: 'Shop', exact: true }),
  ).toBeVisible();
  await expect(shell.connections.item('Sites').nth(1)).toHaveAttribute('aria-selected', 'true');

  const pools = new ApplicationPoolsPage(page);
  await shell.connections.tree.getByRole('treeitem', { name: 'Application Pools' }).nth(1).click();
  await expect(page).toHaveURL(/\/servers\/web2\/application-pools$/);
  await pools.loaded();
  await pools.addPool('RemotePool');
  expect(read(web2.root, APPHOST)).toContain('name="RemotePool"');

  const editor = new ConfigurationEditorPage(page);
  await page.goto('/servers/web2/level/WebSite1/configuration-editor?section=system.web/sessionState');
  await expect(editor.value('timeout')).toHaveValue(/^(50|00:50:00)$/);

  const machineKey = new MachineKeyPage(page);
  await page.goto('/servers/web2/machine-key');
  await expect(machineKey.validation).toBeVisible();

  const service = new StateServicePage(page);
  await page.goto('/servers/web2');
  await page.getByRole('link', { name: 'ASP.NET State Service', exact: true }).click();
  await expect(page).toHaveURL(/\/servers\/web2\/services\/aspnet_state$/);
  await expect(service.startupType).toBeVisible();

  const ss = new SessionStatePage(page);
  await page.goto('/servers/web2/level/WebSite1/session-state');
  await ss.loaded();
  const history = page.waitForResponse((r) => /\/api\/history\?server=web2$/.test(r.url()));
  await ss.action('View history').click();
  expect((await history).ok()).toBe(true);
  await expect(page.getByRole('dialog')).toContainText('inetpub/WebSite1/web.config');
  await page.keyboard.press('Escape');

  await page.goto('/servers/web2/level/WebSite1');
  await page.getByRole('navigation', { name: 'View' }).getByRole('link', { name: 'Content View' }).click();
  await expect(page).toHaveURL(/\/servers\/web2\/level\/WebSite1\?view=content$/);
  await expect(page.getByRole('table', { name: 'Content' })).toContainText('web.config');
  // Nothing of this console changed.
  expect(changedConfigFiles(iis.root, before)).toEqual([]);
});

test('WEB3 does not answer: its root says why, and its pages show the error', async ({ page }) => {
  const shell = new FarmPage(page);
  await page.goto('/');
  await shell.connections.expand('WEB3');
  await expect(shell.connections.tree.getByRole('treeitem', { name: /cannot be reached/ })).toBeVisible();

  await page.goto('/servers/web3/level/WebSite1/session-state');
  await expect(page.getByRole('alert').filter({ hasText: /cannot be reached/ })).toBeVisible();
  await page.goto('/servers/web3');
  await expect(page.getByRole('heading', { name: 'WEB3 Home', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Server connection' })).toContainText('Not reachable');
});
