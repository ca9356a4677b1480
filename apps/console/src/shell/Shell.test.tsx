// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MACHINE } from '../test/fixtures';
import { apiError } from '../test/mockApi';
import { renderApp } from '../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('sign-in', () => {
  it('signs in and shows who is signed in', async () => {
    const { user, api } = renderApp('/', {}, { role: null });
    await screen.findByRole('heading', { name: 'Sign in to IIS Console' });
    api.on(
      'POST /api/auth/login',
      apiError(401, 'INVALID_CREDENTIALS', 'The user name or password is incorrect.'),
    );
    await user.type(screen.getByRole('textbox', { name: 'User name' }), 'admin');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The user name or password is incorrect.');

    api.on('POST /api/auth/login', { body: { username: 'admin', role: 'administrator', csrfToken: 't1' } });
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'right');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('Signed in as admin (administrator)');
    expect(api.sent('POST /api/auth/login').at(-1)?.body).toEqual({ username: 'admin', password: 'right' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(`${MACHINE} Home`);
    expect(screen.queryByRole('heading', { name: 'Sign in to IIS Console' })).toBeNull();
  });

  it('goes back to sign-in when the session is gone (401)', async () => {
    const { user, api } = renderApp('/');
    await screen.findByRole('heading', { name: `${MACHINE} Home` });
    api.on('GET /api/sites/overview', apiError(401, 'UNAUTHORIZED', 'Sign in.'));
    await user.click(
      within(screen.getByRole('tree', { name: 'Connections' })).getByRole('treeitem', { name: 'Sites' }),
    );
    await screen.findByRole('heading', { name: 'Sign in to IIS Console' });
  });

  it('signs out with the CSRF token', async () => {
    const { user, api } = renderApp('/');
    api.on('POST /api/auth/logout', { status: 204 });
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Sign in to IIS Console' });
    expect(api.sent('POST /api/auth/logout')[0]?.headers['x-csrf-token']).toBe('csrf-token');
  });
});

describe('Connections tree, address bar, Features view', () => {
  it('names every node, navigates on selection and shows the address', async () => {
    const { user } = renderApp('/');
    const tree = within(await screen.findByRole('tree', { name: 'Connections' }));
    expect(tree.getAllByRole('treeitem').map((t) => t.textContent)).toEqual([
      MACHINE,
      'Application Pools',
      'Sites',
      'WebSite1',
      'WebSite2',
    ]);
    expect(
      screen
        .getByRole('region', { name: 'Connections' })
        .contains(screen.getByRole('tree', { name: 'Connections' })),
    ).toBe(true);
    expect(tree.getByRole('treeitem', { name: MACHINE }).getAttribute('aria-selected')).toBe('true');

    await user.click(tree.getByRole('treeitem', { name: 'WebSite1' }));
    await screen.findByRole('heading', { name: 'WebSite1 Home' });
    expect(window.location.pathname).toBe('/level/WebSite1');
    expect(screen.getByRole('navigation', { name: 'Address' }).textContent).toBe(
      `${MACHINE} › Sites › WebSite1`,
    );
    expect(screen.getByRole('link', { name: 'Session State' }).getAttribute('href')).toBe(
      '/level/WebSite1/session-state',
    );
    expect(screen.queryByRole('link', { name: 'ASP.NET State Service' })).toBeNull();
  });

  it('moves with the arrow keys and expands with ArrowRight', async () => {
    const { user } = renderApp('/level/WebSite1');
    const tree = within(await screen.findByRole('tree', { name: 'Connections' }));
    const site = tree.getByRole('treeitem', { name: 'WebSite1' });
    expect(site.getAttribute('aria-selected')).toBe('true');
    expect(site.getAttribute('aria-expanded')).toBe('false');
    site.focus();
    await user.keyboard('{ArrowRight}');
    expect(site.getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{ArrowDown}');
    await screen.findByRole('heading', { name: 'app Home' });
    expect(window.location.pathname).toBe('/level/WebSite1%2Fapp');
    await waitFor(() => expect(document.activeElement).toBe(tree.getByRole('treeitem', { name: 'app' })));
    expect(screen.getByRole('navigation', { name: 'Address' }).textContent).toBe(
      `${MACHINE} › Sites › WebSite1 › app`,
    );
    await user.keyboard('{ArrowLeft}');
    await screen.findByRole('heading', { name: 'WebSite1 Home' });
    await user.keyboard('{Home}');
    await screen.findByRole('heading', { name: `${MACHINE} Home` });
    expect(screen.getByRole('link', { name: 'ASP.NET State Service' }).getAttribute('href')).toBe(
      '/services/aspnet_state',
    );
  });

  it('opens a deep link with the tree expanded to its node', async () => {
    renderApp('/level/WebSite2%2Fhelp');
    await screen.findByRole('heading', { name: 'help Home' });
    const tree = within(await screen.findByRole('tree', { name: 'Connections' }));
    expect(tree.getByRole('treeitem', { name: 'help' }).getAttribute('aria-selected')).toBe('true');
    expect(tree.getByRole('treeitem', { name: 'WebSite2' }).getAttribute('aria-expanded')).toBe('true');
  });
});
