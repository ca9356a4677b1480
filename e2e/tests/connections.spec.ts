// The Connections tree, the Features view, the address bar, and leaving a page with unsaved
// changes (docs/session-state.md §3.5, §7.3 S17).
import { hostname } from 'node:os';
import { test, expect, useIisServer } from '../support/test.js';
import { changedConfigFiles, read, SITE1_WEB, SITE1_ORIGINAL } from '../support/disk.js';
import { MSG } from '../support/messages.js';

useIisServer();

const server = hostname();

test('the tree shows the server, Sites, sites, applications and virtual directories', async ({
  features,
}) => {
  await features.gotoServer();
  const tree = features.connections;
  await expect(tree.item(server)).toBeVisible();
  await tree.expand(server);
  await tree.expand('Sites');
  await expect(tree.item('WebSite1')).toBeVisible();
  await expect(tree.item('WebSite2')).toBeVisible();
  await tree.expand('WebSite1');
  await expect(tree.item('app')).toBeVisible();
  await tree.expand('WebSite2');
  await expect(tree.item('help')).toBeVisible();
});

test('the server node shows its features, with the ASP.NET State Service', async ({ features, page }) => {
  await features.gotoServer();
  await expect(features.heading(server)).toBeVisible();
  await expect(features.feature('Session State')).toBeVisible();
  await expect(features.feature('ASP.NET State Service')).toBeVisible();
  await features.feature('ASP.NET State Service').click();
  await expect(page).toHaveURL(/\/services\/aspnet_state$/);
  await expect(page.getByRole('heading', { name: 'ASP.NET State Service', exact: true })).toBeVisible();
});

test('selecting a node opens its Home and the address bar shows its path', async ({ features, page }) => {
  await features.gotoServer();
  await features.connections.select([server, 'Sites', 'WebSite1', 'app']);
  await expect(features.heading('app')).toBeVisible();
  await expect(page).toHaveURL(`/level/${encodeURIComponent('WebSite1/app')}`);
  await expect(features.address).toContainText('WebSite1');
  await expect(features.address).toContainText('app');
  await expect(features.feature('Session State')).toBeVisible();
  await expect(features.feature('ASP.NET State Service')).toHaveCount(0);

  await features.feature('Session State').click();
  await expect(page).toHaveURL(`/level/${encodeURIComponent('WebSite1/app')}/session-state`);
  await expect(page.getByRole('heading', { name: 'Session State', exact: true })).toBeVisible();
});

test('the Sites node opens the Sites view', async ({ features, sites, page }) => {
  await features.gotoServer();
  await features.connections.select([server, 'Sites']);
  await expect(page).toHaveURL(/\/sites$/);
  await expect(sites.heading).toBeVisible();
});

test.describe('S17: leaving with unsaved changes', () => {
  test.beforeEach(async ({ sessionState: p }) => {
    await p.goto('WebSite1');
    await p.cookies.timeout.fill('25');
    await expect(p.apply).toBeEnabled();
    await p.connections.select([server, 'Sites', 'WebSite2']);
  });

  test('Cancel (the default) stays with the edits kept', async ({ sessionState: p, page, iis, before }) => {
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText(MSG.unsavedChanges);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(p.heading).toBeVisible();
    await expect(page).toHaveURL(`/level/WebSite1/session-state`);
    await expect(p.cookies.timeout).toHaveValue('25');
    await expect(p.apply).toBeEnabled();
    expect(changedConfigFiles(iis.root, before)).toEqual([]);
  });

  test('No discards and navigates, without asking again', async ({ features, page, iis, before }) => {
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'No', exact: true }).click();
    await expect(features.heading('WebSite2')).toBeVisible();
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    expect(changedConfigFiles(iis.root, before)).toEqual([]);
    expect(read(iis.root, SITE1_WEB)).toBe(SITE1_ORIGINAL);
  });

  test('Yes applies, then navigates', async ({ features, page, iis, before }) => {
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Yes', exact: true }).click();
    await expect(features.heading('WebSite2')).toBeVisible();
    expect(changedConfigFiles(iis.root, before)).toEqual([SITE1_WEB]);
    expect(read(iis.root, SITE1_WEB)).toContain('<sessionState timeout="25" />');
  });
});
