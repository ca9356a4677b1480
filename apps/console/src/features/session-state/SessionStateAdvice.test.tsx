// @vitest-environment happy-dom
// The session state advisor on the Session State page (docs/advisor.md): each warning next to its
// field, described to assistive technology, with its one-click fix.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdvisorFix, SessionStateResponse, SessionStateWarning } from '@iis-console/contracts';
import { sessionState, setHere, stateService } from '../../test/fixtures';
import { descriptionOf } from '../../test/dom';
import { apiError, type Handler } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const GARDEN =
  "Application pool 'DefaultAppPool' runs 4 worker processes (a web garden), each with its own in-process sessions, so users lose their session whenever a request reaches another process.";
const IDLE =
  "Application pool 'DefaultAppPool' shuts its worker process down after 20 minutes without requests, so when the site is quiet in-process sessions end before their 30-minute time-out.";
const SAME_SITE =
  'The session cookie says SameSite=None without Secure (httpCookies requireSSL is false), so current browsers reject it and users get a new, empty session on every request.';
const STOPPED =
  'The ASP.NET State Service on this server is Stopped (startup type Manual), so every request that uses session state fails until the service runs.';
const URI =
  'Session IDs travel in URLs, so anyone who gets a shared link, a bookmark or a Referer header from a user can take over that user’s session.';

const useStateServer: AdvisorFix = {
  kind: 'config',
  label: 'Use State Server',
  section: 'system.web/sessionState',
  path: 'WebSite1',
  configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
  change: { attributes: { mode: 'StateServer' } },
};
const idleFix: AdvisorFix = {
  kind: 'config',
  label: 'Set Idle Time-out to 0',
  section: 'system.applicationHost/applicationPools',
  path: '',
  configPath: 'MACHINE/WEBROOT/APPHOST',
  change: {
    elements: { "[name='DefaultAppPool'].processModel": { attributes: { idleTimeout: '00:00:00' } } },
  },
};
const sslFix: AdvisorFix = {
  kind: 'config',
  label: 'Require SSL for cookies',
  section: 'system.web/httpCookies',
  path: 'WebSite1',
  configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
  change: { attributes: { requireSSL: 'true' } },
};

function advice(
  attribute: string,
  code: string,
  message: string,
  severity: 'error' | 'warning',
  fix?: AdvisorFix,
): SessionStateWarning {
  return { attribute, rule: code, code, message, severity, ...(fix ? { fix } : {}) };
}

const garden = advice('mode', 'InProcWebGarden', GARDEN, 'error', useStateServer);
const idle = advice('timeout', 'InProcIdleTimeout', IDLE, 'warning', idleFix);
const sameSite = advice('cookieSameSite', 'SameSiteNoneInsecure', SAME_SITE, 'error', sslFix);

/** The page with these warnings first, then (after a fix) each later GET answers `after`. */
async function openPage(
  first: SessionStateResponse,
  options: {
    role?: 'administrator' | 'reader';
    after?: SessionStateResponse;
    routes?: Record<string, Handler>;
  } = {},
) {
  let reads = 0;
  const app = renderApp(
    '/level/WebSite1/session-state',
    {
      'GET /api/config/session-state': () => {
        const body = reads++ === 0 || !options.after ? first : options.after;
        return { body, headers: { etag: body.etag } };
      },
      ...options.routes,
    },
    options.role ? { role: options.role } : {},
  );
  await screen.findByRole('radio', { name: 'In process' });
  return app;
}

const note = (text: string) => screen.getByText(text).closest('li')!;
const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;

describe('advisor warnings next to their fields', () => {
  it('each warning sits at its field, with its severity, and the field is described by it', async () => {
    await openPage(
      sessionState({
        attributes: {
          timeout: setHere('30'),
          cookieSameSite: setHere('None'),
          cookieless: setHere('UseUri'),
        },
        warnings: [
          { attribute: 'cookieName', rule: 'V4c', message: 'A file warning stays in the list.' },
          garden,
          idle,
          advice('cookieless', 'CookielessUri', URI, 'warning'),
          sameSite,
        ],
      }),
    );
    const modes = screen.getByRole('radiogroup', { name: 'Session State Mode Settings' });
    expect(descriptionOf(modes)).toContain(`Error: ${GARDEN}`);
    expect(modes.contains(note(GARDEN))).toBe(true);
    expect(note(GARDEN).className).toContain('error');

    const timeout = screen.getByRole('textbox', { name: 'Time-out (in minutes)' });
    expect(descriptionOf(timeout)).toContain(`Warning: ${IDLE}`);
    expect(note(IDLE).className).toContain('warning');
    // Next to the field: the note follows the time-out field, before the next field.
    const regenerate = screen.getByRole('checkbox', { name: 'Regenerate expired session ID' });
    expect(timeout.compareDocumentPosition(note(IDLE)) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(note(IDLE).compareDocumentPosition(regenerate) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    expect(descriptionOf(screen.getByRole('combobox', { name: 'Mode' }))).toContain(URI);
    expect(within(note(URI)).queryByRole('button')).toBeNull();
    expect(descriptionOf(screen.getByRole('combobox', { name: 'SameSite' }))).toContain(SAME_SITE);

    // Only the file warning is left in the Warnings list.
    const list = within(screen.getByRole('region', { name: 'Warnings' }));
    expect(list.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'cookieName: A file warning stays in the list.',
    ]);
  });

  it('"Use State Server" selects State Server in the form; Apply sends it to the session state route', async () => {
    const { user, api } = await openPage(sessionState({ warnings: [garden] }));
    api.on('PATCH /api/config/session-state', {
      body: sessionState({ etag: '"etag-2"', attributes: { mode: setHere('StateServer') } }),
    });
    await user.click(within(note(GARDEN)).getByRole('button', { name: 'Use State Server' }));
    expect(radio('State Server').checked).toBe(true);
    const status = await screen.findByText(/^Use State Server: selected below/);
    expect(document.activeElement).toBe(status);
    expect(within(note(GARDEN)).queryByRole('button')).toBeNull();
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    await user.click(
      within(screen.getByRole('region', { name: 'Actions' })).getByRole('button', { name: 'Apply' }),
    );
    await screen.findByText('The changes have been successfully saved.');
    expect(api.sent('PATCH /api/config/session-state')[0]?.body).toEqual({ mode: 'StateServer' });
    // The answer has no warning any more.
    await waitFor(() => expect(screen.queryByText(GARDEN)).toBeNull());
  });

  it('"Set Idle Time-out to 0" patches the pools with their ETag, then the page re-reads and the warning goes', async () => {
    const first = sessionState({ attributes: { timeout: setHere('30') }, warnings: [idle] });
    const { user, api } = await openPage(first, {
      after: sessionState({ etag: '"etag-2"', attributes: { timeout: setHere('30') } }),
      routes: {
        'GET /api/config/section': () => ({ body: { etag: '"pools-1"', target: null } }),
        'PATCH /api/config/section': () => ({
          body: {
            etag: '"pools-2"',
            target: { file: 'Windows/System32/inetsrv/config/applicationHost.config' },
          },
        }),
      },
    });
    await user.click(within(note(IDLE)).getByRole('button', { name: 'Set Idle Time-out to 0' }));
    await screen.findByText(
      'Set Idle Time-out to 0: saved to Windows/System32/inetsrv/config/applicationHost.config.',
    );
    const [read] = api.sent('GET /api/config/section');
    expect(read?.query.get('section')).toBe('system.applicationHost/applicationPools');
    expect(read?.query.get('path')).toBe('');
    const [patch] = api.sent('PATCH /api/config/section');
    expect(patch?.query.get('section')).toBe('system.applicationHost/applicationPools');
    expect(patch?.headers['if-match']).toBe('"pools-1"');
    expect(patch?.body).toEqual(idleFix.kind === 'config' ? idleFix.change : undefined);
    await waitFor(() => expect(screen.queryByText(IDLE)).toBeNull());
    expect(api.sent('GET /api/config/session-state').length).toBeGreaterThanOrEqual(2);
  });

  it('"Require SSL for cookies" patches httpCookies at the level and keeps the page’s unsaved edits', async () => {
    const first = sessionState({ attributes: { cookieSameSite: setHere('None') }, warnings: [sameSite] });
    const { user, api } = await openPage(first, {
      after: sessionState({ etag: '"etag-2"', attributes: { cookieSameSite: setHere('None') } }),
      routes: {
        'GET /api/config/section': () => ({ body: { etag: '"cookies-1"', target: null } }),
        'PATCH /api/config/section': () => ({
          body: { etag: '"cookies-2"', target: { file: 'inetpub/WebSite1/web.config' } },
        }),
      },
    });
    const name = screen.getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Shop');
    await user.click(within(note(SAME_SITE)).getByRole('button', { name: 'Require SSL for cookies' }));
    await waitFor(() => expect(screen.queryByText(SAME_SITE)).toBeNull());
    const [patch] = api.sent('PATCH /api/config/section');
    expect(patch?.query.get('section')).toBe('system.web/httpCookies');
    expect(patch?.query.get('path')).toBe('WebSite1');
    expect(patch?.headers['if-match']).toBe('"cookies-1"');
    expect(patch?.body).toEqual({ attributes: { requireSSL: 'true' } });
    expect((name as HTMLInputElement).value).toBe('Shop');
  });

  it('"Start service" starts the state service and sets it to Automatic, as the fix says', async () => {
    const stopped = advice('stateConnectionString', 'StateServiceStopped', STOPPED, 'error', {
      kind: 'service',
      label: 'Start service',
      service: 'aspnet_state',
      start: true,
      startupType: 'Automatic',
    });
    const state = (warnings: SessionStateWarning[], etag = '"etag-1"') =>
      sessionState({ etag, attributes: { mode: setHere('StateServer') }, warnings });
    const { user, api } = await openPage(state([stopped]), {
      after: state([], '"etag-2"'),
      routes: {
        'GET /api/services/aspnet_state': () => ({ body: stateService() }),
        'POST /api/services/aspnet_state/start': () => ({ body: stateService({ status: 'Running' }) }),
        'PATCH /api/services/aspnet_state': () => ({
          body: stateService({ status: 'Running', startupType: 'Automatic' }),
        }),
      },
    });
    const box = screen.getByRole('textbox', { name: 'Connection string' });
    expect(descriptionOf(box)).toContain(STOPPED);
    // The page's own state service check does not say it a second time.
    expect(screen.queryByText(/State Server mode needs it running/)).toBeNull();
    await user.click(within(note(STOPPED)).getByRole('button', { name: 'Start service' }));
    await screen.findByText('The ASP.NET State Service was started and its startup type set to Automatic.');
    expect(api.sent('POST /api/services/aspnet_state/start').length).toBe(1);
    expect(api.sent('PATCH /api/services/aspnet_state')[0]?.body).toEqual({ startupType: 'Automatic' });
    await waitFor(() => expect(screen.queryByText(STOPPED)).toBeNull());
  });

  it('a failed fix says why and the warning stays', async () => {
    const { user } = await openPage(
      sessionState({ attributes: { cookieSameSite: setHere('None') }, warnings: [sameSite] }),
      {
        routes: {
          'GET /api/config/section': () => ({ body: { etag: '"cookies-1"', target: null } }),
          'PATCH /api/config/section': () =>
            apiError(409, 'LOCKED', 'This configuration section cannot be used at this path.'),
        },
      },
    );
    await user.click(within(note(SAME_SITE)).getByRole('button', { name: 'Require SSL for cookies' }));
    const text = await screen.findByText(
      'Require SSL for cookies failed: This configuration section cannot be used at this path.',
    );
    expect(text.getAttribute('role')).toBe('alert');
    expect(screen.getByText(SAME_SITE)).toBeTruthy();
  });

  it('a reader sees the warnings without fix buttons', async () => {
    await openPage(sessionState({ attributes: { timeout: setHere('30') }, warnings: [garden, idle] }), {
      role: 'reader',
    });
    for (const message of [GARDEN, IDLE]) {
      expect(screen.getByText(message)).toBeTruthy();
      expect(within(note(message)).queryByRole('button')).toBeNull();
    }
  });
});
