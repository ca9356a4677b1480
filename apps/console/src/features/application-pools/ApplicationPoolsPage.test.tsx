// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { descriptionOf } from '../../test/dom';
import { apiError, type RecordedRequest } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';
import { STALE_MESSAGE } from '../../editor/useConfigEditor';
import { NOT_WINDOWS, poolItem, poolList, poolSettings, poolsSection } from './testPools';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const POOLS = [
  poolItem('DefaultAppPool', { applications: 3 }),
  poolItem('Shop', { managedRuntimeVersion: '', managedPipelineMode: 'Classic', identity: 'NetworkService' }),
];

function routes(extra: Record<string, unknown> = {}) {
  return {
    'GET /api/application-pools': { body: poolList(POOLS), headers: { etag: '"e1"' } },
    'GET /api/config/section': {
      body: poolsSection([poolSettings('DefaultAppPool'), poolSettings('Shop', { schedule: ['03:00:00'] })]),
    },
    ...extra,
  } as Parameters<typeof renderApp>[1];
}

async function openPage(
  extra: Record<string, unknown> = {},
  role: 'administrator' | 'reader' = 'administrator',
) {
  const app = renderApp('/application-pools', routes(extra), { role });
  const grid = await screen.findByRole('grid', { name: 'Application Pools' });
  await within(grid).findByText('Shop');
  return { ...app, grid };
}

const actions = () => within(screen.getByRole('region', { name: 'Actions' }));

/** Selects a pool's row with the keyboard: focus the grid's row, then arrows. */
async function selectPool(user: ReturnType<typeof renderApp>['user'], grid: HTMLElement, name: string) {
  await user.click(within(grid).getByText(name));
  await waitFor(() => expect(within(grid).getByRole('row', { selected: true }).textContent).toContain(name));
}

const written = (r: RecordedRequest | undefined) => ({ body: r?.body, ifMatch: r?.headers['if-match'] });

describe('the list', () => {
  it('shows IIS Manager’s columns, and the node under the server before Sites', async () => {
    const { grid } = await openPage();
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Name', 'Status', '.NET CLR Version', 'Managed Pipeline Mode', 'Identity', 'Applications']);
    const shop = within(grid).getAllByRole('row')[2]!;
    expect(
      within(shop)
        .getAllByRole('gridcell')
        .map((c) => c.textContent),
    ).toEqual(['Shop', 'Unknown', 'No Managed Code', 'Classic', 'NetworkService', '0']);
    const tree = within(screen.getByRole('tree', { name: 'Connections' }));
    expect(
      tree
        .getAllByRole('treeitem')
        .map((t) => t.textContent)
        .slice(0, 3),
    ).toEqual(['IISHOST', 'Application Pools', 'Sites']);
    expect(tree.getByRole('treeitem', { name: 'Application Pools' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(screen.getByRole('navigation', { name: 'Address' }).textContent).toBe(
      'IISHOST › Application Pools',
    );
  });

  it('moves the selection with the arrow keys; Start, Stop and Recycle... say why they are unavailable', async () => {
    const { user, grid, api } = await openPage();
    expect(actions().queryByRole('button', { name: 'Start' })).toBeNull();
    const rows = within(grid).getAllByRole('row');
    expect(rows[1]!.tabIndex).toBe(0);
    rows[1]!.focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement).toBe(rows[2]));
    expect(rows[2]!.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Home}');
    await waitFor(() => expect(rows[1]!.getAttribute('aria-selected')).toBe('true'));

    for (const name of ['Start', 'Stop', 'Recycle...']) {
      const button = actions().getByRole('button', { name });
      expect(button.getAttribute('aria-disabled')).toBe('true');
      expect(descriptionOf(button)).toBe(NOT_WINDOWS);
    }
    await user.click(actions().getByRole('button', { name: 'Start' }));
    expect(api.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('starts a pool where W3SVC answers', async () => {
    // W3SVC's state as the server reports it: Stopped until the start.
    let status: 'Stopped' | 'Started' = 'Stopped';
    const list = () => ({ body: poolList([poolItem('Shop', { status })]) });
    const { user, grid, api } = await openPage({
      'GET /api/application-pools': list,
      'POST /api/application-pools/Shop/start': () => {
        status = 'Started';
        return list();
      },
    });
    await selectPool(user, grid, 'Shop');
    expect(actions().getByRole('button', { name: 'Stop' }).getAttribute('aria-disabled')).toBe('true');
    await user.click(actions().getByRole('button', { name: 'Start' }));
    await within(grid).findByText('Started');
    expect(api.sent('POST /api/application-pools/Shop/start')).toHaveLength(1);
  });
});

describe('Add Application Pool...', () => {
  it('sends IIS Manager’s fields with the ETag and shows the server’s refusal next to Name', async () => {
    const { user, api } = await openPage({
      'POST /api/application-pools': apiError(
        400,
        'VALIDATION',
        "The 'name' attribute is invalid.  Invalid application pool name",
        {
          errors: [
            {
              attribute: 'name',
              rule: 'VALUE',
              message: "The 'name' attribute is invalid.  Invalid application pool name",
            },
          ],
        },
      ),
    });
    await user.click(actions().getByRole('button', { name: 'Add Application Pool...' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Add Application Pool' }));
    expect(
      within(dialog.getByRole('combobox', { name: '.NET CLR version' }) as HTMLElement)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['.NET CLR Version v4.0.30319', '.NET CLR Version v2.0.50727', 'No Managed Code']);
    expect(
      (dialog.getByRole('checkbox', { name: 'Start application pool immediately' }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    await user.type(dialog.getByRole('textbox', { name: 'Name' }), 'a|b');
    await user.selectOptions(dialog.getByRole('combobox', { name: '.NET CLR version' }), 'No Managed Code');
    await user.selectOptions(dialog.getByRole('combobox', { name: 'Managed pipeline mode' }), 'Classic');
    await user.click(dialog.getByRole('button', { name: 'OK' }));
    const name = dialog.getByRole('textbox', { name: 'Name' });
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(descriptionOf(name)).toContain('Invalid application pool name');
    expect(written(api.sent('POST /api/application-pools')[0])).toEqual({
      body: { name: 'a|b', managedRuntimeVersion: '', managedPipelineMode: 'Classic', autoStart: true },
      ifMatch: '"e1"',
    });

    const after = poolList([...POOLS, poolItem('Api')], '"e2"');
    api.on('POST /api/application-pools', { status: 201, body: { ...after, changed: true } });
    api.on('GET /api/application-pools', { body: after });
    await user.clear(name);
    await user.type(name, 'Api');
    await user.click(dialog.getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const grid = screen.getByRole('grid', { name: 'Application Pools' });
    await waitFor(() =>
      expect(within(grid).getByRole('row', { selected: true }).textContent).toContain('Api'),
    );
    expect(screen.getByRole('status').textContent).toBe('The changes have been successfully saved.');
  });
});

describe('Advanced Settings...', () => {
  it('edits Idle Time-out in minutes and Maximum Worker Processes; the server’s message shows at the field', async () => {
    const { user, grid, api } = await openPage({
      'PATCH /api/application-pools/Shop': apiError(400, 'VALIDATION', 'Timespan value must be between…', {
        errors: [
          {
            attribute: "[name='Shop'].processModel.idleTimeout",
            rule: 'VALUE',
            message:
              'Timespan value must be between 00:00:00 and 30.00:00:00 seconds inclusive, with a granularity of 60 seconds',
          },
        ],
      }),
    });
    await selectPool(user, grid, 'Shop');
    await user.click(actions().getByRole('button', { name: 'Advanced Settings...' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Advanced Settings' }));
    const model = within(dialog.getByRole('rowgroup', { name: 'Process Model' }));
    const idle = model.getByRole('textbox', { name: 'Idle Time-out (minutes)' }) as HTMLInputElement;
    expect(idle.value).toBe('20');
    expect((dialog.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).disabled).toBe(true);
    expect((dialog.getByRole('textbox', { name: 'Specific Times' }) as HTMLInputElement).value).toBe(
      '03:00:00',
    );
    await user.clear(idle);
    await user.type(idle, '99999');
    const max = model.getByRole('textbox', { name: 'Maximum Worker Processes' });
    await user.clear(max);
    await user.type(max, '4');
    await user.click(dialog.getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(descriptionOf(idle)).toContain('Timespan value must be between'));
    expect(written(api.sent('PATCH /api/application-pools/Shop')[0])).toEqual({
      body: { elements: { processModel: { attributes: { idleTimeout: '69.10:39:00', maxProcesses: '4' } } } },
      ifMatch: '"e1"',
    });
  });

  it('a stale ETag (412) writes nothing and offers Reload', async () => {
    const { user, grid, api } = await openPage({
      'PATCH /api/application-pools/Shop': apiError(412, 'PRECONDITION', 'changed'),
    });
    await selectPool(user, grid, 'Shop');
    await user.click(actions().getByRole('button', { name: 'Advanced Settings...' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Advanced Settings' }));
    await user.selectOptions(dialog.getByRole('combobox', { name: 'Start Mode' }), 'AlwaysRunning');
    await user.click(dialog.getByRole('button', { name: 'OK' }));
    const alert = await screen.findByText(STALE_MESSAGE);
    expect(screen.queryByRole('dialog')).toBeNull();
    const reads = api.sent('GET /api/application-pools').length;
    await user.click(
      within(alert.closest('[role="alert"]') as HTMLElement).getByRole('button', { name: 'Reload' }),
    );
    await waitFor(() => expect(api.sent('GET /api/application-pools').length).toBeGreaterThan(reads));
    expect(screen.queryByText(STALE_MESSAGE)).toBeNull();
  });
});

describe('Recycling..., Remove, View Applications', () => {
  it('Recycling... turns the regular interval off and sets a request limit', async () => {
    const { user, grid, api } = await openPage({
      'PATCH /api/application-pools/DefaultAppPool': { body: { ...poolList(POOLS, '"e2"'), changed: true } },
    });
    await selectPool(user, grid, 'DefaultAppPool');
    await user.click(actions().getByRole('button', { name: 'Recycling...' }));
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Edit Application Pool Recycling Settings' }),
    );
    expect(
      (dialog.getByRole('textbox', { name: 'Regular time intervals (in minutes)' }) as HTMLInputElement)
        .value,
    ).toBe('1740');
    await user.click(dialog.getByRole('checkbox', { name: 'Regular time intervals (in minutes)' }));
    await user.click(dialog.getByRole('checkbox', { name: 'Fixed number of requests' }));
    await user.type(dialog.getByRole('textbox', { name: 'Fixed number of requests' }), '5000');
    await user.click(dialog.getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(written(api.sent('PATCH /api/application-pools/DefaultAppPool')[0])).toEqual({
      body: {
        elements: { 'recycling.periodicRestart': { attributes: { time: '00:00:00', requests: '5000' } } },
      },
      ifMatch: '"e1"',
    });
  });

  it('Remove asks first; No sends nothing, Yes removes with the ETag; a refusal is shown', async () => {
    const { user, grid, api } = await openPage({
      'DELETE /api/application-pools/DefaultAppPool': apiError(
        409,
        'IN_USE',
        'The application pool "DefaultAppPool" cannot be removed: 3 applications use it (WebSite1/, WebSite1/app, WebSite2/). Move them to another application pool first.',
      ),
      'DELETE /api/application-pools/Shop': () => {
        api.on('GET /api/application-pools', { body: poolList([POOLS[0]!], '"e2"') });
        return { body: { ...poolList([POOLS[0]!], '"e2"'), changed: true } };
      },
    });
    await selectPool(user, grid, 'Shop');
    await user.click(actions().getByRole('button', { name: 'Remove' }));
    let prompt = within(await screen.findByRole('alertdialog', { name: 'Confirm Remove' }));
    expect(document.activeElement).toBe(prompt.getByRole('button', { name: 'No' }));
    await user.click(prompt.getByRole('button', { name: 'No' }));
    expect(api.requests.filter((r) => r.method === 'DELETE')).toEqual([]);

    await user.click(actions().getByRole('button', { name: 'Remove' }));
    prompt = within(await screen.findByRole('alertdialog', { name: 'Confirm Remove' }));
    await user.click(prompt.getByRole('button', { name: 'Yes' }));
    await waitFor(() => expect(within(grid).queryByText('Shop')).toBeNull());
    expect(api.sent('DELETE /api/application-pools/Shop')[0]?.headers['if-match']).toBe('"e1"');

    await selectPool(user, grid, 'DefaultAppPool');
    await user.keyboard('{Delete}');
    prompt = within(await screen.findByRole('alertdialog', { name: 'Confirm Remove' }));
    await user.click(prompt.getByRole('button', { name: 'Yes' }));
    expect((await prompt.findByRole('alert')).textContent).toMatch(
      /cannot be removed: 3 applications use it/,
    );
  });

  it('View Applications lists the applications of the pool', async () => {
    const { user, grid } = await openPage({
      'GET /api/application-pools/DefaultAppPool/applications': {
        body: { items: [{ site: 'WebSite1', path: '/app', sitePath: 'WebSite1/app' }] },
      },
    });
    await selectPool(user, grid, 'DefaultAppPool');
    await user.click(actions().getByRole('button', { name: 'View Applications' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Applications of DefaultAppPool' }));
    await dialog.findByRole('link', { name: '/app' });
    expect(dialog.getByText('1 application uses this application pool.')).toBeTruthy();
  });
});

it('a reader sees every setting read-only and no write action', async () => {
  const { user, grid, api } = await openPage({}, 'reader');
  await selectPool(user, grid, 'Shop');
  for (const name of ['Add Application Pool...', 'Remove', 'Start'])
    expect(actions().queryByRole('button', { name })).toBeNull();
  await user.click(actions().getByRole('button', { name: 'Advanced Settings...' }));
  const dialog = within(await screen.findByRole('dialog', { name: 'Advanced Settings' }));
  const inputs = dialog.getAllByRole('textbox').concat(dialog.getAllByRole('combobox')) as HTMLInputElement[];
  expect(inputs.length).toBeGreaterThan(10);
  expect(inputs.every((i) => i.disabled)).toBe(true);
  expect(dialog.queryByRole('button', { name: 'OK' })).toBeNull();
  await user.click(dialog.getByRole('button', { name: 'Close' }));
  await user.click(actions().getByRole('button', { name: 'Set Application Pool Defaults...' }));
  const defaults = within(await screen.findByRole('dialog', { name: 'Application Pool Defaults' }));
  expect(defaults.queryByRole('textbox', { name: 'Name' })).toBeNull();
  expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
});
