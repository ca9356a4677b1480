// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import type { OverviewItem } from '@iis-console/contracts';
import type { RecordedRequest } from '../../test/mockApi';
import { isVisible } from '../../test/dom';
import { renderApp } from '../../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function items(count: number, offset: number): OverviewItem[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `Site${String(offset + i + 1).padStart(5, '0')}`,
    configPath: `MACHINE/WEBROOT/APPHOST/Site${offset + i + 1}`,
    kind: 'site',
    mode: i % 2 ? 'StateServer' : 'InProc',
    origin: 'default',
    stateConnectionString: 'tcpip=10.0.0.5:42424',
    sqlConnectionString: 'data source=localhost;Integrated Security=SSPI',
    cookieless: 'UseCookies',
    timeout: '20',
  }));
}

const isDisabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled;

it('pages, sorts and filters on the server; a path opens its Session State page', async () => {
  const overview = (r: RecordedRequest) => {
    const page = Number(r.query.get('page'));
    const size = Number(r.query.get('pageSize'));
    return { body: { items: items(size, (page - 1) * size), total: 10_000 } };
  };
  const { user, api } = renderApp('/sites', { 'GET /api/overview/session-state': overview });
  const table = await screen.findByRole('table', { name: 'Sites' });
  await within(table).findByRole('link', { name: 'Site00001' });
  expect(
    within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent),
  ).toEqual(['Path▲', 'Mode', 'Set in', 'Connection string', 'Cookie mode', 'Time-out']);
  expect(isVisible(screen.getByText('Page 1 of 200'))).toBe(true);
  expect(isDisabled(screen.getByRole('button', { name: 'Previous page' }))).toBe(true);
  expect(within(table).getAllByRole('row')).toHaveLength(51);
  expect(api.sent('GET /api/overview/session-state')[0]?.query.toString()).toBe(
    'page=1&pageSize=50&filter=&sort=path',
  );

  await user.click(screen.getByRole('button', { name: 'Next page' }));
  await within(table).findByRole('link', { name: 'Site00051' });
  expect(isVisible(screen.getByText('Page 2 of 200'))).toBe(true);
  expect(isDisabled(screen.getByRole('button', { name: 'Previous page' }))).toBe(false);

  const mode = () => within(table).getByRole('columnheader', { name: /^Mode/ });
  await user.click(within(mode()).getByRole('button'));
  await waitFor(() => expect(mode().getAttribute('aria-sort')).toBe('ascending'));
  expect(api.requests.at(-1)?.query.get('sort')).toBe('mode');
  expect(api.requests.at(-1)?.query.get('page')).toBe('1');
  await user.click(within(mode()).getByRole('button'));
  await waitFor(() => expect(mode().getAttribute('aria-sort')).toBe('descending'));
  expect(api.requests.at(-1)?.query.get('sort')).toBe('-mode');

  await user.type(screen.getByRole('textbox', { name: 'Filter' }), 'Site0001');
  await waitFor(() => expect(api.requests.at(-1)?.query.get('filter')).toBe('Site0001'));

  await user.click(within(table).getByRole('link', { name: 'Site00002' }));
  await waitFor(() => expect(window.location.pathname).toBe('/level/Site00002/session-state'));
});
