// Session State page over files that already say something: byte preservation, locks, configSource,
// read-only levels, Revert to parent, stale ETags, unknown attributes, malformed files
// (docs/session-state.md §7.3 S9–S13, S15, S20–S22, S25, S27).
import { test, expect, useIisServer } from '../support/test.js';
import {
  addSite,
  APPHOST,
  canonicalUnordered,
  changedConfigFiles,
  exists,
  HELP_WEB,
  read,
  ROOT_WEB,
  SITE1_ORIGINAL,
  SITE1_WEB,
  site1With,
  write,
} from '../support/disk.js';
import { errorMessages } from '../support/api.js';
import { MSG } from '../support/messages.js';
import { expectUnavailable, setChecked } from '../pages/controls.js';

useIisServer();

const withSessionState = (element: string) => site1With(`  <system.web>\n    ${element}\n  </system.web>`);

test('S9a: changing the Name leaves cookieless="false" byte-identical', async ({ sessionState: p, iis }) => {
  const original = withSessionState('<sessionState cookieless="false" />');
  write(iis.root, SITE1_WEB, original);
  await p.goto('WebSite1');
  await p.expectCookieMode('Use Cookies');
  await p.cookies.name.fill('MyCookie');
  await p.applyChanges();
  expect(read(iis.root, SITE1_WEB)).toBe(
    original.replace('cookieless="false"', 'cookieless="false" cookieName="MyCookie"'),
  );
});

test('S9b: unchecking Regenerate leaves cookieless="true" byte-identical', async ({
  sessionState: p,
  iis,
}) => {
  const original = withSessionState('<sessionState cookieless="true" />');
  write(iis.root, SITE1_WEB, original);
  await p.goto('WebSite1');
  await p.expectCookieMode('Use URI');
  await expect(p.cookies.name).toBeDisabled();
  await setChecked(p.cookies.regenerate, false);
  await p.applyChanges();
  expect(read(iis.root, SITE1_WEB)).toBe(
    original.replace('cookieless="true"', 'cookieless="true" regenerateExpiredSessionId="false"'),
  );
});

test('S10: cookieSameSite and <providers> survive a Time-out change byte for byte', async ({
  sessionState: p,
  iis,
}) => {
  const original = withSessionState(
    '<sessionState cookieSameSite="None"><providers><add name="p" type="T" /></providers></sessionState>',
  );
  write(iis.root, SITE1_WEB, original);
  await p.goto('WebSite1');
  await p.expectSameSite('None');
  await expect(p.cookies.sameSite).toHaveAccessibleDescription(/inetpub\/WebSite1\/web\.config/);
  await p.cookies.timeout.fill('25');
  await p.applyChanges();
  expect(read(iis.root, SITE1_WEB)).toBe(
    original.replace('cookieSameSite="None"', 'cookieSameSite="None" timeout="25"'),
  );
});

for (const lock of ['overrideMode="Deny"', 'allowOverride="false"']) {
  test(`S11: a section locked above the site (${lock}) is read-only`, async ({ sessionState: p, iis }) => {
    write(
      iis.root,
      ROOT_WEB,
      `<configuration><system.web /><location path="WebSite1" ${lock}><system.web><sessionState /></system.web></location></configuration>`,
    );
    const before = read(iis.root, SITE1_WEB);
    await p.goto('WebSite1');
    await expect(p.alert(MSG.lockedFeature)).toBeVisible();
    await expectUnavailable(p.apply);
    await expect(p.mode('Not enabled')).toBeDisabled();
    await expect(p.cookies.timeout).toBeDisabled();

    const res = await iis.api.patchSessionState('WebSite1', { mode: 'Off' });
    expect(res.status()).toBe(409);
    expect(await errorMessages(res)).toContain(MSG.sectionLocked);
    expect(read(iis.root, SITE1_WEB)).toBe(before);
  });
}

test('S12: a locked attribute is disabled; the other attributes can still be applied', async ({
  sessionState: p,
  iis,
  before,
}) => {
  write(
    iis.root,
    ROOT_WEB,
    '<configuration><system.web><sessionState lockAttributes="timeout" /></system.web></configuration>',
  );
  const rootWeb = read(iis.root, ROOT_WEB);
  await p.goto('WebSite1');
  await expect(p.cookies.timeout).toBeDisabled();
  // The lock marker names the file that locks it.
  await expect(p.cookies.timeout).toHaveAccessibleDescription(
    /lock.*Windows\/Microsoft\.NET\/Framework64\/v4\.0\.30319\/Config\/web\.config/i,
  );
  await expect(p.cookies.name).toBeEnabled();

  const refused = await iis.api.patchSessionState('WebSite1', { timeout: '30' });
  expect(refused.status()).toBe(409);
  expect(await errorMessages(refused)).toContain(MSG.lockViolation);
  expect(read(iis.root, SITE1_WEB)).toBe(SITE1_ORIGINAL);

  await p.selectMode('Not enabled');
  await p.applyChanges();
  expect(canonicalUnordered(read(iis.root, SITE1_WEB))).toBe(
    canonicalUnordered(site1With('<system.web><sessionState mode="Off" /></system.web>')),
  );
  expect(read(iis.root, ROOT_WEB)).toBe(rootWeb);
  expect(changedConfigFiles(iis.root, before).filter((f) => f !== ROOT_WEB)).toEqual([SITE1_WEB]);
});

test('S13: a configSource section is edited in its own file; web.config stays as it is', async ({
  sessionState: p,
  iis,
}) => {
  const webConfig = withSessionState('<sessionState configSource="session.config" />');
  write(iis.root, SITE1_WEB, webConfig);
  write(iis.root, 'inetpub/WebSite1/session.config', '<sessionState timeout="45" />');
  await p.goto('WebSite1');
  await expect(p.cookies.timeout).toHaveValue('45');
  await expect(p.cookies.timeout).toHaveAccessibleDescription(/session\.config/);
  await p.cookies.timeout.fill('50');
  await p.applyChanges();
  expect(read(iis.root, 'inetpub/WebSite1/session.config')).toBe('<sessionState timeout="50" />');
  expect(read(iis.root, SITE1_WEB)).toBe(webConfig);
});

test('S15: a virtual directory that is not an application is read-only with the MachineToApplication reason', async ({
  sessionState: p,
  iis,
  before,
}) => {
  await p.goto('WebSite2/help');
  await expect(p.page.getByText(MSG.machineToApplication).first()).toBeVisible();
  await expectUnavailable(p.apply);
  await expect(p.mode('Not enabled')).toBeDisabled();
  await expect(p.cookies.timeout).toBeDisabled();
  await expect(p.cookies.timeout).toHaveValue('20');

  const view = await iis.api.sessionState('WebSite2/help');
  expect(view.target).toBeNull();
  const res = await iis.api.patchSessionState('WebSite2/help', { mode: 'Off' });
  expect(res.ok()).toBe(false);
  expect(await errorMessages(res)).toContain(MSG.machineToApplication);
  expect(exists(iis.root, HELP_WEB)).toBe(false);
  expect(changedConfigFiles(iis.root, before)).toEqual([]);
});

test('S20: setting the inherited value is an explicit write, replaced in place', async ({
  sessionState: p,
  iis,
}) => {
  const original = withSessionState('<sessionState timeout="30" />');
  write(iis.root, SITE1_WEB, original);
  await p.goto('WebSite1');
  await expect(p.cookies.timeout).toHaveValue('30');
  await p.cookies.timeout.fill('20');
  await p.applyChanges();
  expect(read(iis.root, SITE1_WEB)).toBe(original.replace('timeout="30"', 'timeout="20"'));
});

test.describe('S21: Revert to parent', () => {
  test('removes the attribute, then the empty <sessionState> and <system.web>', async ({
    sessionState: p,
    iis,
  }) => {
    write(iis.root, SITE1_WEB, withSessionState('<sessionState timeout="30" />'));
    await p.goto('WebSite1');
    await expect(p.cookies.timeout).toHaveValue('30');
    await p.revertToParent('Time-out (in minutes)');
    await expect(p.cookies.timeout).toHaveValue('20');
    expect(read(iis.root, SITE1_WEB)).toBe(SITE1_ORIGINAL);
    await expect(p.revert('Time-out (in minutes)')).toHaveCount(0);
  });

  test('keeps the element while it has other attributes', async ({ sessionState: p, iis }) => {
    write(iis.root, SITE1_WEB, withSessionState('<sessionState timeout="30" mode="Off" />'));
    await p.goto('WebSite1');
    await p.revertToParent('Time-out (in minutes)');
    await expect(p.cookies.timeout).toHaveValue('20');
    expect(read(iis.root, SITE1_WEB)).toBe(withSessionState('<sessionState mode="Off" />'));
  });

  test('is offered only for values set at this level', async ({ sessionState: p }) => {
    await p.goto('WebSite1');
    await expect(p.revert('Time-out (in minutes)')).toHaveCount(0);
  });
});

test('S22: a file changed behind the page gets the 412 alert; nothing is overwritten; Reload shows it', async ({
  sessionState: p,
  iis,
}) => {
  await p.goto('WebSite1');
  const theirs = withSessionState('<sessionState timeout="45" />');
  write(iis.root, SITE1_WEB, theirs);

  await p.cookies.timeout.fill('30');
  await p.apply.click();
  const alert = p.alert(MSG.staleEtag);
  await expect(alert).toBeVisible();
  await expect(p.saved).toHaveCount(0);
  expect(read(iis.root, SITE1_WEB)).toBe(theirs);

  await alert.getByRole('button', { name: 'Reload' }).click();
  await expect(p.cookies.timeout).toHaveValue('45');
  await expect(p.apply).toBeDisabled();
  expect(read(iis.root, SITE1_WEB)).toBe(theirs);
});

test('S25: unknown attributes are listed and survive a change byte for byte', async ({
  sessionState: p,
  iis,
}) => {
  const original = withSessionState('<sessionState fooBar="1" timeout="30" />');
  write(iis.root, SITE1_WEB, original);
  await p.goto('WebSite1');
  await expect(p.otherAttributes).toBeVisible();
  await expect(p.page.getByText('fooBar', { exact: false }).first()).toBeVisible();

  await p.cookies.timeout.fill('25');
  await p.applyChanges();
  expect(read(iis.root, SITE1_WEB)).toBe(original.replace('timeout="30"', 'timeout="25"'));

  const res = await iis.api.patchSessionState('WebSite1', { fooBar: '2' });
  expect(res.status()).toBe(400);
  expect(await errorMessages(res)).toContain(MSG.unknownAttribute('fooBar'));
  expect(read(iis.root, SITE1_WEB)).toContain('fooBar="1"');
});

test('S27: a malformed web.config is reported with line and column; the page is read-only', async ({
  sessionState: p,
  iis,
}) => {
  const broken = SITE1_ORIGINAL.replace(
    '</configuration>',
    '  <system.web>\n    <sessionState timeout="30" />\n</configuration>',
  );
  write(iis.root, SITE1_WEB, broken);
  await p.page.goto('/level/WebSite1/session-state');
  await expect(p.heading).toBeVisible();
  // The error names the file, the line and the column (line 8: </configuration> closes nothing open).
  await expect(
    p.page.getByText(/inetpub\/WebSite1\/web\.config\W+line\W*8\W+column\W*\d+/i).first(),
  ).toBeVisible();
  await expectUnavailable(p.apply);

  const res = await iis.api.patchSessionState('WebSite1', { mode: 'Off' });
  expect(res.ok()).toBe(false);
  expect(read(iis.root, SITE1_WEB)).toBe(broken);
});

test('a site whose content folder is missing says so before Apply; a write is refused with 409, nothing written', async ({
  sessionState: p,
  iis,
  before,
}) => {
  // As on a real server whose sites live in C:\vhosts\<site>\http, here without the folder.
  addSite(iis.root, 'Intranet', 'C:\\vhosts\\intranet\\http');
  await p.goto('Intranet');
  const alert = p.alert('the folder vhosts/intranet/http does not exist');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('vhosts/intranet/http/web.config');
  await expect(alert).toContainText(
    'correct the physical path of the site "Intranet" (C:\\vhosts\\intranet\\http)',
  );
  await expectUnavailable(p.apply);
  await expect(p.mode('Not enabled')).toBeDisabled();
  await expect(p.page.getByText('Apply creates it')).toHaveCount(0);

  const res = await iis.api.patchSessionState('Intranet', { mode: 'Off' });
  expect(res.status()).toBe(409);
  expect((await res.json()).error).toMatchObject({
    code: 'TARGET_FOLDER_MISSING',
    file: 'vhosts/intranet/http/web.config',
  });
  expect(await errorMessages(res)).toContain('Cannot write vhosts/intranet/http/web.config');
  expect(exists(iis.root, 'vhosts')).toBe(false);
  expect(changedConfigFiles(iis.root, before)).toEqual([APPHOST]);
});
