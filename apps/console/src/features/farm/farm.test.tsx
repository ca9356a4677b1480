// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FarmApplyResponse, FarmSessionStateResponse, ServerSummary } from '@iis-console/contracts';
import { apiError, type RecordedRequest } from '../../test/mockApi';
import { MACHINE } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { urlKind } from './api';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const FP = Array.from({ length: 32 }, (_, i) => (i + 16).toString(16).toUpperCase()).join(':');

function server(id: string, name: string, extra: Partial<ServerSummary> = {}): ServerSummary {
  return {
    id,
    name,
    url: `http://127.0.0.1:9${id.length}00`,
    local: false,
    fingerprint: null,
    allowInsecure: false,
    remoteUser: 'admin',
    remoteRole: 'administrator',
    addedBy: 'admin',
    addedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

const LOCAL: ServerSummary = {
  ...server('local', MACHINE),
  url: null,
  local: true,
  remoteUser: null,
  remoteRole: null,
};

function comparison(overrides: Partial<FarmSessionStateResponse> = {}): FarmSessionStateResponse {
  return {
    path: 'WebSite1',
    complete: false,
    servers: [
      { id: 'local', name: MACHINE, status: 'ok' },
      { id: 'web2', name: 'WEB2', status: 'ok' },
      {
        id: 'web3',
        name: 'WEB3',
        status: 'unreachable',
        code: 'SERVER_TIMEOUT',
        message: 'The server "WEB3" did not answer within 10 s.',
      },
    ],
    attributes: [
      {
        section: 'system.web/sessionState',
        name: 'mode',
        values: { local: 'StateServer', web2: 'StateServer', web3: null },
        agree: true,
      },
      {
        section: 'system.web/sessionState',
        name: 'timeout',
        values: { local: '20', web2: '45', web3: null },
        agree: false,
      },
      { section: 'site', name: 'id', values: { local: '1', web2: '1', web3: null }, agree: true },
    ],
    checks: [
      {
        code: 'FarmLoopbackStateServer',
        severity: 'error',
        message: 'Both servers keep sessions in a state server on their own loopback: nothing is shared.',
        servers: ['local', 'web2'],
      },
    ],
    ...overrides,
  };
}

const actions = () => within(screen.getByRole('region', { name: 'Actions' }));

describe('Connect to a Server…', () => {
  it('registers a loopback server: the request carries name, URL and token, and the server becomes a root in Connections', async () => {
    const servers: ServerSummary[] = [LOCAL];
    const { user, api } = renderApp('/', {
      'GET /api/servers': () => ({ body: { servers } }),
      'POST /api/servers': (r: RecordedRequest) => {
        const added = server('web2', 'WEB2', { url: 'http://127.0.0.1:8200' });
        servers.push(added);
        expect(r.body).toEqual({ name: 'WEB2', url: 'http://127.0.0.1:8200', token: 'tok-123' });
        return { status: 201, body: added };
      },
      'GET /api/farm/session-state': { body: comparison() },
    });
    await user.click(await screen.findByRole('button', { name: /Connect to a Server/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect to a Server' });
    await user.type(within(dialog).getByLabelText('Server name:'), 'WEB2');
    await user.type(
      within(dialog).getByLabelText('URL of the IIS Console on that server:'),
      'http://127.0.0.1:8200',
    );
    await user.type(within(dialog).getByLabelText('API token:'), 'tok-123');
    // Loopback: no question about encryption.
    expect(within(dialog).queryByRole('checkbox', { name: 'Send the token without encryption' })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(window.location.pathname).toBe('/servers/web2'));
    expect(api.sent('POST /api/servers')).toHaveLength(1);
    const tree = screen.getByRole('tree', { name: 'Connections' });
    const root = await within(tree).findByRole('treeitem', { name: 'WEB2' });
    expect(root.getAttribute('aria-level')).toBe('1');
    expect(root.getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByRole('heading', { name: 'WEB2 Home', level: 1 })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Server connection' }).textContent).toContain(
      'http://127.0.0.1:8200',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows the refusal of a wrong token in the dialog and keeps it open', async () => {
    const { user } = renderApp('/', {
      'GET /api/servers': { body: { servers: [LOCAL] } },
      'POST /api/servers': apiError(
        400,
        'SERVER_TOKEN_REFUSED',
        'The server at http://127.0.0.1:8200 refused the token (Sign in.)',
      ),
    });
    await user.click(await screen.findByRole('button', { name: /Connect to a Server/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect to a Server' });
    await user.type(within(dialog).getByLabelText('Server name:'), 'WEB2');
    await user.type(
      within(dialog).getByLabelText('URL of the IIS Console on that server:'),
      'http://localhost:8200',
    );
    await user.type(within(dialog).getByLabelText('API token:'), 'wrong');
    await user.keyboard('{Enter}');
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('The server refused the API token.');
    expect(alert.textContent).toContain('refused the token');
    expect(screen.getByRole('dialog', { name: 'Connect to a Server' })).toBeTruthy();
  });

  it('plain HTTP to another host needs "Send the token without encryption" and then sends allowInsecure', async () => {
    const { user, api } = renderApp('/', {
      'GET /api/servers': { body: { servers: [LOCAL] } },
      'POST /api/servers': { status: 201, body: server('web2', 'WEB2', { allowInsecure: true }) },
      'GET /api/farm/session-state': { body: comparison() },
    });
    await user.click(await screen.findByRole('button', { name: /Connect to a Server/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect to a Server' });
    await user.type(within(dialog).getByLabelText('Server name:'), 'WEB2');
    await user.type(
      within(dialog).getByLabelText('URL of the IIS Console on that server:'),
      'http://web2:8172',
    );
    await user.type(within(dialog).getByLabelText('API token:'), 'tok');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(await within(dialog).findByText(/Confirm that the token may travel unencrypted/)).toBeTruthy();
    expect(api.sent('POST /api/servers')).toHaveLength(0);
    await user.click(within(dialog).getByRole('checkbox', { name: 'Send the token without encryption' }));
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(api.sent('POST /api/servers')).toHaveLength(1));
    expect(api.sent('POST /api/servers')[0]?.body).toMatchObject({
      url: 'http://web2:8172',
      allowInsecure: true,
    });
  });

  it('https: shows the fingerprint the server presents and pins it only once confirmed', async () => {
    const { user, api } = renderApp('/', {
      'GET /api/servers': { body: { servers: [LOCAL] } },
      'POST /api/servers/probe': { body: { url: 'https://web2:8172', fingerprint: FP } },
      'POST /api/servers': { status: 201, body: server('web2', 'WEB2', { fingerprint: FP }) },
      'GET /api/farm/session-state': { body: comparison() },
    });
    await user.click(await screen.findByRole('button', { name: /Connect to a Server/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect to a Server' });
    await user.type(within(dialog).getByLabelText('Server name:'), 'WEB2');
    await user.type(
      within(dialog).getByLabelText('URL of the IIS Console on that server:'),
      'https://web2:8172',
    );
    await user.type(within(dialog).getByLabelText('API token:'), 'tok');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect((await within(dialog).findByLabelText('Certificate fingerprint')).textContent).toBe(FP);
    // The probe sends no token; nothing is registered yet.
    expect(api.sent('POST /api/servers/probe')[0]?.body).toEqual({ url: 'https://web2:8172' });
    expect(api.sent('POST /api/servers')).toHaveLength(0);
    // Not confirmed: nothing is sent.
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(await within(dialog).findByText(/Confirm that the fingerprint/)).toBeTruthy();
    expect(api.sent('POST /api/servers')).toHaveLength(0);
    await user.click(within(dialog).getByRole('checkbox', { name: /This is the server’s certificate/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(api.sent('POST /api/servers')).toHaveLength(1));
    expect(api.sent('POST /api/servers')[0]?.body).toMatchObject({ fingerprint: FP, token: 'tok' });
  });

  it('a reader is not offered Connect to a Server…, but sees the other servers', async () => {
    renderApp(
      '/',
      { 'GET /api/servers': { body: { servers: [LOCAL, server('web2', 'WEB2')] } } },
      { role: 'reader' },
    );
    const tree = await screen.findByRole('tree', { name: 'Connections' });
    expect(await within(tree).findByRole('treeitem', { name: 'WEB2' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Connect to a Server/ })).toBeNull();
  });

  it('tells URL kinds apart: https, loopback http, other http', () => {
    expect(urlKind('https://web2:8172')).toBe('https');
    expect(urlKind('http://127.0.0.1:8172')).toBe('loopback');
    expect(urlKind('http://[::1]:8172')).toBe('loopback');
    expect(urlKind('http://web2:8172')).toBe('insecure');
    expect(urlKind('web2')).toBe('invalid');
  });
});

describe('a connected server page', () => {
  it('offers Accept Certificate… when the server presents another certificate, and Remove asks first', async () => {
    const OLD = FP.replace(/^10/, 'AA');
    const { user, api } = renderApp('/servers/web2', {
      'GET /api/servers': {
        body: { servers: [LOCAL, server('web2', 'WEB2', { url: 'https://web2:8172', fingerprint: OLD })] },
      },
      'GET /api/servers/web2/status': {
        body: { id: 'web2', reachable: true, fingerprint: FP, certificateChanged: true },
      },
      'POST /api/servers/web2/accept-certificate': { body: server('web2', 'WEB2', { fingerprint: FP }) },
      'DELETE /api/servers/web2': { status: 204 },
    });
    await screen.findByRole('heading', { name: 'WEB2 Home', level: 1 });
    await user.click(await actions().findByRole('button', { name: 'Accept Certificate…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Accept Certificate' });
    expect(dialog.textContent).toContain(FP);
    const accept = within(dialog).getByRole('button', { name: 'Accept' });
    expect(accept.hasAttribute('disabled') || accept.getAttribute('data-disabled') === 'true').toBe(true);
    await user.click(within(dialog).getByRole('checkbox'));
    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(api.sent('POST /api/servers/web2/accept-certificate')).toHaveLength(1));
    expect(api.sent('POST /api/servers/web2/accept-certificate')[0]?.body).toEqual({ fingerprint: FP });

    await user.click(actions().getByRole('button', { name: 'Remove' }));
    const ask = await screen.findByRole('alertdialog', { name: 'Remove Connection' });
    await user.click(within(ask).getByRole('button', { name: 'Yes' }));
    await waitFor(() => expect(api.sent('DELETE /api/servers/web2')).toHaveLength(1));
    await waitFor(() => expect(window.location.pathname).toBe('/'));
  });
});

describe('Farm view', () => {
  const servers = { body: { servers: [LOCAL, server('web2', 'WEB2'), server('web3', 'WEB3')] } };

  it('marks the settings that differ, names the server it could not read, and explains the farm checks', async () => {
    const { api } = renderApp('/farm?path=WebSite1', {
      'GET /api/servers': servers,
      'GET /api/farm/session-state': { body: comparison() },
    });
    const table = await screen.findByRole('table', { name: /^Settings of/ });
    const sent = api.sent('GET /api/farm/session-state')[0];
    expect(sent?.query.get('path')).toBe('WebSite1');
    expect(sent?.query.get('servers')).toBe('local,web2,web3');

    const timeout = within(table).getByRole('rowheader', { name: 'timeout' }).closest('tr')!;
    expect(within(timeout).getByText('Differs')).toBeTruthy();
    expect(timeout.textContent).toContain('20');
    expect(timeout.textContent).toContain('45');
    const mode = within(table).getByRole('rowheader', { name: 'mode' }).closest('tr')!;
    expect(within(mode).queryByText('Differs')).toBeNull();
    expect(within(mode).getByText('Same')).toBeTruthy();

    const incomplete = screen.getAllByRole('alert').find((a) => a.textContent?.includes('Incomplete'));
    expect(incomplete?.textContent).toContain('WEB3: not reachable');
    expect(incomplete?.textContent).toContain('did not answer within 10 s');
    expect(within(table).getByRole('columnheader', { name: /WEB3 \(not reachable\)/ })).toBeTruthy();

    const checks = screen.getByRole('region', { name: 'Farm checks' });
    expect(checks.textContent).toContain('FarmLoopbackStateServer');
    expect(checks.textContent).toContain('nothing is shared');
  });

  it('compares the servers chosen: unchecking one sends only the others', async () => {
    const { user, api } = renderApp('/farm', {
      'GET /api/servers': servers,
      'GET /api/farm/session-state': { body: comparison() },
    });
    await user.type(await screen.findByLabelText('Site path:'), 'WebSite1');
    await user.click(await screen.findByRole('checkbox', { name: 'WEB3' }));
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    await screen.findByRole('table');
    expect(api.sent('GET /api/farm/session-state').at(-1)?.query.get('servers')).toBe('local,web2');
  });

  it('Apply to Servers… previews each server’s diff, sends the change with those ETags, shows each result and reads again', async () => {
    const results: FarmApplyResponse = {
      path: 'WebSite1',
      allApplied: false,
      results: [
        { id: 'local', name: MACHINE, status: 'applied', etag: '"a"' },
        {
          id: 'web2',
          name: 'WEB2',
          status: 'refused',
          statusCode: 412,
          code: 'PRECONDITION_FAILED',
          message: 'The configuration changed meanwhile.',
        },
      ],
    };
    const { user, api } = renderApp('/farm?path=WebSite1', {
      'GET /api/servers': servers,
      'GET /api/farm/session-state': { body: comparison() },
      'POST /api/farm/session-state/preview': {
        body: {
          path: 'WebSite1',
          results: [
            {
              id: 'local',
              name: MACHINE,
              status: 'ok',
              changed: true,
              etag: '"l1"',
              files: [
                {
                  file: 'inetpub/wwwroot/web.config',
                  diff: '--- a/web.config\n+++ b/web.config\n@@ -1 +1 @@\n-<sessionState />\n+<sessionState mode="StateServer" />\n',
                },
              ],
            },
            { id: 'web2', name: 'WEB2', status: 'ok', changed: false, etag: '"w1"', files: [] },
          ],
        },
      },
      'POST /api/farm/session-state': { body: results },
    });
    await screen.findByRole('table');
    await user.click(actions().getByRole('button', { name: 'Apply to Servers…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Apply to Servers' });
    // The server not read is offered unchecked.
    expect(
      (within(dialog).getByRole('checkbox', { name: 'WEB3 (not reachable)' }) as HTMLInputElement).checked,
    ).toBe(false);
    await user.selectOptions(within(dialog).getByLabelText('Session state mode:'), 'StateServer');
    await user.type(
      within(dialog).getByLabelText('State server connection string:'),
      'tcpip=stateserver:42424',
    );
    await user.type(within(dialog).getByLabelText('Time-out (in minutes):'), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(await within(dialog).findByText(/whole number of minutes/)).toBeTruthy();
    await user.clear(within(dialog).getByLabelText('Time-out (in minutes):'));
    await user.type(within(dialog).getByLabelText('Time-out (in minutes):'), '30');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    const confirm = await within(dialog).findByRole('status');
    expect(confirm.textContent).toContain('mode="StateServer"');
    expect(confirm.textContent).toContain(`2 servers: ${MACHINE}, WEB2`);
    expect(api.sent('POST /api/farm/session-state/preview')[0]?.body).toEqual({
      path: 'WebSite1',
      servers: ['local', 'web2'],
      changes: { mode: 'StateServer', stateConnectionString: 'tcpip=stateserver:42424', timeout: 30 },
    });
    const perServer = within(dialog).getByRole('region', { name: 'Changes per server' });
    expect(perServer.textContent).toContain('+<sessionState mode="StateServer" />');
    expect(perServer.textContent).toContain('No change: it has these values already.');
    expect(api.sent('POST /api/farm/session-state')).toHaveLength(0);
    const reads = api.sent('GET /api/farm/session-state').length;
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(api.sent('POST /api/farm/session-state')).toHaveLength(1));
    expect(api.sent('POST /api/farm/session-state')[0]?.body).toEqual({
      path: 'WebSite1',
      servers: ['local', 'web2'],
      changes: { mode: 'StateServer', stateConnectionString: 'tcpip=stateserver:42424', timeout: 30 },
      etags: { local: '"l1"', web2: '"w1"' },
    });
    const region = await screen.findByRole('region', { name: 'Apply to Servers: results' });
    const row = (name: string) => within(region).getByRole('rowheader', { name }).closest('tr')!;
    expect(row(MACHINE).textContent).toContain('Applied');
    expect(row('WEB2').textContent).toContain('Refused');
    expect(row('WEB2').textContent).toContain('The configuration changed meanwhile.');
    expect(within(region).getByText(/Not applied everywhere/)).toBeTruthy();
    await waitFor(() => expect(api.sent('GET /api/farm/session-state').length).toBeGreaterThan(reads));
  });

  it('a reader compares but cannot apply', async () => {
    renderApp(
      '/farm?path=WebSite1',
      { 'GET /api/servers': servers, 'GET /api/farm/session-state': { body: comparison() } },
      { role: 'reader' },
    );
    await screen.findByRole('table');
    const apply = actions().getByRole('button', { name: 'Apply to Servers…' });
    expect(apply.hasAttribute('disabled')).toBe(true);
    expect(actions().getByText('Only administrators can apply changes.')).toBeTruthy();
  });
});
