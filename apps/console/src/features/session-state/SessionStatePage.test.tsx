// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionStateResponse } from '@iis-console/contracts';
import { sessionState, setHere, SITE_FILE } from '../../test/fixtures';
import { descriptionOf, isVisible } from '../../test/dom';
import { apiError } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const PAGE = '/level/WebSite1/session-state';

async function openPage(state: SessionStateResponse = sessionState(), role?: 'administrator' | 'reader') {
  const app = renderApp(
    PAGE,
    { 'GET /api/config/session-state': { body: state, headers: { etag: state.etag } } },
    role ? { role } : {},
  );
  await screen.findByRole('radio', { name: 'In process' });
  return app;
}

const actions = () => within(screen.getByRole('region', { name: 'Actions' }));
const applyButton = () => actions().getByRole('button', { name: 'Apply' });
const cancelButton = () => actions().getByRole('button', { name: 'Cancel' });
const group = (name: string) => within(screen.getByRole('group', { name }));
const input = (el: HTMLElement) => el as HTMLInputElement;

const stateServerFields = () => [
  group('State Server').getByRole('textbox', { name: 'Connection string' }),
  group('State Server').getByRole('button', { name: 'Create...' }),
  group('State Server').getByRole('textbox', { name: 'Time-out (in seconds)' }),
];
const sqlFields = () => [
  group('SQL Server').getByRole('combobox', { name: 'Connection string' }),
  group('SQL Server').getByRole('button', { name: 'Create...' }),
  group('SQL Server').getByRole('textbox', { name: 'Time-out (in seconds)' }),
  group('SQL Server').getByRole('checkbox', { name: 'Enable custom database' }),
];
const cookieFields = () => [
  group('Cookie Settings').getByRole('combobox', { name: 'Mode' }),
  group('Cookie Settings').getByRole('textbox', { name: 'Name' }),
  group('Cookie Settings').getByRole('textbox', { name: 'Time-out (in minutes)' }),
  group('Cookie Settings').getByRole('combobox', { name: 'SameSite' }),
];
const hostingIdentity = () =>
  screen.getByRole('checkbox', { name: 'Use hosting identity for impersonation' });
const isDisabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled;

describe('S1: the page as loaded, nothing changed', () => {
  it('shows the defaults, each from "Default", with Apply and Cancel disabled', async () => {
    await openPage();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Session State');
    const modes = screen.getByRole('radiogroup', { name: 'Session State Mode Settings' });
    expect(
      within(modes)
        .getAllByRole('radio')
        .map((r) => r.closest('label')?.textContent),
    ).toEqual(['Not enabled', 'In process', 'Custom', 'State Server', 'SQL Server']);
    expect(input(screen.getByRole('radio', { name: 'In process' })).checked).toBe(true);
    expect(input(group('State Server').getByRole('textbox', { name: 'Connection string' })).value).toBe(
      'tcpip=loopback:42424',
    );
    expect(input(group('State Server').getByRole('textbox', { name: 'Time-out (in seconds)' })).value).toBe(
      '10',
    );
    expect(input(group('SQL Server').getByRole('combobox', { name: 'Connection string' })).value).toBe(
      'data source=localhost;Integrated Security=SSPI',
    );
    expect(input(group('SQL Server').getByRole('textbox', { name: 'Time-out (in seconds)' })).value).toBe(
      '30',
    );
    const cookies = group('Cookie Settings');
    const mode = cookies.getByRole('combobox', { name: 'Mode' }) as HTMLSelectElement;
    expect(mode.value).toBe('UseCookies');
    expect([...mode.options].map((o) => o.text)).toEqual([
      'Auto Detect',
      'Use Cookies',
      'Use Device Profile',
      'Use URI',
    ]);
    expect(input(cookies.getByRole('textbox', { name: 'Name' })).value).toBe('ASP.NET_SessionId');
    expect(input(cookies.getByRole('textbox', { name: 'Time-out (in minutes)' })).value).toBe('20');
    expect(input(cookies.getByRole('checkbox', { name: 'Regenerate expired session ID' })).checked).toBe(
      true,
    );
    const sameSite = cookies.getByRole('combobox', { name: 'SameSite' }) as HTMLSelectElement;
    expect(sameSite.value).toBe('Lax');
    expect([...sameSite.options].map((o) => o.text)).toEqual(['None', 'Lax', 'Strict']);
    expect(descriptionOf(sameSite)).toContain('Default: Lax (ASP.NET default)');
    expect(input(hostingIdentity()).checked).toBe(true);
    expect(screen.getAllByText('Default').length).toBeGreaterThanOrEqual(12);
    expect(
      isVisible(screen.getByText(`Changes are written to ${SITE_FILE} (MACHINE/WEBROOT/APPHOST/WebSite1)`)),
    ).toBe(true);
    expect(isDisabled(applyButton())).toBe(true);
    expect(isDisabled(cancelButton())).toBe(true);
  });
});

describe('enabled controls per mode (docs/session-state.md §3.2)', () => {
  it.each([
    ['Not enabled', { stateServer: false, sql: false, cookies: false, identity: false }],
    ['In process', { stateServer: false, sql: false, cookies: true, identity: true }],
    ['Custom', { stateServer: false, sql: false, cookies: true, identity: true }],
    ['State Server', { stateServer: true, sql: false, cookies: true, identity: true }],
    ['SQL Server', { stateServer: false, sql: true, cookies: true, identity: true }],
  ] as const)('%s', async (radio, expected) => {
    const { user } = await openPage();
    await user.click(screen.getByRole('radio', { name: radio }));
    for (const el of stateServerFields())
      expect(isDisabled(el), `State Server: ${el.outerHTML}`).toBe(!expected.stateServer);
    for (const el of sqlFields()) expect(isDisabled(el), `SQL Server: ${el.outerHTML}`).toBe(!expected.sql);
    for (const el of cookieFields())
      expect(isDisabled(el), `Cookie: ${el.outerHTML}`).toBe(!expected.cookies);
    expect(isDisabled(hostingIdentity())).toBe(!expected.identity);
    // Disabled fields keep showing their values.
    expect(input(group('State Server').getByRole('textbox', { name: 'Connection string' })).value).toBe(
      'tcpip=loopback:42424',
    );
  });
});

describe('enabled controls per cookie mode (docs/session-state.md §3.3)', () => {
  it.each([
    ['Use Cookies', { name: true, timeout: true, regenerate: false, sameSite: true }],
    ['Auto Detect', { name: true, timeout: true, regenerate: true, sameSite: true }],
    ['Use Device Profile', { name: true, timeout: true, regenerate: true, sameSite: true }],
    ['Use URI', { name: false, timeout: true, regenerate: true, sameSite: false }],
  ] as const)('%s', async (label, expected) => {
    const { user } = await openPage();
    const cookies = group('Cookie Settings');
    await user.selectOptions(cookies.getByRole('combobox', { name: 'Mode' }), label);
    expect(isDisabled(cookies.getByRole('textbox', { name: 'Name' }))).toBe(!expected.name);
    expect(isDisabled(cookies.getByRole('textbox', { name: 'Time-out (in minutes)' }))).toBe(
      !expected.timeout,
    );
    expect(isDisabled(cookies.getByRole('checkbox', { name: 'Regenerate expired session ID' }))).toBe(
      !expected.regenerate,
    );
    expect(isDisabled(cookies.getByRole('combobox', { name: 'SameSite' }))).toBe(!expected.sameSite);
  });
});

describe('S4: what counts as a change', () => {
  it('selecting the effective mode, or another mode and back, leaves Apply and Cancel disabled', async () => {
    const { user } = await openPage();
    await user.click(screen.getByRole('radio', { name: 'In process' }));
    expect(isDisabled(applyButton())).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'State Server' }));
    expect(isDisabled(applyButton())).toBe(false);
    expect(isDisabled(cancelButton())).toBe(false);
    await user.click(screen.getByRole('radio', { name: 'In process' }));
    expect(isDisabled(applyButton())).toBe(true);
    expect(isDisabled(cancelButton())).toBe(true);
  });

  it('changing a value and changing it back is no change', async () => {
    const { user } = await openPage();
    const timeout = group('Cookie Settings').getByRole('textbox', { name: 'Time-out (in minutes)' });
    await user.clear(timeout);
    await user.type(timeout, '30');
    expect(isDisabled(applyButton())).toBe(false);
    await user.clear(timeout);
    await user.type(timeout, '20');
    expect(isDisabled(applyButton())).toBe(true);
  });
});

describe('validation as the user types (S7, S8)', () => {
  it.each([
    [
      '0',
      'Timespan value must be between 00:00:01 and 24855.03:14:00 seconds inclusive, with a granularity of 60 seconds',
    ],
    [
      '1.5',
      "The value of the property 'timeout' cannot be parsed. The error is: Input string was not in a correct format.",
    ],
    ['525601', 'For InProc and StateServer modes, the session timeout value cannot be larger than one year.'],
    [
      'abc',
      "The value of the property 'timeout' cannot be parsed. The error is: Input string was not in a correct format.",
    ],
  ])('Time-out (in minutes) %s', async (typed, message) => {
    const { user } = await openPage();
    const timeout = group('Cookie Settings').getByRole('textbox', { name: 'Time-out (in minutes)' });
    await user.clear(timeout);
    await user.type(timeout, typed);
    expect(timeout.getAttribute('aria-invalid')).toBe('true');
    const error = screen.getByText(message);
    expect(timeout.getAttribute('aria-describedby')).toContain(error.id);
    expect(isDisabled(applyButton())).toBe(true);
  });

  it('State Server time-out 0 → "The time span value must be positive"', async () => {
    const { user } = await openPage();
    await user.click(screen.getByRole('radio', { name: 'State Server' }));
    const timeout = group('State Server').getByRole('textbox', { name: 'Time-out (in seconds)' });
    await user.clear(timeout);
    await user.type(timeout, '0');
    expect(timeout.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(timeout)).toContain('The time span value must be positive');
    expect(isDisabled(applyButton())).toBe(true);
  });

  it('a database in the SQL connection string needs Enable custom database (S14)', async () => {
    const { user } = await openPage();
    await user.click(screen.getByRole('radio', { name: 'SQL Server' }));
    const cs = group('SQL Server').getByRole('combobox', { name: 'Connection string' });
    await user.clear(cs);
    await user.click(cs);
    await user.paste('data source=db1;Initial Catalog=Sessions;Integrated Security=SSPI');
    expect(cs.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(cs)).toMatch(/cannot contain the connection options 'Database', 'Initial Catalog'/);
    expect(isDisabled(applyButton())).toBe(true);
    await user.click(group('SQL Server').getByRole('checkbox', { name: 'Enable custom database' }));
    expect(screen.queryByText(/cannot contain the connection options/)).toBeNull();
    expect(isDisabled(applyButton())).toBe(false);
  });
});

describe('Apply', () => {
  it('sends only the changed attributes, normalised, with If-Match, then shows the saved status (S2)', async () => {
    const saved = sessionState({
      etag: '"etag-2"',
      attributes: {
        mode: setHere('StateServer'),
        stateConnectionString: setHere('tcpip=10.0.0.5:42424'),
        stateNetworkTimeout: setHere('20'),
      },
    });
    const { user, api } = await openPage();
    api.on('PATCH /api/config/session-state', { body: saved });
    await user.click(screen.getByRole('radio', { name: 'State Server' }));
    const cs = group('State Server').getByRole('textbox', { name: 'Connection string' });
    await user.clear(cs);
    await user.type(cs, 'tcpip=10.0.0.5:42424');
    const t = group('State Server').getByRole('textbox', { name: 'Time-out (in seconds)' });
    await user.clear(t);
    await user.type(t, '020');
    await user.click(applyButton());

    await waitFor(() =>
      expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain(
        'The changes have been successfully saved.',
      ),
    );
    const [patch] = api.sent('PATCH /api/config/session-state');
    expect(patch?.query.get('path')).toBe('WebSite1');
    expect(patch?.headers['if-match']).toBe('"etag-1"');
    expect(patch?.headers['x-csrf-token']).toBe('csrf-token');
    expect(patch?.body).toEqual({
      mode: 'StateServer',
      stateConnectionString: 'tcpip=10.0.0.5:42424',
      stateNetworkTimeout: '20',
    });
    // Reloaded from the answer: nothing is dirty, the values are now set here.
    expect(isDisabled(applyButton())).toBe(true);
    expect(screen.getAllByText(`Set here (${SITE_FILE})`).length).toBe(3);
  });

  it('Use URI alone writes only cookieless (S5)', async () => {
    const { user, api } = await openPage();
    api.on('PATCH /api/config/session-state', { body: sessionState({ etag: '"etag-2"' }) });
    await user.selectOptions(group('Cookie Settings').getByRole('combobox', { name: 'Mode' }), 'Use URI');
    await user.click(applyButton());
    await screen.findByText('The changes have been successfully saved.');
    expect(api.sent('PATCH /api/config/session-state')[0]?.body).toEqual({ cookieless: 'UseUri' });
  });

  it('a refused value shows the rule next to the field and the page stays dirty', async () => {
    const { user, api } = await openPage();
    api.on(
      'PATCH /api/config/session-state',
      apiError(409, 'LOCKED', 'Lock violation', {
        errors: [{ attribute: 'cookieName', rule: 'LOCK', message: 'Lock violation' }],
      }),
    );
    const name = group('Cookie Settings').getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'MyCookie');
    await user.click(applyButton());
    await screen.findByText('Lock violation');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(isDisabled(cancelButton())).toBe(false);
    expect(input(name).value).toBe('MyCookie');
  });

  it('a file error (422) is shown with file, line and column', async () => {
    const { user, api } = await openPage();
    api.on(
      'PATCH /api/config/session-state',
      apiError(422, 'CONFIG_FILE', 'Unexpected end of file.', { file: SITE_FILE, line: 7, column: 3 }),
    );
    await user.click(screen.getByRole('radio', { name: 'Not enabled' }));
    await user.click(applyButton());
    const alert = await screen.findByText(`Unexpected end of file. (${SITE_FILE}, line 7, column 3)`);
    expect(alert.getAttribute('role')).toBe('alert');
  });

  it('412: says someone else changed the configuration and offers Reload', async () => {
    const { user, api } = await openPage();
    api.on(
      'PATCH /api/config/session-state',
      apiError(412, 'PRECONDITION', 'The configuration changed since it was read.'),
    );
    await user.click(screen.getByRole('radio', { name: 'Not enabled' }));
    await user.click(applyButton());
    const alert = (await screen.findByText(/The configuration was changed by someone else/)).closest(
      '[role="alert"]',
    );
    expect(alert).not.toBeNull();
    api.on('GET /api/config/session-state', {
      body: sessionState({ etag: '"etag-3"', attributes: { timeout: setHere('45') } }),
    });
    await user.click(within(alert as HTMLElement).getByRole('button', { name: 'Reload' }));
    await waitFor(() =>
      expect(
        input(group('Cookie Settings').getByRole('textbox', { name: 'Time-out (in minutes)' })).value,
      ).toBe('45'),
    );
    expect(input(screen.getByRole('radio', { name: 'In process' })).checked).toBe(true);
    expect(isDisabled(applyButton())).toBe(true);
  });

  it('S16: Cancel discards the edits and reads the configuration again', async () => {
    const { user, api } = await openPage();
    await user.click(screen.getByRole('radio', { name: 'Not enabled' }));
    const before = api.sent('GET /api/config/session-state').length;
    await user.click(cancelButton());
    await waitFor(() => expect(input(screen.getByRole('radio', { name: 'In process' })).checked).toBe(true));
    expect(api.sent('GET /api/config/session-state').length).toBe(before + 1);
    expect(api.sent('PATCH /api/config/session-state')).toEqual([]);
    expect(isDisabled(applyButton())).toBe(true);
    expect(isDisabled(cancelButton())).toBe(true);
  });
});

describe('View changes', () => {
  it('previews the exact change per file in "Pending changes"', async () => {
    const { user, api } = await openPage();
    api.on('POST /api/config/session-state/preview', {
      body: {
        changed: true,
        files: [
          {
            file: SITE_FILE,
            diff: `--- a/${SITE_FILE}\n+++ b/${SITE_FILE}\n@@ -1,2 +1,5 @@\n <configuration>\n+  <system.web>\n+    <sessionState mode="Off" />\n+  </system.web>\n </configuration>\n`,
          },
        ],
      },
    });
    await user.click(screen.getByRole('radio', { name: 'Not enabled' }));
    await user.click(actions().getByRole('button', { name: 'View changes' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pending changes' });
    await waitFor(() => expect(dialog.textContent).toContain('+    <sessionState mode="Off" />'));
    expect(api.sent('POST /api/config/session-state/preview')[0]?.body).toEqual({ mode: 'Off' });
  });
});

describe('origins, locks, revert', () => {
  it('shows where each value comes from and the lock marker; a locked control is disabled', async () => {
    await openPage(
      sessionState({
        attributes: {
          timeout: {
            value: '30',
            stored: '30',
            origin: {
              file: 'Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config',
              configPath: 'MACHINE/WEBROOT',
              line: 3,
              column: 5,
            },
            locked: true,
            lockedBy: {
              file: 'Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config',
              configPath: 'MACHINE/WEBROOT',
              line: 3,
              column: 5,
            },
          },
          cookieName: setHere('MyCookie'),
        },
      }),
    );
    const timeout = group('Cookie Settings').getByRole('textbox', { name: 'Time-out (in minutes)' });
    expect(isDisabled(timeout)).toBe(true);
    expect(descriptionOf(timeout)).toContain(
      'Inherited from Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config (MACHINE/WEBROOT)',
    );
    expect(descriptionOf(timeout)).toContain(
      'Locked by Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config',
    );
    expect(descriptionOf(group('Cookie Settings').getByRole('textbox', { name: 'Name' }))).toContain(
      `Set here (${SITE_FILE})`,
    );
    // Only the local attribute can be reverted.
    expect(
      screen.getAllByRole('button', { name: /^Revert .* to parent$/ }).map((b) => b.textContent),
    ).toEqual(['Revert Name to parent']);
  });

  it('Revert to parent confirms, then sends {attr: null}; disabled while the field has unapplied changes', async () => {
    const { user, api } = await openPage(sessionState({ attributes: { timeout: setHere('30') } }));
    api.on('PATCH /api/config/session-state', { body: sessionState({ etag: '"etag-2"' }) });
    const revert = screen.getByRole('button', { name: 'Revert Time-out (in minutes) to parent' });
    const timeout = group('Cookie Settings').getByRole('textbox', { name: 'Time-out (in minutes)' });
    await user.type(timeout, '5');
    expect(isDisabled(revert)).toBe(true);
    await user.clear(timeout);
    await user.type(timeout, '30');
    expect(isDisabled(revert)).toBe(false);

    await user.click(revert);
    const dialog = await screen.findByRole('dialog', { name: 'Revert Time-out (in minutes) to parent' });
    await user.click(within(dialog).getByRole('button', { name: 'Revert' }));
    await screen.findByText('The changes have been successfully saved.');
    const [patch] = api.sent('PATCH /api/config/session-state');
    expect(patch?.body).toEqual({ timeout: null });
    expect(patch?.headers['if-match']).toBe('"etag-1"');
    await waitFor(() => expect(input(timeout).value).toBe('20'));
    expect(screen.queryByRole('button', { name: 'Revert Time-out (in minutes) to parent' })).toBeNull();
  });

  it('lists unknown attributes read-only under "Other attributes"', async () => {
    await openPage(
      sessionState({
        unknownAttributes: [
          {
            name: 'fooBar',
            value: '1',
            origin: { file: SITE_FILE, configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1', line: 4, column: 18 },
          },
        ],
      }),
    );
    const section = screen.getByRole('heading', { name: 'Other attributes' }).closest('section')!;
    expect(
      within(section)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['fooBar', '1', `${SITE_FILE} (MACHINE/WEBROOT/APPHOST/WebSite1), line 4`]);
    expect(within(section).queryByRole('textbox')).toBeNull();
  });
});

describe('read-only states (docs/session-state.md §3.6)', () => {
  it('section locked: the alert, no Apply, every control disabled (S11)', async () => {
    await openPage(
      sessionState({ sectionLocked: true, readOnly: 'This feature has been locked and is read only.' }),
    );
    expect(screen.getByRole('alert').textContent).toContain('This feature has been locked and is read only.');
    expect(actions().queryByRole('button', { name: 'Apply' })).toBeNull();
    expect(isDisabled(screen.getByRole('radio', { name: 'Not enabled' }))).toBe(true);
    for (const el of cookieFields()) expect(isDisabled(el)).toBe(true);
  });

  it('not an application: the reason, fields disabled, no Apply and no Revert (S15)', async () => {
    const reason =
      "It is an error to use a section registered as allowDefinition='MachineToApplication' beyond application level. This error can be caused by a virtual directory not being configured as an application in IIS. Session State can be changed at the server, a site or an application. Convert this folder to an application to change it here.";
    await openPage(sessionState({ target: null, readOnly: reason, attributes: { timeout: setHere('30') } }));
    expect(screen.getByRole('alert').textContent).toBe(reason);
    expect(actions().queryByRole('button', { name: 'Apply' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Revert/ })).toBeNull();
    expect(isDisabled(screen.getByRole('radio', { name: 'In process' }))).toBe(true);
  });

  it('a malformed file: the error with file, line and column (S27)', async () => {
    await openPage(
      sessionState({
        readOnly: `The file ${SITE_FILE} cannot be read: Unclosed tag <system.web>.`,
        errors: [{ file: SITE_FILE, line: 3, column: 4, message: 'Unclosed tag <system.web>.' }],
      }),
    );
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toContain(`The file ${SITE_FILE} cannot be read: Unclosed tag <system.web>.`);
    expect(
      alerts.some((t) => t?.includes(`${SITE_FILE}, line 3, column 4: Unclosed tag <system.web>.`)),
    ).toBe(true);
    expect(actions().queryByRole('button', { name: 'Apply' })).toBeNull();
  });

  it('a missing content folder: the reason before Apply, no Apply, no "Apply creates it"', async () => {
    const reason =
      'Cannot write vhosts/intranet/http/web.config: the folder vhosts/intranet/http does not exist. Create the folder, or correct the physical path of the site "Intranet" (C:\\vhosts\\intranet\\http).';
    await openPage(
      sessionState({
        target: {
          file: 'vhosts/intranet/http/web.config',
          configPath: 'MACHINE/WEBROOT/APPHOST/Intranet',
          location: null,
          exists: false,
        },
        readOnly: reason,
      }),
    );
    expect(screen.getByRole('alert').textContent).toBe(reason);
    expect(actions().queryByRole('button', { name: 'Apply' })).toBeNull();
    expect(screen.queryByText(/Apply creates it/)).toBeNull();
    expect(isDisabled(screen.getByRole('radio', { name: 'In process' }))).toBe(true);
  });

  it('a reader sees everything disabled', async () => {
    await openPage(sessionState({ attributes: { timeout: setHere('30') } }), 'reader');
    expect(isVisible(screen.getByText('Signed in as viewer (reader)'))).toBe(true);
    expect(isDisabled(screen.getByRole('radio', { name: 'State Server' }))).toBe(true);
    for (const el of cookieFields()) expect(isDisabled(el)).toBe(true);
    expect(isDisabled(applyButton())).toBe(true);
    expect(screen.queryByRole('button', { name: /^Revert/ })).toBeNull();
  });
});

describe('Create... dialogs (docs/session-state.md §3.7)', () => {
  it('State Server: Server loopback, Port 42424 → tcpip=…; OK copies into the field and marks dirty', async () => {
    const { user } = await openPage();
    await user.click(screen.getByRole('radio', { name: 'State Server' }));
    await user.click(group('State Server').getByRole('button', { name: 'Create...' }));
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Create State Server Connection String' }),
    );
    expect(input(dialog.getByRole('textbox', { name: 'Server' })).value).toBe('loopback');
    expect(input(dialog.getByRole('textbox', { name: 'Port' })).value).toBe('42424');
    await user.clear(dialog.getByRole('textbox', { name: 'Server' }));
    await user.type(dialog.getByRole('textbox', { name: 'Server' }), '::1');
    await user.clear(dialog.getByRole('textbox', { name: 'Port' }));
    await user.type(dialog.getByRole('textbox', { name: 'Port' }), '42425');
    await user.click(dialog.getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(input(group('State Server').getByRole('textbox', { name: 'Connection string' })).value).toBe(
      'tcpip=[::1]:42425',
    );
    expect(isDisabled(applyButton())).toBe(false);
  });

  it('State Server: OK is disabled for a port out of range', async () => {
    const { user } = await openPage();
    await user.click(screen.getByRole('radio', { name: 'State Server' }));
    await user.click(group('State Server').getByRole('button', { name: 'Create...' }));
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Create State Server Connection String' }),
    );
    await user.clear(dialog.getByRole('textbox', { name: 'Port' }));
    await user.type(dialog.getByRole('textbox', { name: 'Port' }), '70000');
    expect(isDisabled(dialog.getByRole('button', { name: 'OK' }))).toBe(true);
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(isDisabled(applyButton())).toBe(false); // only the mode changed
  });

  it('SQL Server: Windows Integrated Security', async () => {
    const { user } = await openPage();
    await user.click(screen.getByRole('radio', { name: 'SQL Server' }));
    await user.click(group('SQL Server').getByRole('button', { name: 'Create...' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Create SQL Server Connection String' }));
    expect(input(dialog.getByRole('textbox', { name: 'Server' })).value).toBe('localhost');
    expect(dialog.queryByRole('textbox', { name: 'Database' })).toBeNull();
    await user.clear(dialog.getByRole('textbox', { name: 'Server' }));
    await user.type(dialog.getByRole('textbox', { name: 'Server' }), 'db1');
    expect(input(dialog.getByRole('radio', { name: 'Use Windows Integrated Security' })).checked).toBe(true);
    await user.click(dialog.getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(input(group('SQL Server').getByRole('combobox', { name: 'Connection string' })).value).toBe(
      'data source=db1;Integrated Security=SSPI',
    );
  });

  it('SQL Server: credentials (OK disabled while the passwords differ) and a database with Enable custom database', async () => {
    const { user } = await openPage();
    await user.click(screen.getByRole('radio', { name: 'SQL Server' }));
    await user.click(group('SQL Server').getByRole('checkbox', { name: 'Enable custom database' }));
    await user.click(group('SQL Server').getByRole('button', { name: 'Create...' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Create SQL Server Connection String' }));
    await user.type(dialog.getByRole('textbox', { name: 'Database' }), 'Sessions');
    await user.click(dialog.getByRole('radio', { name: 'Specify credentials' }));
    await user.type(dialog.getByRole('textbox', { name: 'User name' }), 'sa');
    await user.type(dialog.getByLabelText('Password'), 'secret');
    await user.type(dialog.getByLabelText('Confirm password'), 'secreX');
    expect(isDisabled(dialog.getByRole('button', { name: 'OK' }))).toBe(true);
    const confirmPassword = dialog.getByLabelText('Confirm password');
    expect(confirmPassword.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(confirmPassword)).toBe('The passwords do not match.');
    await user.clear(dialog.getByLabelText('Confirm password'));
    await user.type(dialog.getByLabelText('Confirm password'), 'secret');
    expect(isDisabled(dialog.getByRole('button', { name: 'OK' }))).toBe(false);
    await user.click(dialog.getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(input(group('SQL Server').getByRole('combobox', { name: 'Connection string' })).value).toBe(
      'data source=localhost;user id=sa;password=secret;Initial Catalog=Sessions',
    );
    expect(isDisabled(applyButton())).toBe(false);
  });
});
