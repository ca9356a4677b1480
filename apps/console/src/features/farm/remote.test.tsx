// @vitest-environment happy-dom
// Another server's pages in this console (docs/farm.md §2): its root in Connections with its own tree,
// every request of its pages carrying `server=<id>` (and no other request), links that stay on it,
// caches that never mix servers, and a server that does not answer shown as such.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerSummary, TreeNode } from '@iis-console/contracts';
import { serverUrl } from '../../api/client';
import { getTree } from '../../api/endpoints';
import { createQueryClient } from '../../Providers';
import { parseRoute, scopeHref } from '../../routing/routes';
import { MACHINE, serverTree, sessionState, setHere } from '../../test/fixtures';
import { apiError, mockApi, type Handler, type MockResponse, type RecordedRequest } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** A server as `GET /api/servers` lists it (its token signs in as admin there). */
const registered = (id: string, name: string): ServerSummary => ({
  id,
  name,
  local: false,
  url: `http://127.0.0.1:${8000 + name.length}`,
  remoteUser: 'admin',
  remoteRole: 'administrator',
  fingerprint: null,
  allowInsecure: false,
  addedBy: null,
  addedAt: null,
});

const LOCAL: ServerSummary = { ...registered('local', MACHINE), url: null, local: true, remoteUser: null };

/** WEB2's tree: its machine name, and a site this console does not have. */
function web2Tree(): TreeNode {
  const tree = serverTree();
  const sites = tree.children[0]!;
  return {
    ...tree,
    name: 'WEB2-MACHINE',
    children: [
      {
        ...sites,
        children: [
          ...sites.children,
          {
            kind: 'site',
            name: 'Shop',
            path: 'Shop',
            configPath: 'MACHINE/WEBROOT/APPHOST/Shop',
            children: [],
          },
        ],
      },
    ],
  };
}

const UNREACHABLE = apiError(
  502,
  'SERVER_UNREACHABLE',
  'The server "WEB3" (http://127.0.0.1:9400) cannot be reached: connection refused.',
);

/** One route answered per server: `local` without `server=`, the others by their id. */
function perServer(answers: Record<string, MockResponse>): Handler {
  return (r: RecordedRequest) =>
    answers[r.query.get('server') ?? 'local'] ?? apiError(404, 'SERVER_NOT_FOUND', 'No such server.');
}

function renderFarm(url: string, routes: Record<string, Handler | MockResponse> = {}) {
  return renderApp(url, {
    'GET /api/servers': {
      body: { servers: [LOCAL, registered('web2', 'WEB2'), registered('web3', 'WEB3')] },
    },
    'GET /api/servers/web2/status': {
      body: { id: 'web2', reachable: true, fingerprint: null, certificateChanged: false },
    },
    'GET /api/tree': perServer({
      local: { body: serverTree() },
      web2: { body: web2Tree() },
      web3: UNREACHABLE,
    }),
    ...routes,
  });
}

const tree = () => within(screen.getByRole('tree', { name: 'Connections' }));
const address = () => screen.getByRole('navigation', { name: 'Address' });

describe('URLs and requests of another server', () => {
  it('a /servers/<id> prefix before any page URL is that page on that server; this console’s own pages stay local', () => {
    const remote = parseRoute('/servers/web2/level/WebSite1/session-state');
    expect(remote).toMatchObject({ kind: 'feature', path: 'WebSite1', server: 'web2' });
    expect(parseRoute('/servers/web2')).toEqual({ kind: 'features', path: '', server: 'web2' });
    expect(parseRoute('/servers/web2/sites')).toEqual({ kind: 'sites', server: 'web2' });
    expect(parseRoute('/servers/web2/services/aspnet_state')).toMatchObject({
      kind: 'feature',
      server: 'web2',
    });
    // The farm compares the servers from here: it is not a page of each server.
    expect(parseRoute('/servers/web2/farm').kind).toBe('notFound');
    expect(parseRoute('/farm')).toMatchObject({ kind: 'feature', server: 'local' });
    expect(parseRoute('/level/WebSite1')).toEqual({ kind: 'features', path: 'WebSite1', server: 'local' });

    expect(scopeHref('web2', '/')).toBe('/servers/web2');
    expect(scopeHref('web2', '/sites?page=2')).toBe('/servers/web2/sites?page=2');
    expect(scopeHref('web2', '/servers/web3/sites')).toBe('/servers/web3/sites');
    expect(scopeHref('local', '/sites')).toBe('/sites');
  });

  it('server=<id> goes on the forwarded routes only, never for this console', () => {
    expect(serverUrl('/api/config/session-state?path=WebSite1', 'web2')).toBe(
      '/api/config/session-state?path=WebSite1&server=web2',
    );
    expect(serverUrl('/api/tree', 'web2')).toBe('/api/tree?server=web2');
    expect(serverUrl('/api/application-pool-defaults', 'web2')).toBe(
      '/api/application-pool-defaults?server=web2',
    );
    expect(serverUrl('/api/state-server/test-store', 'web2')).toBe(
      '/api/state-server/test-store?server=web2',
    );
    for (const url of ['/api/servers', '/api/farm/session-state', '/api/auth/me', '/api/sitesx'])
      expect(serverUrl(url, 'web2')).toBe(url);
    expect(serverUrl('/api/tree', 'local')).toBe('/api/tree');
  });

  it('a server’s QueryClient sends its queries and mutations to it, whichever page is on screen', async () => {
    window.history.replaceState(null, '', '/level/WebSite1');
    const api = mockApi({ 'GET /api/tree': { body: serverTree() } });
    const web2 = createQueryClient('web2');
    await web2.fetchQuery({ queryKey: ['tree'], queryFn: () => getTree() });
    await web2
      .getMutationCache()
      .build(web2, { mutationFn: () => getTree() })
      .execute(undefined);
    await createQueryClient().fetchQuery({ queryKey: ['tree'], queryFn: () => getTree() });
    expect(api.sent('GET /api/tree').map((r) => r.query.get('server'))).toEqual(['web2', 'web2', null]);
  });
});

describe('another server in Connections', () => {
  it('is a root whose tree is read from it when expanded, with its sites and Application Pools; this console’s tree is asked without server=', async () => {
    const { user, api } = renderFarm('/');
    const web2 = await screen.findByRole('treeitem', { name: 'WEB2' });
    expect(web2.getAttribute('aria-expanded')).toBe('false');
    // Not read before it is opened.
    expect(api.sent('GET /api/tree').map((r) => r.query.get('server'))).toEqual([null]);

    await user.click(web2.querySelector('.twisty')!);
    expect(await tree().findByRole('treeitem', { name: 'Shop' })).toBeTruthy();
    expect(api.sent('GET /api/tree').map((r) => r.query.get('server'))).toEqual([null, 'web2']);
    const names = tree()
      .getAllByRole('treeitem')
      .map((t) => `${t.getAttribute('aria-level')} ${t.textContent}`);
    expect(names).toEqual([
      `1 ${MACHINE}`,
      '2 Application Pools',
      '2 Sites',
      '3 WebSite1',
      '3 WebSite2',
      '1 WEB2',
      '2 Application Pools',
      '2 Sites',
      '3 WebSite1',
      '3 WebSite2',
      '3 Shop',
      '1 WEB3',
    ]);

    // WEB2's WebSite1 is not this console's WebSite1.
    const sites = tree().getAllByRole('treeitem', { name: 'WebSite1' });
    await user.click(sites[1]!);
    await screen.findByRole('heading', { name: 'WebSite1 Home' });
    expect(window.location.pathname).toBe('/servers/web2/level/WebSite1');
    expect(sites[1]!.getAttribute('aria-selected')).toBe('true');
    expect(sites[0]!.getAttribute('aria-selected')).toBe('false');
    expect(address().textContent).toBe('WEB2 › Sites › WebSite1');
    expect(within(address()).getByRole('link', { name: 'Sites' }).getAttribute('href')).toBe(
      '/servers/web2/sites',
    );
    // Its feature tiles stay on WEB2.
    expect(screen.getByRole('link', { name: 'Session State' }).getAttribute('href')).toBe(
      '/servers/web2/level/WebSite1/session-state',
    );
  });

  it('shows why a server that does not answer cannot be expanded, without asking it again', async () => {
    const { user, api } = renderFarm('/');
    const web3 = await screen.findByRole('treeitem', { name: 'WEB3' });
    await user.click(web3.querySelector('.twisty')!);
    const line = await tree().findByRole('treeitem', { name: /cannot be reached: connection refused/ });
    expect(line.getAttribute('aria-level')).toBe('2');
    expect(api.sent('GET /api/tree').filter((r) => r.query.get('server') === 'web3')).toHaveLength(1);
  });
});

describe('a page of another server', () => {
  it('reads and writes that server only, with links that stay on it, and never shares a cache with this console', async () => {
    const remote = sessionState({ etag: '"web2-1"', attributes: { timeout: setHere('45') } });
    const { user, api } = renderFarm('/servers/web2/level/WebSite1/session-state', {
      'GET /api/config/session-state': perServer({
        local: { body: sessionState() },
        web2: { body: remote },
      }),
      'PATCH /api/config/session-state': perServer({
        web2: { body: sessionState({ etag: '"web2-2"', attributes: { timeout: setHere('50') } }) },
      }),
    });
    const timeout = () =>
      within(screen.getByRole('group', { name: 'Cookie Settings' })).getByRole('textbox', {
        name: 'Time-out (in minutes)',
      }) as HTMLInputElement;
    await waitFor(() => expect(timeout().value).toBe('45'));
    expect(api.sent('GET /api/config/session-state').every((r) => r.query.get('server') === 'web2')).toBe(
      true,
    );
    expect(address().textContent).toBe('WEB2 › Sites › WebSite1');

    await user.clear(timeout());
    await user.type(timeout(), '50');
    await user.click(
      within(screen.getByRole('region', { name: 'Actions' })).getByRole('button', { name: 'Apply' }),
    );
    await screen.findByText('The changes have been successfully saved.');
    const [patch] = api.sent('PATCH /api/config/session-state');
    expect(patch?.query.get('server')).toBe('web2');
    expect(patch?.query.get('path')).toBe('WebSite1');
    expect(patch?.headers['if-match']).toBe('"web2-1"');
    // Requests of this console itself never name a server.
    for (const r of api.requests.filter((r) => /^\/api\/(auth|servers)/.test(r.path)))
      expect(r.query.has('server')).toBe(false);

    // The same page on this console: its own read and its own value, not WEB2's cached one.
    await user.click(within(address()).getByRole('link', { name: 'WebSite1' }));
    await screen.findByRole('heading', { name: 'WebSite1 Home' });
    expect(window.location.pathname).toBe('/servers/web2/level/WebSite1');
    await user.click(tree().getAllByRole('treeitem', { name: 'WebSite1' })[0]!);
    await waitFor(() => expect(window.location.pathname).toBe('/level/WebSite1'));
    await user.click(await screen.findByRole('link', { name: 'Session State' }));
    await waitFor(() => expect(timeout().value).toBe('20'));
    expect(api.sent('GET /api/config/session-state').at(-1)?.query.has('server')).toBe(false);
  });

  it('with unsaved changes asks before going to this console’s tree; Yes applies on that server, then goes', async () => {
    const { user, api } = renderFarm('/servers/web2/level/WebSite1/session-state', {
      'GET /api/config/session-state': perServer({ web2: { body: sessionState({ etag: '"web2-1"' }) } }),
      'PATCH /api/config/session-state': perServer({ web2: { body: sessionState({ etag: '"web2-2"' }) } }),
    });
    const timeout = await screen.findByRole('textbox', { name: 'Time-out (in minutes)' });
    await user.clear(timeout);
    await user.type(timeout, '30');
    await user.click(tree().getAllByRole('treeitem', { name: 'WebSite2' })[0]!);
    const ask = await screen.findByRole('alertdialog', { name: 'Unsaved Changes' });
    expect(window.location.pathname).toBe('/servers/web2/level/WebSite1/session-state');
    await user.click(within(ask).getByRole('button', { name: 'Yes' }));
    await waitFor(() => expect(window.location.pathname).toBe('/level/WebSite2'));
    const [patch] = api.sent('PATCH /api/config/session-state');
    expect(patch?.query.get('server')).toBe('web2');
    expect(patch?.body).toEqual({ timeout: '30' });
  });

  it('of a server that does not answer shows its error at once (no retries), never a blank page', async () => {
    const { api } = renderFarm('/servers/web3/level/WebSite1/session-state', {
      'GET /api/config/session-state': perServer({ web3: UNREACHABLE }),
    });
    const alert = await screen.findByText(/cannot be reached: connection refused/, {
      selector: '[role=alert]',
    });
    expect(alert).toBeTruthy();
    expect(api.sent('GET /api/config/session-state')).toHaveLength(1);
  });
});

describe('another server’s node', () => {
  it('is its Features view (without the Farm), with its connection and Manage Server', async () => {
    renderFarm('/servers/web2');
    await screen.findByRole('heading', { name: 'WEB2 Home', level: 1 });
    const connection = screen.getByRole('region', { name: 'Server connection' });
    expect(await within(connection).findByText('Connected')).toBeTruthy();
    expect(connection.textContent).toContain('admin (administrator)');
    expect(within(connection).getByRole('link', { name: 'Farm' }).getAttribute('href')).toBe('/farm');
    const management = screen.getByRole('region', { name: 'Management' });
    expect(
      within(management)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['/servers/web2/configuration-editor', '/servers/web2/services/aspnet_state']);
    const actions = within(screen.getByRole('region', { name: 'Actions' }));
    expect(actions.getByRole('button', { name: 'Open Feature' })).toBeTruthy();
    expect(actions.getByRole('button', { name: 'Remove' })).toBeTruthy();
    expect(
      within(screen.getByRole('tree', { name: 'Connections' }))
        .getByRole('treeitem', { name: 'WEB2' })
        .getAttribute('aria-selected'),
    ).toBe('true');
  });

  it('says so for an id that is not connected', async () => {
    renderFarm('/servers/nope/sites');
    expect(await screen.findByRole('heading', { name: 'Server not found' })).toBeTruthy();
  });
});
