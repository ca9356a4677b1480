// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionState } from '../test/fixtures';
import { apiError } from '../test/mockApi';
import { renderApp } from '../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const PROMPT = 'The changes you have made will be lost. Do you want to save changes?';

/** The Session State page of WebSite1 with one unsaved change (mode Not enabled). */
async function dirtyPage() {
  const app = renderApp('/level/WebSite1/session-state', {
    'GET /api/config/session-state': { body: sessionState() },
  });
  await app.user.click(await screen.findByRole('radio', { name: 'Not enabled' }));
  return app;
}

const tree = () => within(screen.getByRole('tree', { name: 'Connections' }));

describe('S17: leaving the page with unsaved changes', () => {
  it('asks with Yes / No / Cancel, Cancel focused; Cancel stays with the edits', async () => {
    const { user } = await dirtyPage();
    await user.click(tree().getByRole('treeitem', { name: 'WebSite2' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain(PROMPT);
    const buttons = within(dialog)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(buttons).toEqual(['Yes', 'No', 'Cancel']);
    await waitFor(() =>
      expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' })),
    );

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(window.location.pathname).toBe('/level/WebSite1/session-state');
    expect((screen.getByRole('radio', { name: 'Not enabled' }) as HTMLInputElement).checked).toBe(true);
  });

  it('No discards and navigates without asking again', async () => {
    const { user, api } = await dirtyPage();
    await user.click(tree().getByRole('treeitem', { name: 'WebSite2' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'No' }));
    await screen.findByRole('heading', { name: 'WebSite2 Home' });
    expect(window.location.pathname).toBe('/level/WebSite2');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.sent('PATCH /api/config/session-state')).toEqual([]);
  });

  it('Yes applies, then navigates', async () => {
    const { user, api } = await dirtyPage();
    api.on('PATCH /api/config/session-state', { body: sessionState({ etag: '"etag-2"' }) });
    await user.click(tree().getByRole('treeitem', { name: 'WebSite2' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Yes' }));
    await screen.findByRole('heading', { name: 'WebSite2 Home' });
    expect(api.sent('PATCH /api/config/session-state').map((r) => r.body)).toEqual([{ mode: 'Off' }]);
  });

  it('Yes stays on the page when Apply fails', async () => {
    const { user, api } = await dirtyPage();
    api.on('PATCH /api/config/session-state', apiError(409, 'LOCKED', 'Lock violation'));
    await user.click(tree().getByRole('treeitem', { name: 'WebSite2' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Yes' }));
    await screen.findByText('Lock violation');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(window.location.pathname).toBe('/level/WebSite1/session-state');
  });

  it('also guards address-bar links; without changes nothing asks', async () => {
    const { user } = await dirtyPage();
    await user.click(
      within(screen.getByRole('navigation', { name: 'Address' })).getByRole('link', { name: 'Sites' }),
    );
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    // Back to no change: leaving does not ask.
    await user.click(screen.getByRole('radio', { name: 'In process' }));
    await user.click(tree().getByRole('treeitem', { name: 'WebSite2' }));
    await screen.findByRole('heading', { name: 'WebSite2 Home' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});
