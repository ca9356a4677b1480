// @vitest-environment happy-dom
// The Features view built from the feature registry: areas or no grouping, the features of each level,
// Open Feature, and the Config Error view when the server's configuration cannot be read.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MACHINE } from '../../test/fixtures';
import { apiError } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

beforeEach(() => window.localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const tileNames = (container: HTMLElement) =>
  within(container)
    .getAllByRole('link')
    .map((a) => a.textContent);

describe('Features view', () => {
  it('groups the registered features by area (ASP.NET, Management) or not at all, and remembers the choice', async () => {
    const { user } = renderApp('/');
    await screen.findByRole('heading', { name: `${MACHINE} Home` });
    const aspnet = screen.getByRole('region', { name: 'ASP.NET' });
    const management = screen.getByRole('region', { name: 'Management' });
    expect(tileNames(aspnet)).toEqual(['Session State', 'Machine Key']);
    expect(tileNames(management)).toEqual(['Configuration Editor', 'ASP.NET State Service', 'Farm']);
    expect(screen.getByRole('link', { name: 'Configuration Editor' }).getAttribute('href')).toBe(
      '/configuration-editor',
    );

    await user.selectOptions(screen.getByRole('combobox', { name: 'Group by:' }), 'No Grouping');
    expect(screen.queryByRole('region', { name: 'ASP.NET' })).toBeNull();
    expect(tileNames(screen.getByRole('list', { name: 'Features' }))).toEqual([
      'ASP.NET State Service',
      'Configuration Editor',
      'Farm',
      'Machine Key',
      'Session State',
    ]);
    expect(window.localStorage.getItem('iisconsole.featuresGroupBy')).toBe('none');
  });

  it('a site shows the features registered for sites, with per-level URLs; Open Feature opens the selected one', async () => {
    const { user, router } = renderApp('/level/WebSite1');
    await screen.findByRole('heading', { name: 'WebSite1 Home' });
    expect(screen.queryByRole('link', { name: 'ASP.NET State Service' })).toBeNull();
    const editor = screen.getByRole('link', { name: 'Configuration Editor' });
    expect(editor.getAttribute('href')).toBe('/level/WebSite1/configuration-editor');
    const open = within(screen.getByRole('region', { name: 'Actions' })).getByRole('button', {
      name: 'Open Feature',
    });
    expect((open as HTMLButtonElement).disabled).toBe(true);
    editor.focus();
    await waitFor(() => expect((open as HTMLButtonElement).disabled).toBe(false));
    await user.click(open);
    await waitFor(() => expect(router.getHref()).toBe('/level/WebSite1/configuration-editor'));
  });

  it('an unreadable applicationHost.config: the Config Error view in the content pane', async () => {
    renderApp('/', {
      'GET /api/tree': apiError(422, 'CONFIG_FILE', 'Configuration file is not well-formed XML', {
        file: 'Windows/System32/inetsrv/config/applicationHost.config',
        line: 12,
        column: 3,
      }),
      'GET /api/config/file-excerpt': { body: { file: 'x', lines: [] } },
    });
    await screen.findByRole('heading', { name: 'Config Error' });
    const details = within(screen.getByRole('region', { name: 'Config Error 1' }));
    expect(details.getByText('Windows/System32/inetsrv/config/applicationHost.config')).toBeTruthy();
    expect(details.getByText('12')).toBeTruthy();
    expect(details.getByText('Configuration file is not well-formed XML')).toBeTruthy();
  });
});
