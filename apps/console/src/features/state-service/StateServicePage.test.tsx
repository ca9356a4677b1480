// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionState, setHere, stateService } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const actions = () => within(screen.getByRole('region', { name: 'Actions' }));
const disabled = (name: string) => (actions().getByRole('button', { name }) as HTMLButtonElement).disabled;

describe('ASP.NET State Service page', () => {
  it('shows the status, enables Start/Stop/Restart per status and applies changed settings only', async () => {
    const { user, api } = renderApp('/services/aspnet_state', {
      'GET /api/services/aspnet_state': { body: stateService() },
    });
    await screen.findByRole('heading', { name: 'ASP.NET State Service' });
    await screen.findByText('Status: Stopped');
    expect([disabled('Start'), disabled('Stop'), disabled('Restart')]).toEqual([false, true, true]);

    api.on('POST /api/services/aspnet_state/start', {
      body: stateService({ status: 'Running', pid: 42, runningSettings: stateService().settings }),
    });
    api.on('GET /api/services/aspnet_state', {
      body: stateService({ status: 'Running', pid: 42, runningSettings: stateService().settings }),
    });
    await user.click(actions().getByRole('button', { name: 'Start' }));
    await screen.findByText('Status: Running');
    expect([disabled('Start'), disabled('Stop'), disabled('Restart')]).toEqual([true, false, false]);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Startup type' }), 'Automatic');
    const port = screen.getByRole('textbox', { name: 'Port' });
    await user.clear(port);
    await user.type(port, '42425');
    const remote = screen.getByRole('checkbox', { name: 'Allow remote connections' }) as HTMLInputElement;
    expect([remote.checked, remote.disabled]).toEqual([false, false]);
    const socketTimeout = screen.getByRole('textbox', { name: 'Socket time-out (in seconds)' });
    expect((socketTimeout as HTMLInputElement).value).toBe('30');
    api.on('PATCH /api/services/aspnet_state', {
      body: stateService({
        status: 'Running',
        startupType: 'Automatic',
        settings: { ...stateService().settings, port: 42425 },
      }),
    });
    await user.click(actions().getByRole('button', { name: 'Apply' }));
    await screen.findByText('The changes have been successfully saved.');
    expect(api.sent('PATCH /api/services/aspnet_state')[0]?.body).toEqual({
      startupType: 'Automatic',
      port: 42425,
    });
  });

  it('says so when the server cannot manage the service (404)', async () => {
    renderApp('/services/aspnet_state');
    await screen.findByText('The ASP.NET State Service cannot be managed on this server.');
  });
});

describe('the Store of the ASP.NET State Service page', () => {
  const memory = () =>
    stateService({ settings: { ...stateService().settings, store: 'memory', keyPrefix: 'aspnet_state:' } });

  it('switches to Redis with a URL, tests it, and applies only the store', async () => {
    const { user, api } = renderApp('/services/aspnet_state', {
      'GET /api/services/aspnet_state': { body: memory() },
      'POST /api/state-server/test-store': {
        body: {
          ok: true,
          address: 'redis://127.0.0.1:6379/0',
          version: '7.0.15',
          roundTripMs: 0.4,
          message: 'Connected to Redis 7.0.15 at redis://127.0.0.1:6379/0: round trip 0.4 ms.',
        },
      },
    });
    const inMemory = (await screen.findByRole('radio', { name: 'In memory' })) as HTMLInputElement;
    expect(inMemory.checked).toBe(true);
    expect(screen.queryByRole('textbox', { name: 'Redis URL' })).toBeNull();

    await user.click(screen.getByRole('radio', { name: 'Redis' }));
    const url = screen.getByRole('textbox', { name: 'Redis URL' });
    expect(disabled('Apply')).toBe(true); // no URL yet
    await user.type(url, 'http://cache');
    expect(screen.getByText(/^Enter a Redis URL/)).toBeTruthy();
    await user.clear(url);
    await user.type(url, 'redis://127.0.0.1:6379/0');
    await user.click(screen.getByRole('button', { name: 'Test' }));
    await screen.findByText('Connected to Redis 7.0.15 at redis://127.0.0.1:6379/0: round trip 0.4 ms.');
    expect(api.sent('POST /api/state-server/test-store')[0]?.body).toEqual({
      store: 'redis://127.0.0.1:6379/0',
    });

    api.on('POST /api/state-server/test-store', {
      body: {
        ok: false,
        address: 'redis://127.0.0.1:6379/0',
        failure: 'refused',
        message: 'Cannot use the Redis store at redis://127.0.0.1:6379/0: connection refused.',
      },
    });
    await user.click(screen.getByRole('button', { name: 'Test' }));
    await screen.findByText('Cannot use the Redis store at redis://127.0.0.1:6379/0: connection refused.');

    api.on('PATCH /api/services/aspnet_state', {
      body: stateService({ settings: { ...memory().settings, store: 'redis://127.0.0.1:6379/0' } }),
    });
    await user.click(actions().getByRole('button', { name: 'Apply' }));
    await screen.findByText('The changes have been successfully saved.');
    expect(api.sent('PATCH /api/services/aspnet_state')[0]?.body).toEqual({
      store: 'redis://127.0.0.1:6379/0',
    });
  });

  it('shows the store in use, its health and how many instances share it', async () => {
    const settings = { ...stateService().settings, store: 'redis://:***@cache:6379/0', keyPrefix: 'shop:' };
    renderApp('/services/aspnet_state', {
      'GET /api/services/aspnet_state': {
        body: stateService({
          status: 'Running',
          pid: 7,
          settings,
          runningSettings: settings,
          store: {
            kind: 'redis',
            address: 'redis://cache:6379/0',
            keyPrefix: 'shop:',
            reachable: true,
            roundTripMs: 0.52,
            instances: 3,
          },
        }),
      },
    });
    await screen.findByText(
      'Store in use: Redis at redis://cache:6379/0, key prefix "shop:" — reachable, round trip 0.52 ms.',
    );
    expect(screen.getByText(/^Shared by 3 state service instances/)).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Redis URL' }) as HTMLInputElement).value).toBe(
      'redis://:***@cache:6379/0',
    );
  });

  it("says when the store cannot be reached, and has no Store for Windows' aspnet_state", async () => {
    renderApp('/services/aspnet_state', {
      'GET /api/services/aspnet_state': {
        body: stateService({
          status: 'Running',
          store: {
            kind: 'redis',
            address: 'redis://cache:6379/0',
            keyPrefix: 'aspnet_state:',
            reachable: false,
            lastError: 'connection refused',
          },
        }),
      },
    });
    const alert = await screen.findByText(/^Store in use: Redis at redis:\/\/cache:6379\/0/);
    expect(alert.textContent).toContain('not reachable: connection refused. Requests fail until it is back.');
    expect(alert.getAttribute('role')).toBe('alert');
    // This service's settings carry no store (as Windows' aspnet_state): nothing to choose.
    expect(screen.queryByRole('radio', { name: 'In memory' })).toBeNull();
  });
});

describe('State Server warning on the Session State page', () => {
  it('warns when the local service is not running or not automatic, and on a port mismatch', async () => {
    const { user, api } = renderApp('/level/WebSite1/session-state', {
      'GET /api/config/session-state': {
        body: sessionState({ attributes: { stateConnectionString: setHere('tcpip=localhost:42425') } }),
      },
      'GET /api/services/aspnet_state': { body: stateService() },
    });
    await user.click(await screen.findByRole('radio', { name: 'State Server' }));
    const alert = await screen.findByText(
      'The ASP.NET State Service on this server is Stopped (startup type Manual). State Server mode needs it running; its start behavior should be Automatic.',
    );
    const box = alert.closest('[role="alert"]') as HTMLElement;
    expect(box).not.toBeNull();
    expect(screen.getByText(/^The connection string uses port 42425/).textContent).toBe(
      'The connection string uses port 42425, but the ASP.NET State Service on this server listens on port 42424.',
    );

    api.on('PATCH /api/services/aspnet_state', { body: stateService({ startupType: 'Automatic' }) });
    api.on('GET /api/services/aspnet_state', { body: stateService({ startupType: 'Automatic' }) });
    await user.click(within(box).getByRole('button', { name: 'Set to Automatic' }));
    await waitFor(() =>
      expect(api.sent('PATCH /api/services/aspnet_state')[0]?.body).toEqual({ startupType: 'Automatic' }),
    );
    // Now Automatic: Start service is what is left to do.
    await waitFor(() =>
      expect(
        (within(box).getByRole('button', { name: 'Set to Automatic' }) as HTMLButtonElement).disabled,
      ).toBe(true),
    );
    expect((within(box).getByRole('button', { name: 'Start service' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
    expect(box.textContent).toContain('is Stopped (startup type Automatic)');
  });

  it('Test connection reports the version and round trip, or what failed', async () => {
    const { user, api } = renderApp('/level/WebSite1/session-state', {
      'GET /api/config/session-state': {
        body: sessionState({ attributes: { mode: setHere('StateServer') } }),
      },
      'POST /api/state-server/test-connection': {
        body: {
          ok: true,
          host: 'loopback',
          port: 42424,
          version: '4.0.30319',
          roundTripMs: 1.25,
          message: 'OK',
        },
      },
    });
    await screen.findByRole('radio', { name: 'State Server' });
    await user.click(actions().getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('status')
          .map((s) => s.textContent)
          .join('\n'),
      ).toContain('Connected to the state server at loopback:42424, version 4.0.30319, round trip 1.3 ms.'),
    );
    expect(api.sent('POST /api/state-server/test-connection')[0]?.body).toEqual({
      connectionString: 'tcpip=loopback:42424',
    });
    api.on('POST /api/state-server/test-connection', {
      body: { ok: false, host: 'loopback', port: 42424, failure: 'refused', message: 'Connection refused.' },
    });
    await user.click(actions().getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('status')
          .map((s) => s.textContent)
          .join('\n'),
      ).toContain('Test connection to loopback:42424 failed (refused): Connection refused.'),
    );
  });
});
