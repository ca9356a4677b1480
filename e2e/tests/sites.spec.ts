// The Sites node: IIS Manager's Sites list and its actions (Add Website, Edit Bindings, Add Application,
// Remove) on real files, with every site's and application's effective session state mode and the
// advisor's warnings.
import {
  test,
  expect,
  useIisServer,
  asReader,
  expectNoSeriousA11yViolations,
  keepScreenshot,
} from '../support/test.js';
import {
  APP_WEB,
  APPHOST,
  changedConfigFiles,
  read,
  SITE1_WEB,
  site1With,
  write,
  configSnapshot,
  type ConfigSnapshot,
} from '../support/disk.js';
import { expectUnavailable } from '../pages/controls.js';

useIisServer();

test.beforeEach(({ iis }) => {
  write(iis.root, SITE1_WEB, site1With('  <system.web>\n    <sessionState mode="Off" />\n  </system.web>'));
  write(
    iis.root,
    APP_WEB,
    '<configuration>\n  <system.web>\n    <sessionState mode="StateServer" stateConnectionString="tcpip=10.0.0.5:42424" />\n  </system.web>\n</configuration>\n',
  );
});

test('lists every site and application with its mode', async ({ sites }) => {
  await sites.goto();
  await expect(sites.heading).toBeVisible();
  for (const column of ['Name', 'ID', 'Status', 'Binding', 'Path', 'Mode', 'Set in', 'Warnings'] as const) {
    await expect(sites.column(column)).toBeVisible();
  }
  await expect.poll(() => sites.paths()).toEqual(['WebSite1', 'WebSite1/app', 'WebSite2']);
  await expect(await sites.cell('WebSite1', 'ID')).toHaveText('1');
  await expect(await sites.cell('WebSite1', 'Status')).toHaveText('Unknown');
  await expect(await sites.cell('WebSite1', 'Binding')).toHaveText('localhost on *:8080 (http)');
  await expect(await sites.cell('WebSite1', 'Path')).toHaveText('%SystemDrive%\\inetpub\\WebSite1');
  await expect(await sites.cell('WebSite1/app', 'Path')).toHaveText('%SystemDrive%\\inetpub\\WebSite1App');
  await expect(await sites.cell('WebSite1/app', 'ID')).toHaveText('');
  await expect(await sites.cell('WebSite1', 'Mode')).toHaveText(/Off|Not enabled/);
  await expect(await sites.cell('WebSite1', 'Set in')).toContainText('web.config');
  await expect(await sites.cell('WebSite1/app', 'Mode')).toHaveText(/StateServer|State Server/);
  await expect(await sites.cell('WebSite2', 'Mode')).toHaveText(/InProc|In process/);
  // DefaultAppPool recycles every 1740 minutes (IIS's default): in-process sessions are lost then.
  await expect(await sites.cell('WebSite2', 'Warnings')).toHaveText(/InProcRecycling/);
  await expect(await sites.cell('WebSite1', 'Warnings')).toHaveText('');
  await expect(sites.pageText(1, 1)).toBeVisible();
  await expect(sites.previousPage).toBeDisabled();
  await expect(sites.nextPage).toBeDisabled();
});

test('the filter narrows the list', async ({ sites }) => {
  await sites.goto();
  // The filter searches every column ("Set in" names config paths such as MACHINE/WEBROOT/APPHOST/…).
  await sites.filter.fill('10.0.0.5');
  await expect.poll(() => sites.paths()).toEqual(['WebSite1/app']);
  await sites.filter.fill('WebSite2');
  await expect.poll(() => sites.paths()).toEqual(['WebSite2']);
  await sites.filter.fill('');
  await expect.poll(() => sites.paths()).toEqual(['WebSite1', 'WebSite1/app', 'WebSite2']);
});

test('the filter finds a mode by the text the table shows', async ({ sites }) => {
  await sites.goto();
  const shown = (await (await sites.cell('WebSite1', 'Mode')).innerText()).trim();
  await sites.filter.fill(shown);
  await expect.poll(() => sites.paths()).toEqual(['WebSite1']);
});

test('a column header sorts the table and says so with aria-sort', async ({ sites }) => {
  await sites.goto();
  await expect.poll(() => sites.paths()).toEqual(['WebSite1', 'WebSite1/app', 'WebSite2']);
  await expect(sites.column('Name')).toHaveAttribute('aria-sort', 'ascending');
  await sites.sortButton('Name').click();
  await expect(sites.column('Name')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => sites.paths()).toEqual(['WebSite2', 'WebSite1/app', 'WebSite1']);

  await sites.sortButton('Mode').click();
  await expect(sites.column('Mode')).toHaveAttribute('aria-sort', 'ascending');
  await expect(sites.column('Name')).not.toHaveAttribute('aria-sort', /ascending|descending/);
  // InProc < Off < StateServer, whether the cells show the XML names or the labels.
  await expect.poll(() => sites.paths()).toEqual(['WebSite2', 'WebSite1', 'WebSite1/app']);
});

test('a name opens the level’s Features view', async ({ sites, features, page }) => {
  await sites.goto();
  await sites.pathLink('WebSite1/app').click();
  await expect(page).toHaveURL(`/level/${encodeURIComponent('WebSite1/app')}`);
  await expect(features.feature('Session State')).toBeVisible();
});

test('a mode opens that level’s Session State page', async ({ sites, sessionState, page }) => {
  await sites.goto();
  await sites.modeLink('WebSite1/app').click();
  await expect(page).toHaveURL(`/level/${encodeURIComponent('WebSite1/app')}/session-state`);
  await sessionState.loaded();
  await expect(sessionState.mode('State Server')).toBeChecked();
  await expect(sessionState.stateServer.connectionString).toHaveValue('tcpip=10.0.0.5:42424');
});

test('many sites page through Next page and Previous page', async ({ sites, iis }) => {
  const extra = Array.from(
    { length: 240 },
    (_, i) =>
      `      <site name="Bulk${String(i).padStart(3, '0')}" id="${100 + i}">\n        <application path="/">\n          <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\bulk" />\n        </application>\n      </site>\n`,
  ).join('');
  write(iis.root, APPHOST, read(iis.root, APPHOST).replace('    </sites>', `${extra}    </sites>`));

  await sites.goto();
  const pageOf = sites.page.getByText(/^Page \d+ of \d+$/);
  await expect(pageOf).toHaveText(/^Page 1 of ([2-9]|\d\d+)$/);
  const pages = Number(/of (\d+)/.exec((await pageOf.textContent()) ?? '')?.[1]);
  const first = await sites.paths();
  await expect(sites.previousPage).toBeDisabled();
  await sites.nextPage.click();
  await expect(sites.pageText(2, pages)).toBeVisible();
  await expect.poll(() => sites.paths()).not.toEqual(first);
  await expect(sites.previousPage).toBeEnabled();
  await sites.previousPage.click();
  await expect(sites.pageText(1, pages)).toBeVisible();
  await expect.poll(() => sites.paths()).toEqual(first);
});

/** The lines a write inserted: every other line of the file must be byte for byte as it was. */
function inserted(before: ConfigSnapshot, root: string): string {
  const was = Buffer.from(before.get(APPHOST)!, 'base64').toString('utf8').split('\n');
  const now = read(root, APPHOST).split('\n');
  let start = 0;
  while (start < was.length && was[start] === now[start]) start++;
  let end = 0;
  while (end < was.length - start && was[was.length - 1 - end] === now[now.length - 1 - end]) end++;
  // Nothing of the old text is gone or changed: the change is an insertion of whole lines.
  expect(start + end).toBe(was.length);
  return now.slice(start, now.length - end).join('\n');
}

/** A file of WebSite2's content folder. */
const SITE2_CONTENT = 'inetpub/WebSite2/default.htm';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

test.describe('actions', () => {
  test('Add Website writes the site and nothing else of applicationHost.config', async ({ sites, iis }) => {
    const before = configSnapshot(iis.root);
    await sites.goto();
    const dialog = await sites.addWebsite({ name: 'Shop', physicalPath: 'C:\\inetpub\\shop', port: '8090' });
    await expect(dialog).toBeHidden();
    await expect(sites.pathLink('Shop')).toBeVisible();
    await expect(await sites.cell('Shop', 'Binding')).toHaveText('*:8090 (http)');
    expect(changedConfigFiles(iis.root, before)).toEqual([APPHOST]);
    expect(lines(inserted(before, iis.root))).toEqual([
      // "Start Website immediately" (checked): IIS Manager writes serverAutoStart="true".
      '<site name="Shop" id="3" serverAutoStart="true">',
      '<application path="/" applicationPool="DefaultAppPool">',
      '<virtualDirectory path="/" physicalPath="C:\\inetpub\\shop" />',
      '</application>',
      '<bindings>',
      '<binding protocol="http" bindingInformation="*:8090:" />',
      '</bindings>',
      '</site>',
    ]);
    // The Connections tree was read again: the new site is there.
    await expect(sites.connections.item('Shop')).toBeVisible();
  });

  test('a taken name is refused with IIS’s message; nothing is written', async ({ sites, iis }) => {
    const before = configSnapshot(iis.root);
    await sites.goto();
    const dialog = await sites.addWebsite({ name: 'WebSite1', physicalPath: 'C:\\x', port: '8099' });
    await expect(dialog.getByRole('alert')).toHaveText(
      "Cannot add duplicate collection entry of type 'site' with unique key attribute 'name' set to 'WebSite1'",
    );
    expect(changedConfigFiles(iis.root, before)).toEqual([]);
  });

  test('a binding another site has: IIS Manager’s question; No writes nothing, Yes adds with the warning', async ({
    sites,
    iis,
  }) => {
    const before = configSnapshot(iis.root);
    await sites.goto();
    await sites.addWebsite({ name: 'Twin', physicalPath: 'C:\\twin', port: '8080', host: 'localhost' });
    const question = sites.question('Site Bindings');
    const message =
      "The binding '*:8080:localhost' is assigned to another site. If you assign the same binding to this site, you will only be able to start one of the sites. Are you sure that you want to add this duplicate binding?";
    await expect(question).toHaveText(new RegExp(`${message.replace(/[.*?()[\]]/g, '\\$&')}`));
    await question.getByRole('button', { name: 'No' }).click();
    expect(changedConfigFiles(iis.root, before)).toEqual([]);
    await sites.dialog('Add Website').getByRole('button', { name: 'OK' }).click();
    await question.getByRole('button', { name: 'Yes' }).click();
    await expect(sites.dialog('Add Website')).toBeHidden();
    await expect(sites.page.getByRole('status').filter({ hasText: message })).toBeVisible();
    expect(read(iis.root, APPHOST)).toContain(
      '<binding protocol="http" bindingInformation="*:8080:localhost" />',
    );
  });

  test('Edit Bindings: Add… writes one binding line', async ({ sites, iis }) => {
    const before = configSnapshot(iis.root);
    await sites.goto();
    await sites.select('WebSite2');
    await sites.action('Edit Bindings...').click();
    const dialog = sites.dialog('Site Bindings');
    const list = dialog.getByRole('listbox', { name: 'Site bindings' });
    await expect(list.getByRole('option')).toHaveText(['localhost on *:8081 (http)']);
    await dialog.getByRole('button', { name: 'Add...' }).click();
    const add = sites.dialog('Add Site Binding');
    await sites.field(add, 'Port').fill('8082');
    await sites.field(add, 'Host name').fill('help.example');
    await add.getByRole('button', { name: 'OK' }).click();
    await expect(list.getByRole('option')).toHaveText([
      'localhost on *:8081 (http)',
      'help.example on *:8082 (http)',
    ]);
    expect(lines(inserted(before, iis.root))).toEqual([
      '<binding protocol="http" bindingInformation="*:8082:help.example" />',
    ]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(await sites.cell('WebSite2', 'Binding')).toHaveText(
      'localhost on *:8081 (http), help.example on *:8082 (http)',
    );
  });

  test('Add Application below a site', async ({ sites, iis }) => {
    const before = configSnapshot(iis.root);
    await sites.goto();
    await sites.select('WebSite2');
    await sites.action('Add Application...').click();
    const dialog = sites.dialog('Add Application');
    await expect(sites.field(dialog, 'Site name')).toHaveValue('WebSite2');
    await sites.field(dialog, 'Alias').fill('shop');
    await sites.field(dialog, 'Physical path').fill('C:\\inetpub\\shop');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog).toBeHidden();
    await expect(sites.pathLink('WebSite2/shop')).toBeVisible();
    expect(lines(inserted(before, iis.root))).toEqual([
      '<application path="/shop" applicationPool="DefaultAppPool">',
      '<virtualDirectory path="/" physicalPath="C:\\inetpub\\shop" />',
      '</application>',
    ]);
  });

  test('Remove asks first; the site goes from the configuration, its content stays on disk', async ({
    sites,
    iis,
  }) => {
    write(iis.root, SITE2_CONTENT, '<p>WebSite2</p>\n');
    const before = configSnapshot(iis.root);
    await sites.goto();
    await sites.select('WebSite2');
    await sites.action('Remove').click();
    const question = sites.question('Confirm Remove');
    await expect(question).toContainText('Are you sure that you want to remove the site "WebSite2"?');
    await expect(question).toContainText('its content on disk is not deleted');
    await question.getByRole('button', { name: 'No' }).click();
    expect(changedConfigFiles(iis.root, before)).toEqual([]);
    await sites.action('Remove').click();
    await question.getByRole('button', { name: 'Yes' }).click();
    await expect(sites.pathLink('WebSite2')).toBeHidden();
    expect(read(iis.root, APPHOST)).not.toContain('name="WebSite2"');
    expect(changedConfigFiles(iis.root, before)).toEqual([APPHOST]);
    expect(read(iis.root, SITE2_CONTENT)).toBe('<p>WebSite2</p>\n');
    await expect(sites.connections.item('WebSite2')).toBeHidden();
  });

  test('a stale list is refused and offers Reload', async ({ sites, iis }) => {
    await sites.goto();
    await sites.select('WebSite2');
    // Someone else changes applicationHost.config meanwhile.
    write(iis.root, APPHOST, read(iis.root, APPHOST).replace('id="2"', 'id="20"'));
    await sites.action('Add Virtual Directory...').click();
    const dialog = sites.dialog('Add Virtual Directory');
    await sites.field(dialog, 'Alias').fill('docs');
    await sites.field(dialog, 'Physical path').fill('C:\\docs');
    await dialog.getByRole('button', { name: 'OK' }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('changed by someone else');
    await alert.getByRole('button', { name: 'Reload' }).click();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog).toBeHidden();
    expect(read(iis.root, APPHOST)).toContain('<virtualDirectory path="/docs" physicalPath="C:\\docs" />');
  });
});

test('the warnings column filters and sorts', async ({ sites }) => {
  await sites.goto();
  await expect.poll(() => sites.paths()).toEqual(['WebSite1', 'WebSite1/app', 'WebSite2']);
  await sites.show.selectOption('InProcRecycling');
  await expect.poll(() => sites.paths()).toEqual(['WebSite2']);
  await sites.show.selectOption('any');
  await expect.poll(() => sites.paths()).toEqual(['WebSite2']);
  await sites.show.selectOption('');
  await sites.sortButton('Warnings').click();
  await expect(sites.column('Warnings')).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => sites.paths()).toEqual(['WebSite2', 'WebSite1', 'WebSite1/app']);
  await sites.sortButton('Warnings').click();
  await expect(sites.column('Warnings')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => sites.paths()).toEqual(['WebSite1', 'WebSite1/app', 'WebSite2']);
});

test('Start and Stop are unavailable with the server’s reason (status Unknown)', async ({ sites }) => {
  await sites.goto();
  await sites.select('WebSite1');
  await expectUnavailable(sites.action('Start'));
  await expectUnavailable(sites.action('Stop'));
  await expect(sites.actions.getByText(/W3SVC|not this server/i)).toBeVisible();
});

test('keyboard only: a row, Add Application…, the dialog and OK', async ({ sites, page, iis }) => {
  await sites.goto();
  await sites.filter.focus();
  // Tab to the first row of the list, then Down to the second.
  const activeTag = () => page.evaluate(() => document.activeElement?.tagName);
  for (let i = 0; i < 15 && (await activeTag()) !== 'TR'; i++) await page.keyboard.press('Tab');
  await expect(sites.row('WebSite1')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(sites.row('WebSite1/app')).toBeFocused();
  await expect(sites.row('WebSite1/app')).toHaveAttribute('aria-selected', 'true');
  const add = sites.action('Add Application...');
  for (let i = 0; i < 30 && !(await add.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(add).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = sites.dialog('Add Application');
  await expect(sites.field(dialog, 'Alias')).toBeFocused();
  await page.keyboard.type('v2');
  for (
    let i = 0;
    i < 5 && !(await sites.field(dialog, 'Physical path').evaluate((el) => el === document.activeElement));
    i++
  )
    await page.keyboard.press('Tab');
  await page.keyboard.type('C:\\v2');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  expect(read(iis.root, APPHOST)).toContain('<application path="/app/v2"');
});

test('axe: the list and the Add Website dialog', async ({ sites, page }) => {
  await sites.goto();
  await sites.select('WebSite1');
  await expect(sites.row('WebSite1')).toHaveAttribute('aria-selected', 'true');
  await expectNoSeriousA11yViolations(page);
  await sites.action('Add Website...').click();
  await expect(sites.dialog('Add Website')).toBeVisible();
  await keepScreenshot(page, 'sites-add-website');
  await expectNoSeriousA11yViolations(page);
  await sites.dialog('Add Website').getByRole('button', { name: 'Cancel' }).click();
  await sites.action('Edit Bindings...').click();
  await expect(sites.dialog('Site Bindings')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test.describe('a reader', () => {
  asReader();

  test('sees the list read-only', async ({ sites, iis }) => {
    const before = configSnapshot(iis.root);
    await sites.goto();
    await expect(sites.pathLink('WebSite1')).toBeVisible();
    await expectUnavailable(sites.action('Add Website...'));
    await sites.select('WebSite1');
    for (const name of ['Edit Bindings...', 'Basic Settings...', 'Add Application...', 'Remove'])
      await expectUnavailable(sites.action(name));
    await expect(sites.actions.getByText('Read-only: you are signed in as a reader.')).toBeVisible();
    expect(changedConfigFiles(iis.root, before)).toEqual([]);
  });
});
