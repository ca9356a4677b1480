// The Sites view: every site and application with its effective session state mode.
import { test, expect, useIisServer } from '../support/test.js';
import { APP_WEB, APPHOST, read, SITE1_WEB, site1With, write } from '../support/disk.js';

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
  for (const column of ['Path', 'Mode', 'Set in', 'Connection string', 'Cookie mode', 'Time-out'] as const) {
    await expect(sites.column(column)).toBeVisible();
  }
  await expect.poll(() => sites.paths()).toEqual(['WebSite1', 'WebSite1/app', 'WebSite2']);
  await expect(await sites.cell('WebSite1', 'Mode')).toHaveText(/Off|Not enabled/);
  await expect(await sites.cell('WebSite1', 'Set in')).toContainText('web.config');
  await expect(await sites.cell('WebSite1/app', 'Mode')).toHaveText(/StateServer|State Server/);
  await expect(await sites.cell('WebSite1/app', 'Connection string')).toContainText('tcpip=10.0.0.5:42424');
  await expect(await sites.cell('WebSite2', 'Mode')).toHaveText(/InProc|In process/);
  await expect(await sites.cell('WebSite2', 'Time-out')).toContainText('20');
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
  await expect(sites.column('Path')).toHaveAttribute('aria-sort', 'ascending');
  await sites.sortButton('Path').click();
  await expect(sites.column('Path')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => sites.paths()).toEqual(['WebSite2', 'WebSite1/app', 'WebSite1']);

  await sites.sortButton('Mode').click();
  await expect(sites.column('Mode')).toHaveAttribute('aria-sort', 'ascending');
  await expect(sites.column('Path')).not.toHaveAttribute('aria-sort', /ascending|descending/);
  // InProc < Off < StateServer, whether the cells show the XML names or the labels.
  await expect.poll(() => sites.paths()).toEqual(['WebSite2', 'WebSite1', 'WebSite1/app']);
});

test('clicking a path opens that level’s Session State page', async ({ sites, sessionState, page }) => {
  await sites.goto();
  await sites.pathLink('WebSite1/app').click();
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
