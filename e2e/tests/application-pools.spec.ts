// The Application Pools node (docs/sites-and-pools.md): the list, Add Application Pool..., Advanced
// Settings…, Recycling..., Remove, Start / Stop / Recycle unavailable with the reason, a reader, the
// keyboard alone, and axe — against the real server and applicationHost.config on disk.
import { hostname } from 'node:os';
import {
  test as base,
  expect,
  useIisServer,
  asReader,
  keepScreenshot,
  expectNoSeriousA11yViolations,
} from '../support/test.js';
import {
  APPHOST,
  canonicalUnordered,
  changedConfigFiles,
  read,
  type ConfigSnapshot,
} from '../support/disk.js';
import { ApplicationPoolsPage, POOL_COLUMNS } from '../pages/ApplicationPoolsPage.js';

const test = base.extend<{ pools: ApplicationPoolsPage }>({
  pools: async ({ page }, use) => use(new ApplicationPoolsPage(page)),
});

useIisServer();

const POOL = '<add name="DefaultAppPool" managedRuntimeVersion="v4.0" />';

/** applicationHost.config as it was when the test started. */
function originalApphost(before: ConfigSnapshot): string {
  return Buffer.from(before.get(APPHOST)!, 'base64').toString('utf8');
}

/** The file without its `<applicationPools>` element: what no pool change may touch, byte for byte. */
function outsidePools(text: string): string {
  const start = text.indexOf('<applicationPools>');
  const end = text.indexOf('</applicationPools>');
  expect(start, 'applicationPools element').toBeGreaterThan(0);
  return `${text.slice(0, start)}…${text.slice(end)}`;
}

/** Only applicationHost.config changed, only inside `<applicationPools>`, and it now reads as `expected`. */
function expectPoolsChange(root: string, before: ConfigSnapshot, expected: string): void {
  const now = read(root, APPHOST);
  expect(changedConfigFiles(root, before)).toEqual([APPHOST]);
  expect(outsidePools(now)).toBe(outsidePools(originalApphost(before)));
  expect(canonicalUnordered(now)).toBe(canonicalUnordered(expected));
}

test('the node under the server opens the list with IIS Manager’s columns', async ({ pools, page }) => {
  await page.goto('/');
  await pools.connections.select([hostname(), 'Application Pools']);
  await expect(page).toHaveURL(/\/application-pools$/);
  await pools.loaded();
  await expect(pools.address).toHaveText(`${hostname()} › Application Pools`);
  await expect(pools.grid.getByRole('columnheader')).toHaveText([...POOL_COLUMNS]);
  expect(await pools.cells('DefaultAppPool')).toEqual([
    'DefaultAppPool',
    'Unknown',
    'v4.0',
    'Integrated',
    'ApplicationPoolIdentity',
    '3',
  ]);
});

test('Add Application Pool... writes one entry to applicationHost.config and nothing else', async ({
  pools,
  iis,
  before,
}) => {
  await pools.goto();
  await pools.addPool('Api', 'No Managed Code');
  expect(await pools.cells('Api')).toEqual([
    'Api',
    'Unknown',
    'No Managed Code',
    'Integrated',
    'ApplicationPoolIdentity',
    '0',
  ]);
  const original = originalApphost(before);
  const now = read(iis.root, APPHOST);
  // One line added after DefaultAppPool's, with its indentation; every other byte as it was.
  const line = now.split('\n').find((l) => l.includes('name="Api"'))!;
  expect(line.trim()).toBe(
    '<add name="Api" managedRuntimeVersion="" managedPipelineMode="Integrated" autoStart="true" />',
  );
  expect(now).toBe(original.replace(`${POOL}\n`, `${POOL}\n${line}\n`));
  expect(changedConfigFiles(iis.root, before)).toEqual([APPHOST]);
});

test('Advanced Settings... changes Idle Time-out (minutes) and Maximum Worker Processes', async ({
  pools,
  iis,
  before,
}) => {
  await pools.goto();
  await pools.select('DefaultAppPool');
  const dialog = await pools.openAdvancedSettings();
  const idle = pools.property(dialog, 'Process Model', 'Idle Time-out (minutes)');
  await expect(idle).toHaveValue('20');
  await expect(pools.property(dialog, 'Recycling', 'Regular Time Interval (minutes)')).toHaveValue('1740');
  await expect(pools.property(dialog, '(General)', 'Name')).toBeDisabled();
  await idle.fill('5');
  await pools.property(dialog, 'Process Model', 'Maximum Worker Processes').fill('2');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(pools.page.getByRole('status')).toHaveText('The changes have been successfully saved.');
  expectPoolsChange(
    iis.root,
    before,
    originalApphost(before).replace(
      POOL,
      '<add name="DefaultAppPool" managedRuntimeVersion="v4.0"><processModel idleTimeout="00:05:00" maxProcesses="2" /></add>',
    ),
  );

  // IIS's own message for a value out of range, at the field; nothing written.
  const written = read(iis.root, APPHOST);
  const again = await pools.openAdvancedSettings();
  const idleAgain = pools.property(again, 'Process Model', 'Idle Time-out (minutes)');
  await expect(idleAgain).toHaveValue('5');
  await idleAgain.fill('99999');
  await again.getByRole('button', { name: 'OK' }).click();
  await expect(idleAgain).toHaveAttribute('aria-invalid', 'true');
  await expect(idleAgain).toHaveAccessibleDescription(
    'Timespan value must be between 00:00:00 and 30.00:00:00 seconds inclusive, with a granularity of 60 seconds',
  );
  expect(read(iis.root, APPHOST)).toBe(written);
});

test('Recycling... sets the regular time interval', async ({ pools, iis, before }) => {
  await pools.goto();
  await pools.select('DefaultAppPool');
  await pools.action('Recycling...').click();
  const dialog = pools.dialog('Edit Application Pool Recycling Settings');
  const minutes = dialog.getByRole('textbox', { name: 'Regular time intervals (in minutes)' });
  await expect(minutes).toHaveValue('1740');
  await minutes.fill('60');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toHaveCount(0);
  expectPoolsChange(
    iis.root,
    before,
    originalApphost(before).replace(
      POOL,
      '<add name="DefaultAppPool" managedRuntimeVersion="v4.0"><recycling><periodicRestart time="01:00:00" /></recycling></add>',
    ),
  );
});

test('Remove asks first; Yes removes the pool, leaving the file as it was', async ({
  pools,
  iis,
  before,
  page,
}) => {
  await pools.goto();
  await pools.addPool('Spare');
  await pools.select('Spare');
  await pools.action('Remove').click();
  const prompt = page.getByRole('alertdialog', { name: 'Confirm Remove' });
  await expect(prompt).toContainText(
    'Are you sure that you want to remove the selected application pool “Spare”?',
  );
  await expect(prompt.getByRole('button', { name: 'No' })).toBeFocused();
  await prompt.getByRole('button', { name: 'No' }).click();
  await expect(pools.row('Spare')).toBeVisible();
  expect(read(iis.root, APPHOST)).toContain('name="Spare"');

  await pools.action('Remove').click();
  await prompt.getByRole('button', { name: 'Yes' }).click();
  await expect(pools.row('Spare')).toHaveCount(0);
  expect(read(iis.root, APPHOST)).toBe(originalApphost(before));

  // A pool applications use is refused with the server's reason.
  await pools.select('DefaultAppPool');
  await pools.action('Remove').click();
  await prompt.getByRole('button', { name: 'Yes' }).click();
  await expect(prompt.getByRole('alert')).toContainText('cannot be removed: 3 applications use it');
  expect(read(iis.root, APPHOST)).toBe(originalApphost(before));
});

test('Start, Stop and Recycle... are unavailable, and say why', async ({ pools }) => {
  await pools.goto();
  await pools.select('DefaultAppPool');
  for (const name of ['Start', 'Stop', 'Recycle...']) {
    const action = pools.action(name);
    await expect(action).toHaveAttribute('aria-disabled', 'true');
    await expect(action).toHaveAccessibleDescription(/This host does not run IIS \(W3SVC\)/);
  }
  await expect(pools.actions.getByText(/Start, Stop and Recycle are unavailable/)).toBeVisible();
});

test('the keyboard alone adds a pool and changes its Idle Time-out', async ({ pools, page, iis, before }) => {
  await page.goto('/');
  const server = pools.connections.item(hostname());
  await pools.tabTo(server);
  await page.keyboard.press('ArrowDown');
  await expect(pools.connections.item('Application Pools')).toBeFocused();
  await pools.loaded();

  await pools.tabTo(pools.action('Add Application Pool...'));
  await page.keyboard.press('Enter');
  const add = pools.dialog('Add Application Pool');
  await pools.tabTo(add.getByRole('textbox', { name: 'Name' }));
  await page.keyboard.type('Kbd');
  await page.keyboard.press('Enter');
  await expect(add).toHaveCount(0);
  await expect(pools.row('Kbd')).toHaveAttribute('aria-selected', 'true');

  await pools.tabTo(pools.row('Kbd'));
  await page.keyboard.press('Home');
  await expect(pools.row('DefaultAppPool')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(pools.row('Kbd')).toBeFocused();
  await expect(pools.row('Kbd')).toHaveAttribute('aria-selected', 'true');

  await pools.tabTo(pools.action('Advanced Settings...'));
  await page.keyboard.press('Enter');
  const dialog = pools.dialog('Advanced Settings');
  const idle = pools.property(dialog, 'Process Model', 'Idle Time-out (minutes)');
  await pools.tabTo(idle);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('15');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  const text = read(iis.root, APPHOST);
  expect(changedConfigFiles(iis.root, before)).toEqual([APPHOST]);
  expect(canonicalUnordered(text)).toBe(
    canonicalUnordered(
      originalApphost(before).replace(
        POOL,
        `${POOL}<add name="Kbd" managedRuntimeVersion="v4.0" managedPipelineMode="Integrated" autoStart="true"><processModel idleTimeout="00:15:00" /></add>`,
      ),
    ),
  );
});

test('axe: the list with a pool selected', async ({ pools, page }) => {
  await pools.goto();
  await pools.select('DefaultAppPool');
  await keepScreenshot(page, 'application-pools');
  await expectNoSeriousA11yViolations(page);
});

for (const [action, title, screen] of [
  ['Advanced Settings...', 'Advanced Settings', 'application-pools-advanced'],
  ['Recycling...', 'Edit Application Pool Recycling Settings', 'application-pools-recycling'],
] as const) {
  test(`axe: the ${title} dialog`, async ({ pools, page }) => {
    await pools.goto();
    await pools.select('DefaultAppPool');
    await pools.action(action).click();
    await expect(pools.dialog(title)).toBeVisible();
    await keepScreenshot(page, screen);
    await expectNoSeriousA11yViolations(page);
  });
}

test.describe('a reader', () => {
  asReader();

  test('sees every setting read-only and no action that writes', async ({ pools, iis, before }) => {
    await pools.goto();
    await pools.select('DefaultAppPool');
    for (const name of ['Add Application Pool...', 'Remove', 'Start', 'Stop', 'Recycle...'])
      await expect(pools.action(name)).toHaveCount(0);
    const dialog = await pools.openAdvancedSettings();
    await expect(pools.property(dialog, 'Process Model', 'Idle Time-out (minutes)')).toBeDisabled();
    await expect(pools.property(dialog, 'Process Model', 'Maximum Worker Processes')).toBeDisabled();
    await expect(dialog.getByRole('button', { name: 'OK' })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await pools.action('Basic Settings...').click();
    const basic = pools.dialog('Edit Application Pool');
    await expect(basic.getByRole('combobox', { name: '.NET CLR version' })).toBeDisabled();
    await expect(basic.getByRole('button', { name: 'OK' })).toHaveCount(0);
    expect(changedConfigFiles(iis.root, before)).toEqual([]);
  });
});
