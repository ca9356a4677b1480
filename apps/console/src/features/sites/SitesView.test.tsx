// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SitesOverviewItem, SiteWriteResponse } from '@iis-console/contracts';
import { apiError, type RecordedRequest } from '../../test/mockApi';
import { isVisible } from '../../test/dom';
import { renderApp } from '../../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const ETAG = '"etag-1"';
const REASON = 'This host has no W3SVC: the status of sites is not known.';

function siteRow(name: string, id: number, extra: Partial<SitesOverviewItem> = {}): SitesOverviewItem {
  return {
    path: name,
    configPath: `MACHINE/WEBROOT/APPHOST/${name}`,
    kind: 'site',
    mode: 'InProc',
    origin: 'default',
    stateConnectionString: 'tcpip=loopback:42424',
    sqlConnectionString: '',
    cookieless: 'UseCookies',
    timeout: '20',
    warnings: [],
    physicalPath: `%SystemDrive%\\inetpub\\${name}`,
    applicationPool: 'DefaultAppPool',
    site: {
      name,
      id: String(id),
      status: 'Unknown',
      bindings: [{ protocol: 'http', bindingInformation: `*:${80 + id}:` }],
      binding: `*:${80 + id} (http)`,
      physicalPath: `%SystemDrive%\\inetpub\\${name}`,
      applicationPool: 'DefaultAppPool',
      serverAutoStart: true,
    },
    ...extra,
  };
}

const WEB_GARDEN = {
  code: 'InProcWebGarden' as const,
  severity: 'error' as const,
  field: 'mode',
  message: "Application pool 'Garden' runs 4 worker processes (a web garden).",
};

const ROWS: SitesOverviewItem[] = [
  siteRow('WebSite1', 1, { warnings: [WEB_GARDEN] }),
  {
    ...siteRow('WebSite1/app', 0, {
      kind: 'application',
      physicalPath: 'C:\\app',
      applicationPool: 'Garden',
    }),
    site: undefined,
  },
  siteRow('WebSite2', 2),
];

const overview = (rows = ROWS) => ({
  body: { items: rows, total: rows.length, statusReason: REASON, etag: ETAG },
  headers: { etag: ETAG },
});

function written(extra: Partial<SiteWriteResponse> = {}): { body: SiteWriteResponse } {
  return { body: { etag: '"etag-2"', changed: true, warnings: [], statusReason: REASON, ...extra } };
}

const POOLS = {
  body: { items: [{ name: 'DefaultAppPool' }, { name: 'Garden' }], statusReason: null, etag: ETAG },
};

const actions = () => within(screen.getByRole('region', { name: 'Actions' }));
const action = (name: string) => actions().getByRole('button', { name });
const isDisabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled;

describe('the Sites node', () => {
  it('shows IIS Manager’s columns with the session state review; pages, sorts and filters on the server', async () => {
    const pageOf = (r: RecordedRequest) => {
      const page = Number(r.query.get('page'));
      const rows = Array.from({ length: 50 }, (_, i) => siteRow(`Site${(page - 1) * 50 + i + 1}`, i + 1));
      return { body: { items: rows, total: 10_000, statusReason: REASON, etag: ETAG } };
    };
    const { user, api } = renderApp('/sites', { 'GET /api/sites/overview': pageOf });
    const table = await screen.findByRole('grid', { name: 'Sites' });
    await within(table).findByRole('link', { name: 'Site1' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Name▲', 'ID', 'Status', 'Binding', 'Path', 'Mode', 'Set in', 'Warnings']);
    const first = within(table).getAllByRole('row')[1]!;
    expect(
      within(first)
        .getAllByRole('gridcell')
        .map((c) => c.textContent),
    ).toEqual([
      'Site1',
      '1',
      'Unknown',
      '*:81 (http)',
      '%SystemDrive%\\inetpub\\Site1',
      'InProc',
      'Default',
      '',
    ]);
    expect(isVisible(screen.getByText('Page 1 of 200'))).toBe(true);
    expect(api.sent('GET /api/sites/overview')[0]?.query.toString()).toBe(
      'page=1&pageSize=50&filter=&sort=path',
    );

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await within(table).findByRole('link', { name: 'Site51' });

    const warnings = () => within(table).getByRole('columnheader', { name: /^Warnings/ });
    await user.click(within(warnings()).getByRole('button'));
    await waitFor(() => expect(warnings().getAttribute('aria-sort')).toBe('ascending'));
    expect(api.requests.at(-1)?.query.get('sort')).toBe('warnings');
    expect(api.requests.at(-1)?.query.get('page')).toBe('1');
    await user.click(within(warnings()).getByRole('button'));
    await waitFor(() => expect(warnings().getAttribute('aria-sort')).toBe('descending'));
    expect(api.requests.at(-1)?.query.get('sort')).toBe('-warnings');
    for (const [label, key] of [
      ['ID', 'id'],
      ['Binding', 'binding'],
      ['Path', 'physicalPath'],
    ] as const) {
      const header = () => within(table).getByRole('columnheader', { name: new RegExp(`^${label}`) });
      await user.click(within(header()).getByRole('button'));
      await waitFor(() => expect(header().getAttribute('aria-sort')).toBe('ascending'));
      expect(api.requests.at(-1)?.query.get('sort')).toBe(key);
    }
    expect(within(table).getByRole('columnheader', { name: 'Status' }).querySelector('button')).toBeNull();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'InProcWebGarden');
    await waitFor(() => expect(api.requests.at(-1)?.query.get('warning')).toBe('InProcWebGarden'));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'any');
    await waitFor(() => expect(api.requests.at(-1)?.query.get('warning')).toBe('any'));

    await user.type(screen.getByRole('textbox', { name: 'Filter' }), 'Site0001');
    await waitFor(() => expect(api.requests.at(-1)?.query.get('filter')).toBe('Site0001'));
    expect(api.requests.at(-1)?.query.get('warning')).toBe('any');
  });

  it('shows each row’s warnings; a row selects by keyboard and the Actions act on it', async () => {
    const { user } = renderApp('/sites', { 'GET /api/sites/overview': overview() });
    const table = await screen.findByRole('grid', { name: 'Sites' });
    const row = (name: string) =>
      within(table)
        .getAllByRole('row')
        .find((r) => within(r).queryByRole('link', { name }))!;
    await within(table).findByRole('link', { name: 'WebSite1' });
    const badge = within(row('WebSite1')).getByText('InProcWebGarden');
    expect(badge.getAttribute('title')).toBe(WEB_GARDEN.message);
    expect(row('WebSite1').textContent).toContain('Error: InProcWebGarden');

    // Nothing selected: only Add Website….
    expect(isDisabled(action('Add Website...'))).toBe(false);
    expect(actions().queryByRole('button', { name: 'Edit Bindings...' })).toBeNull();

    row('WebSite1').focus();
    await user.keyboard('{ArrowDown}');
    expect(row('WebSite1/app').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(row('WebSite1/app'));
    expect(isDisabled(action('Add Application...'))).toBe(false);
    expect(actions().queryByRole('button', { name: 'Edit Bindings...' })).toBeNull();

    await user.keyboard('{ArrowUp}');
    expect(row('WebSite1').getAttribute('aria-selected')).toBe('true');
    for (const name of ['Edit Bindings...', 'Basic Settings...', 'Advanced Settings...', 'Remove'])
      expect(isDisabled(action(name))).toBe(false);
    // Status Unknown: Start and Stop are unavailable, and the pane says why.
    expect(isDisabled(action('Start'))).toBe(true);
    expect(isDisabled(action('Stop'))).toBe(true);
    expect(actions().getByText(REASON)).toBeTruthy();
  });

  it('Add Website: IIS Manager’s fields, If-Match, the duplicate binding question, then the warning and a fresh tree', async () => {
    let posts = 0;
    const { user, api } = renderApp('/sites', {
      'GET /api/sites/overview': overview(),
      'GET /api/application-pools': POOLS,
      'POST /api/sites': (r) => {
        posts++;
        const body = r.body as { allowDuplicateBinding?: boolean };
        if (!body.allowDuplicateBinding)
          return apiError(
            409,
            'DUPLICATE_BINDING',
            "The binding '*:80:' is assigned to another site. If you assign the same binding to this site, you will only be able to start one of the sites. Are you sure that you want to add this duplicate binding?",
          );
        return {
          status: 201,
          body: written({ created: 'Shop', warnings: ["The binding '*:80:' is assigned to another site."] })
            .body,
        };
      },
    });
    await screen.findByRole('grid', { name: 'Sites' });
    await user.click(action('Add Website...'));
    const dialog = await screen.findByRole('dialog', { name: 'Add Website' });
    const ok = within(dialog).getByRole('button', { name: 'OK' });
    expect(isDisabled(ok)).toBe(true);
    await user.type(within(dialog).getByRole('textbox', { name: 'Site name' }), 'Shop');
    await waitFor(() =>
      expect(
        (within(dialog).getByRole('combobox', { name: 'Application pool' }) as HTMLSelectElement).value,
      ).toBe('DefaultAppPool'),
    );
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Application pool' }), 'Garden');
    await user.type(within(dialog).getByRole('textbox', { name: 'Physical path' }), 'C:\\inetpub\\shop');
    expect((within(dialog).getByRole('textbox', { name: 'IP address' }) as HTMLInputElement).value).toBe(
      'All Unassigned',
    );
    expect((within(dialog).getByRole('textbox', { name: 'Port' }) as HTMLInputElement).value).toBe('80');
    await user.type(within(dialog).getByRole('textbox', { name: 'Host name' }), 'shop.example');
    const start = within(dialog).getByRole('checkbox', { name: 'Start Website immediately' });
    expect((start as HTMLInputElement).checked).toBe(true);
    await user.click(start);
    const treeReads = api.sent('GET /api/tree').length;
    await user.click(ok);

    const question = await screen.findByRole('alertdialog', { name: 'Site Bindings' });
    expect(question.textContent).toContain('you will only be able to start one of the sites');
    const first = api.sent('POST /api/sites')[0]!;
    expect(first.headers['if-match']).toBe(ETAG);
    expect(first.body).toEqual({
      name: 'Shop',
      physicalPath: 'C:\\inetpub\\shop',
      applicationPool: 'Garden',
      bindings: [{ protocol: 'http', bindingInformation: '*:80:shop.example' }],
      serverAutoStart: false,
    });
    await user.click(within(question).getByRole('button', { name: 'Yes' }));
    await waitFor(() => expect(posts).toBe(2));
    expect(api.sent('POST /api/sites')[1]!.body).toMatchObject({ name: 'Shop', allowDuplicateBinding: true });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add Website' })).toBeNull());
    expect((await screen.findByRole('status')).textContent).toContain("The binding '*:80:' is assigned");
    await waitFor(() => expect(api.sent('GET /api/tree').length).toBeGreaterThan(treeReads));
  });

  it('Add Website: a name that is taken shows IIS’s message in the dialog, which stays open', async () => {
    const message =
      "Cannot add duplicate collection entry of type 'site' with unique key attribute 'name' set to 'WebSite1'";
    const { user } = renderApp('/sites', {
      'GET /api/sites/overview': overview(),
      'GET /api/application-pools': POOLS,
      'POST /api/sites': apiError(400, 'VALIDATION', message),
    });
    await screen.findByRole('grid', { name: 'Sites' });
    await user.click(action('Add Website...'));
    const dialog = await screen.findByRole('dialog', { name: 'Add Website' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Site name' }), 'WebSite1');
    await user.type(within(dialog).getByRole('textbox', { name: 'Physical path' }), 'C:\\x');
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(message);
  });

  it('Edit Bindings: Add… sends the whole list with If-Match; a stale ETag offers Reload', async () => {
    let puts = 0;
    const { user, api } = renderApp('/sites', {
      'GET /api/sites/overview': overview(),
      'PUT /api/sites/WebSite1/bindings': (r) => {
        puts++;
        if (puts === 2)
          return apiError(
            412,
            'PRECONDITION',
            'The configuration was changed by someone else since it was read. Reload to see the current values.',
          );
        const bindings = (r.body as { bindings: unknown[] }).bindings;
        return written({ site: { ...ROWS[0]!.site!, bindings: bindings as never } });
      },
    });
    const table = await screen.findByRole('grid', { name: 'Sites' });
    await user.click(await within(table).findByText('*:81 (http)'));
    await user.click(action('Edit Bindings...'));
    const dialog = await screen.findByRole('dialog', { name: 'Site Bindings' });
    const list = within(dialog).getByRole('listbox', { name: 'Site bindings' });
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['*:81 (http)']);

    await user.click(within(dialog).getByRole('button', { name: 'Add...' }));
    const add = await screen.findByRole('dialog', { name: 'Add Site Binding' });
    await user.selectOptions(within(add).getByRole('combobox', { name: 'Type' }), 'https');
    expect((within(add).getByRole('textbox', { name: 'Port' }) as HTMLInputElement).value).toBe('443');
    await user.type(within(add).getByRole('textbox', { name: 'Host name' }), 'blog.example');
    await user.click(within(add).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));
    const sent = api.sent('PUT /api/sites/WebSite1/bindings')[0]!;
    expect(sent.headers['if-match']).toBe(ETAG);
    expect(sent.body).toEqual({
      bindings: [
        { protocol: 'http', bindingInformation: '*:81:' },
        { protocol: 'https', bindingInformation: '*:443:blog.example' },
      ],
    });

    // The next change goes with the ETag the last write returned; this one is refused as stale.
    await user.selectOptions(list, '0');
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    const ask = await screen.findByRole('alertdialog', { name: 'Site Bindings' });
    await user.click(within(ask).getByRole('button', { name: 'Yes' }));
    const alert = await within(dialog).findByRole('alert');
    expect(api.sent('PUT /api/sites/WebSite1/bindings')[1]!.headers['if-match']).toBe('"etag-2"');
    expect(alert.textContent).toContain('changed by someone else');
    const reads = api.sent('GET /api/sites/overview').length;
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(api.sent('GET /api/sites/overview').length).toBeGreaterThan(reads));
  });

  it('Remove asks first and says the content on disk stays; Yes removes the site', async () => {
    const { user, api } = renderApp('/sites', {
      'GET /api/sites/overview': overview(),
      'DELETE /api/sites/WebSite2': written({ removed: 'WebSite2' }),
    });
    const table = await screen.findByRole('grid', { name: 'Sites' });
    await user.click(await within(table).findByText('*:82 (http)'));
    await user.click(action('Remove'));
    const ask = await screen.findByRole('alertdialog', { name: 'Confirm Remove' });
    expect(ask.textContent).toContain('Are you sure that you want to remove the site "WebSite2"?');
    expect(ask.textContent).toContain('its content on disk is not deleted');
    await user.click(within(ask).getByRole('button', { name: 'No' }));
    expect(api.sent('DELETE /api/sites/WebSite2')).toHaveLength(0);
    await user.click(action('Remove'));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Yes' }));
    await waitFor(() => expect(api.sent('DELETE /api/sites/WebSite2')).toHaveLength(1));
    expect(api.sent('DELETE /api/sites/WebSite2')[0]!.headers['if-match']).toBe(ETAG);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('Advanced Settings sends only what changed', async () => {
    const { user, api } = renderApp('/sites', {
      'GET /api/sites/overview': overview(),
      'GET /api/application-pools': POOLS,
      'PATCH /api/sites/WebSite2': written(),
    });
    const table = await screen.findByRole('grid', { name: 'Sites' });
    await user.click(await within(table).findByText('*:82 (http)'));
    await user.click(action('Advanced Settings...'));
    const dialog = await screen.findByRole('dialog', { name: 'Advanced Settings' });
    const id = within(dialog).getByRole('textbox', { name: 'ID' });
    await user.clear(id);
    await user.type(id, '7');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Start Automatically' }), 'false');
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(api.sent('PATCH /api/sites/WebSite2')).toHaveLength(1));
    expect(api.sent('PATCH /api/sites/WebSite2')[0]!.body).toEqual({ id: '7', serverAutoStart: false });
  });

  it('a reader sees the list and every action disabled', async () => {
    renderApp('/sites', { 'GET /api/sites/overview': overview() }, { role: 'reader' });
    const table = await screen.findByRole('grid', { name: 'Sites' });
    await within(table).findByRole('link', { name: 'WebSite1' });
    expect(isDisabled(action('Add Website...'))).toBe(true);
    expect(actions().getByText('Read-only: you are signed in as a reader.')).toBeTruthy();
  });
});

describe('a node of the Connections tree', () => {
  it('a virtual directory offers Convert to Application (the serving application’s pool by default)', async () => {
    const { user, api } = renderApp('/level/WebSite2%2Fhelp', {
      'GET /api/sites/overview': overview(),
      'GET /api/application-pools': POOLS,
      'POST /api/applications/convert': written({ created: 'WebSite2/help' }),
    });
    await screen.findByRole('region', { name: 'Actions' });
    await user.click(await actions().findByRole('button', { name: 'Convert to Application' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add Application' });
    expect((within(dialog).getByRole('textbox', { name: 'Alias' }) as HTMLInputElement).value).toBe('help');
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(api.sent('POST /api/applications/convert')).toHaveLength(1));
    expect(api.sent('POST /api/applications/convert')[0]!.body).toEqual({
      path: 'WebSite2/help',
      applicationPool: 'DefaultAppPool',
    });
    // The serving site's row (and the ETag) came from the Sites route, filtered by its path.
    expect(api.sent('GET /api/sites/overview')[0]!.query.get('filter')).toBe('WebSite2');
    expect(api.sent('POST /api/applications/convert')[0]!.headers['if-match']).toBe(ETAG);
    expect(actions().queryByRole('button', { name: 'Add Application...' })).toBeNull();
  });

  it('an application offers Add Application… and Add Virtual Directory… below it', async () => {
    const { user, api } = renderApp('/level/WebSite1%2Fapp', {
      'GET /api/sites/overview': overview(),
      'GET /api/application-pools': POOLS,
      'POST /api/virtual-directories': { status: 201, body: written({ created: 'WebSite1/app/docs' }).body },
    });
    await screen.findByRole('region', { name: 'Actions' });
    await user.click(await actions().findByRole('button', { name: 'Add Virtual Directory...' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add Virtual Directory' });
    expect((within(dialog).getByRole('textbox', { name: 'Path' }) as HTMLInputElement).value).toBe('/app');
    await user.type(within(dialog).getByRole('textbox', { name: 'Alias' }), 'docs');
    await user.type(within(dialog).getByRole('textbox', { name: 'Physical path' }), 'C:\\docs');
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(api.sent('POST /api/virtual-directories')).toHaveLength(1));
    expect(api.sent('POST /api/virtual-directories')[0]!.body).toEqual({
      parent: 'WebSite1/app',
      alias: 'docs',
      physicalPath: 'C:\\docs',
    });
    expect(actions().queryByRole('button', { name: 'Convert to Application' })).toBeNull();
  });
});
