// Features View / Content View: a site's applications, folders and files as they are on disk, a
// folder's own Content View and Features View (a level of its own: its Configuration Editor writes a
// <location path> in the application's web.config), keyboard only, and axe.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, expectNoSeriousA11yViolations, useIisServer } from '../support/test.js';
import { changedConfigFiles, configSnapshot, read } from '../support/disk.js';
import { ConfigurationEditorPage } from '../pages/ConfigurationEditorPage.js';

useIisServer();

test('a site’s Content View lists its application, folders and files; a folder opens, and Switch to Features View edits it', async ({
  features,
  page,
  iis,
}) => {
  const site = join(iis.root, 'inetpub/WebSite1');
  mkdirSync(join(site, 'images'), { recursive: true });
  writeFileSync(join(site, 'images/logo.png'), 'png');
  writeFileSync(join(site, 'default.aspx'), '<%@ Page Language="C#" %>');
  const before = configSnapshot(iis.root);

  await features.gotoLevel('WebSite1');
  await expect(features.view('Features View')).toHaveAttribute('aria-current', 'page');
  await features.view('Content View').click();
  await expect(page).toHaveURL(/\/level\/WebSite1\?view=content$/);
  await expect(page.getByText('Physical path: C:\\inetpub\\WebSite1')).toBeVisible();
  const rows = features.content.getByRole('row');
  await expect(rows).toHaveText([
    /Name\s*Type/,
    /app\s*Application/,
    /images\s*Folder/,
    /default\.aspx\s*ASPX File/,
    /web\.config\s*CONFIG File/,
  ]);

  await features.content.getByRole('link', { name: 'images' }).click();
  await expect(features.content.getByRole('row')).toHaveText([/Name\s*Type/, /logo\.png\s*PNG File/]);
  await features.action('Switch to Features View').click();
  await expect(features.heading('images')).toBeVisible();
  await expect(page.getByText(/configured at this folder/)).toBeVisible();

  // The folder is a level: a value set there goes to its application's web.config, under
  // <location path="images">, as IIS Manager writes it.
  await page.getByRole('link', { name: 'Configuration Editor', exact: true }).click();
  await expect(page).toHaveURL(/\/level\/WebSite1%2Fimages\/configuration-editor$/);
  const editor = new ConfigurationEditorPage(page);
  await editor.goto('WebSite1/images', 'system.webServer/directoryBrowse');
  await editor.value('enabled').selectOption('true');
  await editor.action('Apply').click();
  await expect(editor.saved).toBeVisible();
  expect(changedConfigFiles(iis.root, before)).toEqual(['inetpub/WebSite1/web.config']);
  expect(read(iis.root, 'inetpub/WebSite1/web.config')).toMatch(
    /<location path="images">\s*<system\.webServer>\s*<directoryBrowse enabled="true" \/>/,
  );
});

test('keyboard only: switch to Content View, open a folder, back to Features View; axe', async ({
  features,
  page,
  iis,
}) => {
  mkdirSync(join(iis.root, 'inetpub/WebSite1/css'), { recursive: true });
  await features.gotoLevel('WebSite1');
  await features.view('Content View').focus();
  await page.keyboard.press('Enter');
  await expect(features.content).toBeVisible();
  await features.content.getByRole('link', { name: 'css' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/level\/WebSite1%2Fcss\?view=content$/);
  await expect(page.getByText('This folder is empty.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await features.view('Features View').focus();
  await page.keyboard.press('Enter');
  await expect(features.heading('css')).toBeVisible();
});
