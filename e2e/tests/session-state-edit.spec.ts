// Session State page: editing at the server, a site and an application, and what lands on disk
// (docs/session-state.md §7.3 S1–S8, S14, S16, S24).
import { test, expect, useIisServer } from '../support/test.js';
import {
  APP_WEB,
  canonicalUnordered,
  changedConfigFiles,
  read,
  ROOT_WEB,
  SITE1_ORIGINAL,
  SITE1_WEB,
  site1With,
  write,
} from '../support/disk.js';
import { errorMessages } from '../support/api.js';
import { MSG } from '../support/messages.js';
import { setChecked } from '../pages/controls.js';
import type { SessionStatePage } from '../pages/SessionStatePage.js';
import type { Locator } from '@playwright/test';

useIisServer();

/** Everything before `</configuration>` of the original site web.config survives byte for byte. */
function expectSite1PrefixKept(text: string): void {
  const prefix = SITE1_ORIGINAL.slice(0, SITE1_ORIGINAL.lastIndexOf('</configuration>'));
  expect(text.startsWith(prefix), `site web.config keeps its original bytes:\n${text}`).toBe(true);
}

/** Types a bad value; Apply is refused (disabled, or clicked and answered with the message). */
async function expectRefused(page: SessionStatePage, field: Locator, value: string, message: string) {
  await field.fill(value);
  await field.press('Tab');
  if (await page.apply.isEnabled()) await page.apply.click();
  await expect(page.page.getByText(message, { exact: false }).first()).toBeVisible();
  await expect(page.saved).toHaveCount(0);
}

test.describe('S1: defaults', () => {
  for (const level of ['', 'WebSite1', 'WebSite1/app']) {
    test(`the page shows the schema defaults and writes nothing (${level || 'server'})`, async ({
      sessionState: p,
      iis,
      before,
    }) => {
      if (level === '') await p.gotoServer();
      else await p.goto(level);

      await expect(p.mode('In process')).toBeChecked();
      for (const other of ['Not enabled', 'Custom', 'State Server', 'SQL Server'] as const) {
        await expect(p.mode(other)).not.toBeChecked();
      }
      await p.expectCookieMode('Use Cookies');
      await expect(p.cookies.name).toHaveValue('ASP.NET_SessionId');
      await expect(p.cookies.timeout).toHaveValue('20');
      await expect(p.cookies.regenerate).toBeChecked();
      await expect(p.hostingIdentity).toBeChecked();
      await p.expectSameSite('Lax');
      await expect(p.stateServer.connectionString).toHaveValue('tcpip=loopback:42424');
      await expect(p.stateServer.timeout).toHaveValue('10');
      await expect(p.sqlServer.connectionString).toHaveValue(
        'data source=localhost;Integrated Security=SSPI',
      );
      await expect(p.sqlServer.timeout).toHaveValue('30');
      await expect(p.sqlServer.enableCustomDatabase).not.toBeChecked();

      // §3.2/§3.3: In process leaves the State Server and SQL fields disabled (still showing their
      // values); Use Cookies disables Regenerate.
      await expect(p.stateServer.connectionString).toBeDisabled();
      await expect(p.stateServer.timeout).toBeDisabled();
      await expect(p.sqlServer.connectionString).toBeDisabled();
      await expect(p.sqlServer.enableCustomDatabase).toBeDisabled();
      await expect(p.cookies.regenerate).toBeDisabled();
      await expect(p.cookies.name).toBeEnabled();

      // Every source is the schema default (shown with each field).
      for (const field of [p.cookies.timeout, p.cookies.name, p.stateServer.timeout]) {
        await expect(field).toHaveAccessibleDescription(/default/i);
      }

      await expect(p.apply).toBeDisabled();
      await expect(p.cancel).toBeDisabled();
      expect(changedConfigFiles(iis.root, before)).toEqual([]);
    });
  }
});

test('S2: State Server at the server level writes exactly three attributes to the root web.config', async ({
  sessionState: p,
  iis,
  before,
}) => {
  await p.gotoServer();
  await expect(p.targetFile).toContainText(
    'Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config (MACHINE/WEBROOT)',
  );
  await p.selectMode('State Server');
  await expect(p.stateServer.connectionString).toBeEnabled();
  await p.stateServer.connectionString.fill('tcpip=10.0.0.5:42424');
  await p.stateServer.timeout.fill('20');
  await p.applyChanges();

  expect(canonicalUnordered(read(iis.root, ROOT_WEB))).toBe(
    canonicalUnordered(
      '<configuration><system.web><sessionState mode="StateServer" stateConnectionString="tcpip=10.0.0.5:42424" stateNetworkTimeout="20" /></system.web></configuration>',
    ),
  );
  expect(changedConfigFiles(iis.root, before)).toEqual([ROOT_WEB]);
  await expect(p.apply).toBeDisabled();
  await expect(p.mode('State Server')).toBeChecked();
});

test('S3: Not enabled at a site appends <system.web><sessionState mode="Off" /> to its web.config', async ({
  sessionState: p,
  iis,
  before,
}) => {
  await p.goto('WebSite1');
  await expect(p.targetFile).toContainText('inetpub/WebSite1/web.config');
  await p.selectMode('Not enabled');
  // §3.2: Not enabled turns the cookie settings off.
  await expect(p.cookies.timeout).toBeDisabled();
  await p.applyChanges();

  const text = read(iis.root, SITE1_WEB);
  expect(canonicalUnordered(text)).toBe(
    canonicalUnordered(site1With('<system.web><sessionState mode="Off" /></system.web>')),
  );
  expectSite1PrefixKept(text);
  expect(changedConfigFiles(iis.root, before)).toEqual([SITE1_WEB]);
});

test('S4: selecting the effective mode again is no change', async ({ sessionState: p, iis, before }) => {
  await p.goto('WebSite1');
  await p.mode('In process').click({ force: true });
  await expect(p.apply).toBeDisabled();
  await expect(p.cancel).toBeDisabled();

  await p.selectMode('State Server');
  await expect(p.apply).toBeEnabled();
  await expect(p.cancel).toBeEnabled();
  await p.selectMode('In process');
  await expect(p.apply).toBeDisabled();
  await expect(p.cancel).toBeDisabled();
  expect(changedConfigFiles(iis.root, before)).toEqual([]);
});

test('S5: Use URI writes only cookieless, not the untouched Regenerate', async ({
  sessionState: p,
  iis,
  before,
}) => {
  await p.goto('WebSite1');
  await p.chooseCookieMode('Use URI');
  // §3.3: Use URI disables Name and enables Regenerate (still checked: its default).
  await expect(p.cookies.name).toBeDisabled();
  await expect(p.cookies.regenerate).toBeEnabled();
  await expect(p.cookies.regenerate).toBeChecked();
  await p.applyChanges();

  const text = read(iis.root, SITE1_WEB);
  expect(canonicalUnordered(text)).toBe(
    canonicalUnordered(site1With('<system.web><sessionState cookieless="UseUri" /></system.web>')),
  );
  expectSite1PrefixKept(text);
  expect(changedConfigFiles(iis.root, before)).toEqual([SITE1_WEB]);
});

test('S6: Time-out 30 writes timeout="30"', async ({ sessionState: p, iis, before }) => {
  await p.goto('WebSite1');
  await p.cookies.timeout.fill('30');
  await p.applyChanges();
  expect(canonicalUnordered(read(iis.root, SITE1_WEB))).toBe(
    canonicalUnordered(site1With('<system.web><sessionState timeout="30" /></system.web>')),
  );
  expect(changedConfigFiles(iis.root, before)).toEqual([SITE1_WEB]);
  await expect(p.cookies.timeout).toHaveValue('30');
});

test('S7: bad session time-outs are refused with the rule that failed', async ({
  sessionState: p,
  iis,
  before,
}) => {
  await p.goto('WebSite1');
  await expectRefused(p, p.cookies.timeout, '0', MSG.timeoutRange);
  await expectRefused(p, p.cookies.timeout, '1.5', MSG.timeoutFormat);
  await expectRefused(p, p.cookies.timeout, '525601', MSG.timeoutOneYear);
  await expectRefused(p, p.cookies.timeout, 'abc', MSG.timeoutFormat);
  expect(changedConfigFiles(iis.root, before)).toEqual([]);
});

test('S8: a State Server time-out of 0 is refused', async ({ sessionState: p, iis, before }) => {
  await p.goto('WebSite1');
  await p.selectMode('State Server');
  await expectRefused(p, p.stateServer.timeout, '0', MSG.positiveTimeSpan);
  expect(changedConfigFiles(iis.root, before)).toEqual([]);
});

test('S14: SQL Server with a database needs Enable custom database; then the app web.config is created', async ({
  sessionState: p,
  iis,
  before,
}) => {
  const sql = 'data source=db1;Initial Catalog=Sessions;Integrated Security=SSPI';
  await p.goto('WebSite1/app');
  await expect(p.targetFile).toContainText('inetpub/WebSite1App/web.config');
  await p.selectMode('SQL Server');
  await p.sqlServer.connectionString.fill(sql);
  await p.sqlServer.connectionString.press('Tab');
  if (await p.apply.isEnabled()) await p.apply.click();
  await expect(p.page.getByText(MSG.noDatabaseAllowed).first()).toBeVisible();
  expect(changedConfigFiles(iis.root, before)).toEqual([]);

  await setChecked(p.sqlServer.enableCustomDatabase);
  await p.applyChanges();
  expect(canonicalUnordered(read(iis.root, APP_WEB))).toBe(
    canonicalUnordered(
      `<configuration><system.web><sessionState mode="SQLServer" sqlConnectionString="${sql}" allowCustomSqlDatabase="true" /></system.web></configuration>`,
    ),
  );
  expect(changedConfigFiles(iis.root, before)).toEqual([APP_WEB]);
});

test('S16: Cancel discards the edits and re-reads the files', async ({ sessionState: p, iis }) => {
  await p.goto('WebSite1');
  await p.cookies.name.fill('Edited');
  await p.selectMode('Not enabled');
  await expect(p.cancel).toBeEnabled();

  // Someone else changes the file meanwhile: Cancel must show what is on disk now.
  const onDisk = site1With('  <system.web>\n    <sessionState timeout="33" />\n  </system.web>');
  write(iis.root, SITE1_WEB, onDisk);
  await p.cancel.click();

  await expect(p.mode('In process')).toBeChecked();
  await expect(p.cookies.name).toHaveValue('ASP.NET_SessionId');
  await expect(p.cookies.timeout).toHaveValue('33');
  await expect(p.apply).toBeDisabled();
  await expect(p.cancel).toBeDisabled();
  expect(read(iis.root, SITE1_WEB)).toBe(onDisk);
});

test('S24: SameSite None is written; the API replaces it in place and refuses bad values', async ({
  sessionState: p,
  iis,
}) => {
  await p.goto('WebSite1');
  await p.chooseSameSite('None');
  await p.applyChanges();
  const afterUi = read(iis.root, SITE1_WEB);
  expect(canonicalUnordered(afterUi)).toBe(
    canonicalUnordered(site1With('<system.web><sessionState cookieSameSite="None" /></system.web>')),
  );

  const res = await iis.api.patchSessionState('WebSite1', { cookieSameSite: 'strict' });
  expect(res.status()).toBe(200);
  expect(read(iis.root, SITE1_WEB)).toBe(afterUi.replace('cookieSameSite="None"', 'cookieSameSite="Strict"'));

  for (const bad of ['Unspecified', '-1']) {
    const refused = await iis.api.patchSessionState('WebSite1', { cookieSameSite: bad });
    expect(refused.status()).toBe(400);
    expect(await errorMessages(refused)).toContain(MSG.sameSiteEnum);
  }
  expect(read(iis.root, SITE1_WEB)).toContain('cookieSameSite="Strict"');

  await p.page.reload();
  await p.loaded();
  await p.expectSameSite('Strict');
});

test.describe('Create... dialogs', () => {
  test('State Server: Server and Port build tcpip=<server>:<port>; IPv6 goes in brackets', async ({
    sessionState: p,
    page,
    iis,
    before,
  }) => {
    await p.goto('WebSite1');
    await p.selectMode('State Server');
    await p.stateServer.create.click();
    const dialog = page.getByRole('dialog', { name: 'Create State Server Connection String' });
    await expect(dialog.getByRole('textbox', { name: 'Server' })).toHaveValue('loopback');
    await expect(dialog.getByRole('textbox', { name: 'Port' })).toHaveValue('42424');
    await dialog.getByRole('textbox', { name: 'Server' }).fill('state1.example');
    await dialog.getByRole('textbox', { name: 'Port' }).fill('42425');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(p.stateServer.connectionString).toHaveValue('tcpip=state1.example:42425');

    await p.stateServer.create.click();
    await dialog.getByRole('textbox', { name: 'Server' }).fill('::1');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(p.stateServer.connectionString).toHaveValue(/^tcpip=\[::1\]:\d+$/);

    await p.stateServer.create.click();
    await dialog.getByRole('textbox', { name: 'Server' }).fill('ignored');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(p.stateServer.connectionString).toHaveValue(/^tcpip=\[::1\]:\d+$/);

    // OK only fills the page: nothing is written until Apply.
    await expect(p.apply).toBeEnabled();
    expect(changedConfigFiles(iis.root, before)).toEqual([]);
  });

  test('SQL Server: credentials must match before OK; Apply writes the built string', async ({
    sessionState: p,
    page,
    iis,
  }) => {
    await p.goto('WebSite1');
    await p.selectMode('SQL Server');
    await p.sqlServer.create.click();
    const dialog = page.getByRole('dialog', { name: 'Create SQL Server Connection String' });
    await expect(dialog.getByRole('textbox', { name: 'Server' })).toHaveValue('localhost');
    await dialog.getByRole('textbox', { name: 'Server' }).fill('db1');
    await setChecked(dialog.getByRole('radio', { name: 'Specify credentials' }));
    await dialog.getByRole('textbox', { name: 'User name' }).fill('web');
    await dialog.getByLabel('Password', { exact: true }).fill('s3cret');
    await dialog.getByLabel('Confirm password', { exact: true }).fill('other');
    await expect(dialog.getByRole('button', { name: 'OK' })).toBeDisabled();
    await dialog.getByLabel('Confirm password', { exact: true }).fill('s3cret');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(p.sqlServer.connectionString).toHaveValue('data source=db1;user id=web;password=s3cret');

    await p.sqlServer.create.click();
    await dialog.getByRole('textbox', { name: 'Server' }).fill('db1');
    await setChecked(dialog.getByRole('radio', { name: 'Use Windows Integrated Security' }));
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(p.sqlServer.connectionString).toHaveValue(/^data source=db1;Integrated Security=SSPI$/);

    await p.applyChanges();
    expect(canonicalUnordered(read(iis.root, SITE1_WEB))).toBe(
      canonicalUnordered(
        site1With(
          '<system.web><sessionState mode="SQLServer" sqlConnectionString="data source=db1;Integrated Security=SSPI" /></system.web>',
        ),
      ),
    );
  });
});

test('View changes shows the unified diff of the pending change; nothing is written', async ({
  sessionState: p,
  page,
  iis,
  before,
}) => {
  await p.goto('WebSite1');
  await p.cookies.timeout.fill('30');
  await p.viewChanges.click();
  const dialog = page.getByRole('dialog', { name: 'Pending changes' });
  await expect(dialog).toContainText('inetpub/WebSite1/web.config');
  await expect(dialog).toContainText(/\+\s*<sessionState timeout="30" \/>/);
  expect(changedConfigFiles(iis.root, before)).toEqual([]);
});

test('View history lists an Apply; Help is a link', async ({ sessionState: p, page }) => {
  await p.goto('WebSite1');
  await p.cookies.timeout.fill('31');
  await p.applyChanges();
  await expect(p.action('Help')).toHaveAttribute('href', /.+/);
  await p.action('View history').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('inetpub/WebSite1/web.config');
});
