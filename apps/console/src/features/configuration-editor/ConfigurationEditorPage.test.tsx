// @vitest-environment happy-dom
// The Configuration Editor on the one editor hook, against mocked routes: the grid with origins and
// locks, Apply's change object, the collection editor, Lock Attribute, Generate Script and Config Error.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttributeValue, SectionResponse } from '@iis-console/contracts';
import { sectionAtWebSite1, SITE_FILE } from '../../test/fixtures';
import { apiError } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const APPHOST_FILE = 'Windows/System32/inetsrv/config/applicationHost.config';
const URL = '/level/WebSite1/configuration-editor?section=system.webServer%2FdefaultDocument';

const origin = (file: string, configPath: string, line = 3) => ({ file, configPath, line, column: 5 });

function attr(name: string, over: Partial<AttributeValue> = {}): AttributeValue {
  return {
    name,
    type: 'string',
    value: '',
    origin: 'default',
    local: false,
    locked: false,
    defaultValue: '',
    ...over,
  };
}

function defaultDocument(over: Partial<SectionResponse> = {}): SectionResponse {
  return sectionAtWebSite1({
    section: 'system.webServer/defaultDocument',
    attributes: {
      enabled: attr('enabled', {
        type: 'bool',
        value: 'true',
        defaultValue: 'true',
        origin: origin(APPHOST_FILE, 'MACHINE/WEBROOT/APPHOST', 40),
      }),
    },
    elements: {
      files: {
        name: 'files',
        path: 'files',
        attributes: {},
        elements: {},
        locked: false,
        unknownAttributes: [],
        collection: {
          addElement: ['add'],
          removeElement: 'remove',
          clearElement: 'clear',
          keys: ['value'],
          allowDuplicates: false,
          mergeAppend: false,
          lockedElements: [],
          items: [
            {
              elementName: 'add',
              key: { value: 'index.html' },
              attributes: { value: attr('value', { value: 'index.html', isKey: true }) },
              elements: {},
              origin: origin(APPHOST_FILE, 'MACHINE/WEBROOT/APPHOST', 45),
              local: false,
              locked: true,
            },
            {
              elementName: 'add',
              key: { value: 'home1.html' },
              attributes: { value: attr('value', { value: 'home1.html', isKey: true, local: true }) },
              elements: {},
              origin: origin(SITE_FILE, 'MACHINE/WEBROOT/APPHOST/WebSite1', 4),
              local: true,
              locked: false,
            },
          ],
        },
      },
    },
    declaration: { allowDefinition: 'Everywhere', overrideModeDefault: 'Allow', file: null },
    etag: '"s1"',
    ...over,
  });
}

const SECTIONS = {
  items: [
    {
      name: 'system.webServer/defaultDocument',
      allowDefinition: 'Everywhere',
      overrideModeDefault: 'Allow',
      allowedHere: true,
    },
    {
      name: 'system.webServer/directoryBrowse',
      allowDefinition: 'Everywhere',
      overrideModeDefault: 'Allow',
      allowedHere: true,
    },
    { name: 'appSettings', allowDefinition: 'Everywhere', overrideModeDefault: 'Allow', allowedHere: true },
  ],
};

async function open(view: SectionResponse = defaultDocument(), role?: 'reader') {
  const app = renderApp(
    URL,
    {
      'GET /api/config/sections': { body: SECTIONS },
      'GET /api/config/section': { body: view, headers: { etag: view.etag } },
      'GET /api/config/section/local-locks': { body: { elements: {} } },
    },
    role ? { role } : {},
  );
  await screen.findByRole('table', { name: 'Properties of system.webServer/defaultDocument' });
  return app;
}

const actions = () => within(screen.getByRole('region', { name: 'Actions' }));
const isDisabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled;
const grid = () =>
  within(screen.getByRole('table', { name: 'Properties of system.webServer/defaultDocument' }));

describe('Configuration Editor', () => {
  it('shows every attribute with its origin, reads at the level From names, and Apply sends the change with If-Match', async () => {
    const { user, api } = await open();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Configuration Editor');
    const [read] = api.sent('GET /api/config/section');
    expect(read?.query.get('section')).toBe('system.webServer/defaultDocument');
    expect(read?.query.get('path')).toBe('WebSite1');
    expect((screen.getByRole('combobox', { name: 'From:' }) as HTMLSelectElement).value).toBe('APP');
    expect(
      screen.getByText(`Changes are written to ${SITE_FILE} (MACHINE/WEBROOT/APPHOST/WebSite1)`),
    ).toBeTruthy();
    const enabled = grid().getByRole('combobox', { name: 'enabled' }) as HTMLSelectElement;
    expect(enabled.value).toBe('true');
    expect(enabled.closest('tr')?.textContent).toContain(
      `Inherited from ${APPHOST_FILE} (MACHINE/WEBROOT/APPHOST)`,
    );
    expect(grid().getByRole('row', { name: /files/ }).textContent).toContain('(Count=2)');
    expect(isDisabled(actions().getByRole('button', { name: 'Apply' }))).toBe(true);

    await user.selectOptions(enabled, 'false');
    expect(isDisabled(actions().getByRole('button', { name: 'Apply' }))).toBe(false);
    api.on('PATCH /api/config/section', { body: defaultDocument({ etag: '"s2"' }) });
    await user.click(actions().getByRole('button', { name: 'Apply' }));
    await screen.findByText('The changes have been successfully saved.');
    const [patch] = api.sent('PATCH /api/config/section');
    expect(patch?.headers['if-match']).toBe('"s1"');
    expect(patch?.query.get('path')).toBe('WebSite1');
    expect(patch?.body).toEqual({ attributes: { enabled: 'false' } });
  });

  it('the collection editor marks inherited entries, keeps locked ones, adds and removes; Apply sends the collection edits in order', async () => {
    const { user, api } = await open();
    await user.click(grid().getByRole('button', { name: 'Edit Items… of files' }));
    const dialog = within(
      await screen.findByRole('dialog', {
        name: 'Collection Editor - system.webServer/defaultDocument/files',
      }),
    );
    const rows = within(dialog.getByRole('table', { name: 'Items' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('index.html — select this entryInherited (locked)MACHINE/WEBROOT/APPHOST'),
      expect.stringContaining('home1.html — select this entryLocalMACHINE/WEBROOT/APPHOST/WebSite1'),
    ]);
    await user.click(dialog.getByRole('button', { name: /^index.html/ }));
    expect(isDisabled(dialog.getByRole('button', { name: 'Remove' }))).toBe(true);
    await user.click(dialog.getByRole('button', { name: /^home1.html/ }));
    await user.click(dialog.getByRole('button', { name: 'Remove' }));
    await user.click(dialog.getByRole('button', { name: 'Add' }));
    await user.type(dialog.getByRole('textbox', { name: 'value' }), 'home.html');
    const items = within(dialog.getByRole('table', { name: 'Items' }));
    expect(
      items
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.textContent),
    ).toEqual([
      expect.stringContaining('index.html'),
      expect.stringContaining('home.html — select this entryLocal (not applied)'),
    ]);
    await user.click(dialog.getByRole('button', { name: 'Close' }));
    api.on('PATCH /api/config/section', { body: defaultDocument({ etag: '"s2"' }) });
    await user.click(actions().getByRole('button', { name: 'Apply' }));
    await screen.findByText('The changes have been successfully saved.');
    expect(api.sent('PATCH /api/config/section')[0]?.body).toEqual({
      collections: {
        files: [
          { op: 'remove', key: { value: 'home1.html' } },
          { op: 'add', attributes: { value: 'home.html' } },
        ],
      },
    });
  });

  it('a locked attribute is read-only with the reason; Lock Attribute adds the selected one to lockAttributes', async () => {
    const view = defaultDocument();
    view.attributes.enabled = {
      ...view.attributes.enabled!,
      locked: true,
      lockedBy: origin(APPHOST_FILE, 'MACHINE/WEBROOT/APPHOST', 40),
    };
    view.attributes.extra = attr('extra', { value: 'x' });
    const { user, api } = await open(view);
    const enabled = grid().getByRole('combobox', { name: 'enabled' });
    expect(isDisabled(enabled)).toBe(true);
    expect(enabled.closest('tr')?.textContent).toContain(`Locked by ${APPHOST_FILE}`);
    const extra = grid().getByRole('textbox', { name: 'extra' });
    await user.click(extra);
    await user.click(actions().getByRole('button', { name: 'Lock Attribute' }));
    expect(isDisabled(actions().getByRole('button', { name: 'Unlock Attribute' }))).toBe(false);
    expect(extra.closest('tr')?.textContent).toContain('Locked at this level for the levels below');
    api.on('PATCH /api/config/section', { body: defaultDocument({ etag: '"s2"' }) });
    await user.click(actions().getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(api.sent('PATCH /api/config/section')).toHaveLength(1));
    expect(api.sent('PATCH /api/config/section')[0]?.body).toEqual({
      attributes: { lockAttributes: 'extra' },
    });
  });

  it('Generate Script shows the pending change as appcmd, PowerShell and C#', async () => {
    const { user } = await open();
    await user.selectOptions(grid().getByRole('combobox', { name: 'enabled' }), 'false');
    await user.click(actions().getByRole('button', { name: 'Generate Script' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Script Dialog' }));
    expect(dialog.getByLabelText('AppCmd script').textContent).toBe(
      'appcmd.exe set config "WebSite1" -section:system.webServer/defaultDocument /enabled:"false"',
    );
    await user.click(dialog.getByRole('tab', { name: 'PowerShell' }));
    expect(dialog.getByLabelText('PowerShell script').textContent).toContain(
      "Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST/WebSite1' -Filter 'system.webServer/defaultDocument' -Name 'enabled' -Value 'false'",
    );
  });

  it('a reader sees the grid read-only and no Apply', async () => {
    await open(defaultDocument(), 'reader');
    expect(isDisabled(grid().getByRole('combobox', { name: 'enabled' }))).toBe(true);
    expect(actions().queryByRole('button', { name: 'Lock Attribute' })?.hasAttribute('disabled')).toBe(true);
  });

  it('a malformed file: the Config Error view with file, line, column and the line in context', async () => {
    const { api } = renderApp(URL, {
      'GET /api/config/sections': { body: SECTIONS },
      'GET /api/config/section': apiError(422, 'CONFIG_FILE', 'Configuration file is not well-formed XML', {
        file: SITE_FILE,
        line: 3,
        column: 7,
      }),
      'GET /api/config/file-excerpt': {
        body: {
          file: SITE_FILE,
          lines: [
            { number: 2, text: '<configuration>' },
            { number: 3, text: '  <system.webServer' },
          ],
        },
      },
    });
    await screen.findByRole('heading', { name: 'Config Error' });
    const details = within(screen.getByRole('region', { name: 'Config Error 1' }));
    expect(details.getByText(SITE_FILE)).toBeTruthy();
    expect(details.getByText('3')).toBeTruthy();
    expect(details.getByText('7')).toBeTruthy();
    expect(details.getByText('Configuration file is not well-formed XML')).toBeTruthy();
    await waitFor(() => expect(api.sent('GET /api/config/file-excerpt')).toHaveLength(1));
    expect(api.sent('GET /api/config/file-excerpt')[0]?.query.get('line')).toBe('3');
    const source = await screen.findByLabelText(`Lines of ${SITE_FILE} around line 3`);
    expect(source.textContent).toContain('  <system.webServer');
    // The rest of the console keeps working.
    expect(screen.getByRole('tree', { name: 'Connections' })).toBeTruthy();
  });
});
