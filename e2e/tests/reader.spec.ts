// A reader sees everything and can change nothing (docs/design.md: writes need the administrator role).
import { test, expect, useIisServer, asReader } from '../support/test.js';
import { changedConfigFiles, SITE1_WEB, site1With, write } from '../support/disk.js';
import { expectUnavailable } from '../pages/controls.js';

useIisServer();
asReader();

test('the top bar names the reader and the role', async ({ features }) => {
  await features.gotoServer();
  await expect(features.signedInAs('reader', 'reader')).toBeVisible();
});

test('the Session State page shows the values but offers no Apply', async ({ sessionState: p, iis }) => {
  write(iis.root, SITE1_WEB, site1With('  <system.web>\n    <sessionState timeout="30" />\n  </system.web>'));
  await p.goto('WebSite1');
  await expect(p.mode('In process')).toBeChecked();
  await expect(p.cookies.timeout).toHaveValue('30');
  await expect(p.cookies.name).toHaveValue('ASP.NET_SessionId');
  await expectUnavailable(p.apply);
  await expectUnavailable(p.revert('Time-out (in minutes)'));
});

test('the server page and the Sites view are visible too', async ({ sessionState: p, sites }) => {
  await p.gotoServer();
  await expect(p.mode('In process')).toBeChecked();
  await expectUnavailable(p.apply);
  await sites.goto();
  await expect(sites.pathLink('WebSite1')).toBeVisible();
});

test('the API refuses a reader’s PATCH and writes nothing', async ({ iis, before }) => {
  const res = await iis.readerApi.patchSessionState('WebSite1', { mode: 'Off' });
  expect(res.status()).toBe(403);
  expect(changedConfigFiles(iis.root, before)).toEqual([]);
});

test('the ASP.NET State Service page offers no Start to a reader', async ({ stateService }) => {
  await stateService.goto();
  await expect(stateService.heading).toBeVisible();
  await expect(stateService.page.getByText(/^Status: /)).toBeVisible();
  await expectUnavailable(stateService.start);
});
