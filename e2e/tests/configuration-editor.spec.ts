// The Configuration Editor against the real server and the files on disk: an attribute and a
// collection entry of a section other than Session State, Generate Script's appcmd lines replayed by
// this product's appcmd on a copy of the root (same bytes as Apply), a locked attribute, Search
// Configuration, keyboard-only use and axe.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitCommandLine } from '../../packages/config-common/src/script/generateScript.js';
import { ConfigurationEditorPage } from '../pages/ConfigurationEditorPage.js';
import { APPHOST, SITE1_WEB, SITE2_WEB, configSnapshot, read, write } from '../support/disk.js';
import { REPO_ROOT } from '../support/server.js';
import {
  expect,
  expectNoSeriousA11yViolations,
  keepScreenshot,
  test,
  useIisServer,
} from '../support/test.js';

useIisServer();

const DEFAULT_DOCUMENT = 'system.webServer/defaultDocument';
const DIRECTORY_BROWSE = 'system.webServer/directoryBrowse';
const APPCMD_MAIN = join(REPO_ROOT, 'packages/appcmd/dist/main.js');

/** Runs one generated appcmd line with this product's appcmd against `root`. */
function runAppcmd(root: string, line: string): { status: number | null; out: string } {
  const [exe, ...args] = splitCommandLine(line);
  expect(exe).toBe('appcmd.exe');
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { main } = await import(${JSON.stringify(APPCMD_MAIN)}); process.exitCode = main(JSON.parse(process.argv[1]));`,
      JSON.stringify(args),
    ],
    { env: { ...process.env, IISCONSOLE_ROOT: root }, encoding: 'utf8' },
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('an attribute and a collection entry of defaultDocument: Apply writes the site web.config; Generate Script’s appcmd lines write the same bytes', async ({
  page,
  iis,
}) => {
  const editor = new ConfigurationEditorPage(page);
  await editor.goto('WebSite1', DEFAULT_DOCUMENT);
  await expect(editor.targetFile).toHaveText(
    `Changes are written to ${SITE1_WEB} (MACHINE/WEBROOT/APPHOST/WebSite1)`,
  );
  await expect(editor.from).toHaveValue('APP');

  await editor.value('enabled').selectOption('false');
  await editor.editItems('files').click();
  const dialog = editor.collectionEditor();
  await expect(dialog.getByRole('table', { name: 'Items' })).toContainText('home1.html');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByLabel('value', { exact: true }).fill('default.aspx');
  await expect(dialog.getByRole('table', { name: 'Items' })).toContainText('default.aspx');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Generate Script, before anything is written.
  await editor.action('Generate Script').click();
  const script = editor.scriptDialog();
  await expect(script.getByRole('tab', { name: 'AppCmd' })).toHaveAttribute('aria-selected', 'true');
  const appcmdText = (await script.getByLabel('AppCmd script').textContent()) ?? '';
  expect(appcmdText).toBe(
    `appcmd.exe set config "WebSite1" -section:${DEFAULT_DOCUMENT} /enabled:"false" /+"files.[value='default.aspx']"`,
  );
  await script.getByRole('tab', { name: 'PowerShell' }).click();
  await expect(script.getByLabel('PowerShell script')).toContainText(
    "Add-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST/WebSite1' -Filter 'system.webServer/defaultDocument/files' -Name '.' -Value @{value='default.aspx'}",
  );
  await script.getByRole('tab', { name: 'C#' }).click();
  await expect(script.getByLabel('C# script')).toContainText('filesCollection.Add(item');
  await script.getByRole('button', { name: 'Close' }).click();

  await applyAndReplay(editor, iis.root);
  expect(read(iis.root, SITE1_WEB)).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.webServer>
    <defaultDocument enabled="false"><files><add value="home1.html" /><add value="default.aspx" /></files></defaultDocument>
  </system.webServer>
</configuration>
`);
});

/**
 * Reads Generate Script's appcmd lines, copies the root, presses Apply, replays the lines with this
 * product's appcmd on the copy and expects every configuration file to be byte-identical.
 */
async function applyAndReplay(editor: ConfigurationEditorPage, root: string): Promise<string[]> {
  await editor.action('Generate Script').click();
  const script = editor.scriptDialog();
  const lines = ((await script.getByLabel('AppCmd script').textContent()) ?? '').split('\n').filter(Boolean);
  await script.getByRole('button', { name: 'Close' }).click();
  expect(lines.length).toBeGreaterThan(0);
  const copy = mkdtempSync(join(tmpdir(), 'iisconsole-e2e-appcmd-'));
  try {
    cpSync(root, copy, { recursive: true });
    await editor.action('Apply').click();
    await expect(editor.saved).toBeVisible();
    for (const line of lines) {
      const r = runAppcmd(copy, line);
      expect(r.status, `${line}\n${r.out}`).toBe(0);
    }
    const applied = configSnapshot(root);
    const replayed = configSnapshot(copy);
    expect([...replayed.keys()].sort()).toEqual([...applied.keys()].sort());
    for (const [file, bytes] of applied) expect(replayed.get(file), file).toBe(bytes);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  return lines;
}

test('Generate Script is exact for a section locked by default (applicationHost.config <location>) and for an inherited entry removed in a new web.config', async ({
  page,
  iis,
  before,
}) => {
  const editor = new ConfigurationEditorPage(page);
  // anonymousAuthentication is overrideModeDefault="Deny": a site's value goes to applicationHost.config.
  await editor.goto('WebSite1', 'system.webServer/security/authentication/anonymousAuthentication');
  await expect(editor.from).toHaveValue('APPHOST');
  await editor.value('enabled').selectOption('false');
  await editor.value('userName').fill('IUSR_SHOP');
  const lines = await applyAndReplay(editor, iis.root);
  expect(lines).toEqual([
    'appcmd.exe set config "WebSite1" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:"false" /userName:"IUSR_SHOP" /commit:apphost',
  ]);
  expect(read(iis.root, APPHOST)).toContain('<location path="WebSite1">');

  // The application inherits home1.html from the site: removing it writes <remove> into the
  // application's web.config, which does not exist yet.
  expect(before.has('inetpub/WebSite1App/web.config')).toBe(false);
  await editor.goto('WebSite1/app', DEFAULT_DOCUMENT);
  await editor.editItems('files').click();
  const dialog = editor.collectionEditor();
  await dialog.getByRole('button', { name: /^home1\.html/ }).click();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  const appLines = await applyAndReplay(editor, iis.root);
  expect(appLines).toEqual([
    `appcmd.exe set config "WebSite1/app" -section:${DEFAULT_DOCUMENT} /-"files.[value='home1.html']"`,
  ]);
  expect(read(iis.root, 'inetpub/WebSite1App/web.config')).toContain('<remove value="home1.html" />');
});

test('Clear All and an Add after it: Generate Script writes /~"files", and the lines replay to the Apply bytes', async ({
  page,
  iis,
}) => {
  const editor = new ConfigurationEditorPage(page);
  await editor.goto('WebSite1/app', DEFAULT_DOCUMENT);
  await editor.editItems('files').click();
  const dialog = editor.collectionEditor();
  await dialog.getByRole('button', { name: 'Clear All' }).click();
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByLabel('value', { exact: true }).fill('start.html');
  await expect(dialog.getByRole('table', { name: 'Items' })).toContainText('start.html');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const lines = await applyAndReplay(editor, iis.root);
  expect(lines).toEqual([
    `appcmd.exe set config "WebSite1/app" -section:${DEFAULT_DOCUMENT} /~"files" /+"files.[value='start.html']"`,
  ]);
  expect(read(iis.root, 'inetpub/WebSite1App/web.config')).toMatch(
    /<clear \/>\s*<add value="start\.html" \/>/,
  );
});

test('Lock Attribute at the server makes the attribute read-only at a site, with the reason', async ({
  page,
  iis,
}) => {
  const editor = new ConfigurationEditorPage(page);
  await editor.goto('', DIRECTORY_BROWSE);
  await expect(editor.from).toHaveValue('APPHOST');
  await editor.value('enabled').focus();
  await editor.action('Lock Attribute').click();
  await editor.action('Apply').click();
  await expect(editor.saved).toBeVisible();
  expect(read(iis.root, APPHOST)).toContain('<directoryBrowse lockAttributes="enabled" />');
  await expect(editor.action('Unlock Attribute')).toBeEnabled();

  await editor.goto('WebSite1', DIRECTORY_BROWSE);
  await expect(editor.value('enabled')).toBeDisabled();
  await expect(editor.grid).toContainText(`Locked by ${APPHOST}`);
  await expect(editor.value('showFlags')).toBeEnabled();
});

test('Search Configuration finds a section set in two files, with the level and file of each', async ({
  page,
  iis,
}) => {
  write(
    iis.root,
    SITE2_WEB,
    '<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <system.webServer>\n    <defaultDocument enabled="false" />\n  </system.webServer>\n</configuration>\n',
  );
  const editor = new ConfigurationEditorPage(page);
  await editor.goto('', DEFAULT_DOCUMENT);
  await editor.action('Search Configuration...').click();
  const dialog = editor.searchDialog();
  const results = dialog.getByRole('table', { name: 'Search results' });
  await expect(results.getByRole('row')).toHaveCount(3);
  await expect(results).toContainText(SITE1_WEB);
  await expect(results).toContainText(SITE2_WEB);
  await expect(results).toContainText('MACHINE/WEBROOT/APPHOST/WebSite1');
  await expect(results).toContainText('MACHINE/WEBROOT/APPHOST/WebSite2');
  await keepScreenshot(page, 'configuration-editor-search');
  await expectNoSeriousA11yViolations(page);
  // Opening a hit shows that level's section.
  await results
    .getByRole('button', { name: `${DEFAULT_DOCUMENT} at MACHINE/WEBROOT/APPHOST/WebSite2` })
    .click();
  await expect(page).toHaveURL(
    /\/level\/WebSite2\/configuration-editor\?section=system.webServer%2FdefaultDocument/,
  );
  await expect(editor.value('enabled')).toHaveValue('false');
});

test('keyboard only: pick a section by typing, change a value, Apply', async ({ page, iis }) => {
  const editor = new ConfigurationEditorPage(page);
  await editor.goto('WebSite1');
  await editor.sectionPicker.focus();
  await page.keyboard.type('directoryBrowse');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('option', { name: /^directoryBrowse/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/section=system.webServer%2FdirectoryBrowse/);
  await expect(editor.value('enabled')).toBeVisible();
  // Tab from the picker into the page until the grid's first value has the focus.
  for (
    let i = 0;
    i < 20 && !(await editor.value('enabled').evaluate((el) => el === document.activeElement));
    i++
  )
    await page.keyboard.press('Tab');
  await expect(editor.value('enabled')).toBeFocused();
  // A closed drop-down list changes its value with the arrow keys (False → True).
  await page.keyboard.press('ArrowUp');
  await expect(editor.value('enabled')).toHaveValue('true');
  const apply = editor.action('Apply');
  await expect(apply).toBeEnabled();
  for (let i = 0; i < 80 && !(await apply.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(apply).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor.saved).toBeVisible();
  expect(read(iis.root, SITE1_WEB)).toContain('<directoryBrowse enabled="true" />');
});

test('axe: the editor with a section, the collection editor and the script dialog', async ({ page }) => {
  const editor = new ConfigurationEditorPage(page);
  await editor.goto('WebSite1', DEFAULT_DOCUMENT);
  await expect(editor.grid).toBeVisible();
  await keepScreenshot(page, 'configuration-editor');
  await expectNoSeriousA11yViolations(page);
  await editor.editItems('files').click();
  await expect(editor.collectionEditor()).toBeVisible();
  await keepScreenshot(page, 'configuration-editor-collection');
  await expectNoSeriousA11yViolations(page);
  await editor.collectionEditor().getByRole('button', { name: 'Close' }).click();
  await editor.value('enabled').selectOption('false');
  await editor.action('Generate Script').click();
  await expect(editor.scriptDialog()).toBeVisible();
  await keepScreenshot(page, 'configuration-editor-script');
  await expectNoSeriousA11yViolations(page);
});

test('Config Error: a malformed web.config shows file, line, column, the error and the line in context; the console keeps working', async ({
  page,
  iis,
}) => {
  write(
    iis.root,
    SITE1_WEB,
    '<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <system.webServer>\n    <defaultDocument enabled="true">\n</configuration>\n',
  );
  const editor = new ConfigurationEditorPage(page);
  await editor.goto('WebSite1', DEFAULT_DOCUMENT);
  const configError = page.getByRole('region', { name: 'Config Error', exact: true });
  await expect(configError).toBeVisible();
  const details = page.getByRole('region', { name: 'Config Error 1' });
  await expect(details).toContainText(`Filename:${SITE1_WEB}`);
  await expect(details).toContainText('Line number:5');
  await expect(details).toContainText('Column:1');
  await expect(page.getByLabel(`Lines of ${SITE1_WEB} around line 5`)).toContainText(
    '<defaultDocument enabled="true">',
  );
  await expect(editor.action('Apply')).toHaveCount(0);
  await keepScreenshot(page, 'config-error');
  await expectNoSeriousA11yViolations(page);
  // Another site still works.
  await editor.goto('WebSite2', DEFAULT_DOCUMENT);
  await expect(page.getByRole('region', { name: 'Config Error', exact: true })).toHaveCount(0);
  await expect(editor.value('enabled')).toBeEnabled();
});

test('Config Error: an unreadable applicationHost.config is the Features view’s Config Error, not a cut-off line in Connections', async ({
  page,
  iis,
}) => {
  write(iis.root, APPHOST, read(iis.root, APPHOST).replace('</sites>', '</site>'));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Config Error', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Config Error 1' })).toContainText(`Filename:${APPHOST}`);
  await keepScreenshot(page, 'config-error-apphost');
  await expectNoSeriousA11yViolations(page);
});

test('axe: the Features view grouped by area and not grouped', async ({ page }) => {
  await page.goto('/level/WebSite1');
  await expect(page.getByRole('region', { name: 'Management' })).toContainText('Configuration Editor');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('combobox', { name: 'Group by:' }).selectOption('none');
  await expect(page.getByRole('list', { name: 'Features' })).toContainText('Configuration Editor');
  await keepScreenshot(page, 'features-no-grouping');
  await expectNoSeriousA11yViolations(page);
});

test('Lock Section and Unlock Section write overrideMode on the site’s <location> in applicationHost.config', async ({
  page,
  iis,
}) => {
  const editor = new ConfigurationEditorPage(page);
  await editor.goto('WebSite2', DIRECTORY_BROWSE);
  await expect(editor.action('Unlock Section')).toBeDisabled();
  await editor.action('Lock Section').click();
  await expect(editor.saved).toBeVisible();
  expect(read(iis.root, APPHOST)).toContain('<location path="WebSite2" overrideMode="Deny">');
  await expect(editor.action('Unlock Section')).toBeEnabled();
  await editor.action('Unlock Section').click();
  await expect(editor.action('Lock Section')).toBeEnabled();
  expect(read(iis.root, APPHOST)).toContain('<location path="WebSite2" overrideMode="Allow">');
});

test('a child element of a collection entry (an application pool’s processModel): Apply and Generate Script agree', async ({
  page,
  iis,
}) => {
  const editor = new ConfigurationEditorPage(page);
  await editor.goto('', 'system.applicationHost/applicationPools');
  await editor.editItems().click();
  const dialog = editor.collectionEditor();
  await dialog.getByRole('button', { name: /^DefaultAppPool/ }).click();
  const children = dialog.getByRole('table', { name: 'Child elements of the selected entry' });
  await children.getByRole('button', { name: 'processModel', exact: true }).click();
  await children.getByLabel('idleTimeout', { exact: true }).fill('00:10:00');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const lines = await applyAndReplay(editor, iis.root);
  expect(lines).toEqual([
    `appcmd.exe set config -section:system.applicationHost/applicationPools /[name='DefaultAppPool'].processModel.idleTimeout:"00:10:00"`,
  ]);
  expect(read(iis.root, APPHOST)).toContain('<processModel idleTimeout="00:10:00" />');
});
