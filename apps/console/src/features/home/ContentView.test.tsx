// @vitest-environment happy-dom
// Features View / Content View: the switch below a node (none at the server), the content of a level
// from GET /api/content, opening a folder's Content View, Switch to Features View of the selected
// folder, and the folder's Features view (a path the tree does not know, below a site).
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentResponse } from '@iis-console/contracts';
import { MACHINE } from '../../test/fixtures';
import type { RecordedRequest } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const CONTENT: Record<string, ContentResponse> = {
  WebSite1: {
    path: 'WebSite1',
    kind: 'site',
    physicalPath: 'C:\\inetpub\\WebSite1',
    exists: true,
    truncated: false,
    items: [
      { name: 'app', kind: 'application', path: 'WebSite1/app' },
      { name: 'images', kind: 'folder', path: 'WebSite1/images' },
      { name: 'web.config', kind: 'file', path: 'WebSite1/web.config' },
    ],
  },
  'WebSite1/images': {
    path: 'WebSite1/images',
    kind: 'folder',
    physicalPath: 'C:\\inetpub\\WebSite1\\images',
    exists: true,
    truncated: false,
    items: [{ name: 'logo.png', kind: 'file', path: 'WebSite1/images/logo.png' }],
  },
};
const content = (r: RecordedRequest) => {
  const body = CONTENT[r.query.get('path') ?? ''];
  return body
    ? { body }
    : { status: 404, body: { error: { statusCode: 404, code: 'NOT_FOUND', message: 'x' } } };
};

const rows = () =>
  within(screen.getByRole('table', { name: 'Content' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.textContent);

describe('Content View', () => {
  it('the server has only the Features View; a site switches to its Content View and back', async () => {
    const { user, router } = renderApp('/', { 'GET /api/content': content });
    await screen.findByRole('heading', { name: `${MACHINE} Home` });
    expect(screen.queryByRole('navigation', { name: 'View' })).toBeNull();

    router.navigate('/level/WebSite1');
    await screen.findByRole('heading', { name: 'WebSite1 Home' });
    const views = within(screen.getByRole('navigation', { name: 'View' }));
    expect(views.getByRole('link', { name: 'Features View' }).getAttribute('aria-current')).toBe('page');
    await user.click(views.getByRole('link', { name: 'Content View' }));
    await screen.findByRole('table', { name: 'Content' });
    expect(router.getHref()).toBe('/level/WebSite1?view=content');
    expect(screen.getByText('Physical path: C:\\inetpub\\WebSite1')).toBeTruthy();
    expect(rows()).toEqual(['appApplication', 'imagesFolder', 'web.configCONFIG File']);

    await user.click(
      within(screen.getByRole('navigation', { name: 'View' })).getByRole('link', { name: 'Features View' }),
    );
    await screen.findByRole('heading', { name: 'WebSite1 Home' });
    expect(router.getHref()).toBe('/level/WebSite1');
  });

  it('a folder opens its own Content View; Switch to Features View opens the selected folder’s features', async () => {
    const { user, router, api } = renderApp('/level/WebSite1?view=content', { 'GET /api/content': content });
    await screen.findByRole('table', { name: 'Content' });
    await user.click(screen.getByRole('link', { name: 'images' }));
    await screen.findByText('Physical path: C:\\inetpub\\WebSite1\\images');
    expect(router.getHref()).toBe('/level/WebSite1%2Fimages?view=content');
    expect(rows()).toEqual(['logo.pngPNG File']);
    expect(api.sent('GET /api/content').map((r) => r.query.get('path'))).toEqual([
      'WebSite1',
      'WebSite1/images',
    ]);

    router.navigate('/level/WebSite1?view=content');
    await screen.findByRole('link', { name: 'images' });
    screen.getByRole('link', { name: 'images' }).focus();
    const actions = within(screen.getByRole('region', { name: 'Actions' }));
    await user.click(actions.getByRole('button', { name: 'Switch to Features View' }));
    await waitFor(() => expect(router.getHref()).toBe('/level/WebSite1%2Fimages'));
    // A folder is a level of its own: its Features view lists the features registered for folders.
    await screen.findByRole('heading', { name: 'images Home' });
    expect(screen.getByText(/configured at this folder/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Configuration Editor' }).getAttribute('href')).toBe(
      '/level/WebSite1%2Fimages/configuration-editor',
    );
  });

  it('a missing folder says so', async () => {
    renderApp('/level/WebSite1?view=content', {
      'GET /api/content': {
        body: { ...CONTENT.WebSite1!, exists: false, items: [] },
      },
    });
    expect(await screen.findByText('The folder C:\\inetpub\\WebSite1 does not exist.')).toBeTruthy();
    expect(screen.getByText('This folder is empty.')).toBeTruthy();
  });
});
