// @vitest-environment happy-dom
// The one editor hook of every feature page, against a mocked `fetch` (the api module's boundary):
// load with the ETag, dirty tracking, Apply with If-Match, 412 → stale → Reload, refused values, read-only,
// Revert to parent, View changes, and the unsaved-changes guard.
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { createQueryClient, Providers } from '../Providers';
import { Router } from '../routing/Router';
import { apiError, mockApi, type MockApi } from '../test/mockApi';
import { SAVED_MESSAGE, useConfigEditor, type EditorSpec } from './useConfigEditor';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

interface Thing {
  etag: string;
  readOnly: string | null;
  target: { file: string } | null;
  sectionLocked: boolean;
  value: string;
}
type Values = { value: string };
type Body = { value?: string | null };

const thing = (over: Partial<Thing> = {}): Thing => ({
  etag: '"e1"',
  readOnly: null,
  target: { file: 'inetpub/WebSite1/web.config' },
  sectionLocked: false,
  value: 'a',
  ...over,
});

const spec: EditorSpec<Thing, Values, Body> = {
  queryKey: ['section', 'thing'],
  load: (signal) => api<Thing>('/api/thing', { signal }),
  patch: (body, etag) => api<Thing>('/api/thing', { method: 'PATCH', body, headers: { 'if-match': etag } }),
  preview: (body, etag) => api('/api/thing/preview', { method: 'POST', body, headers: { 'if-match': etag } }),
  loaded: (r) => ({ value: r.value }),
  pending: (_r, loaded, values) => ({
    dirty: values.value !== loaded.value,
    body: values.value !== loaded.value ? { value: values.value } : {},
    errors:
      values.value === ''
        ? [{ attribute: 'value', rule: 'REQUIRED', message: 'String must not be empty' }]
        : [],
  }),
  rebase: (oldLoaded, values, newLoaded) => (values.value !== oldLoaded.value ? values : newLoaded),
  revertBody: (field) => ({ [field]: null }),
};

function setup(first: Thing = thing(), role: 'administrator' | 'reader' = 'administrator') {
  const mock: MockApi = mockApi({
    'GET /api/auth/me': {
      body: { username: role === 'administrator' ? 'admin' : 'viewer', role, authenticatedBy: 'session' },
    },
    'GET /api/auth/csrf': { body: { token: 'csrf-token' } },
    'GET /api/thing': { body: first, headers: { etag: first.etag } },
  });
  const router = new Router(window);
  const queryClient = createQueryClient();
  function SignedIn({ children }: { children: ReactNode }) {
    return useAuth().user ? <>{children}</> : null;
  }
  const wrapper = ({ children }: { children: ReactNode }) => (
    <Providers queryClient={queryClient} router={router}>
      <SignedIn>{children}</SignedIn>
    </Providers>
  );
  const hook = renderHook(() => useConfigEditor(spec), { wrapper });
  return { mock, router, hook };
}

async function ready(hook: ReturnType<typeof setup>['hook']) {
  await waitFor(() => expect(hook.result.current?.status).toBe('ready'));
  return () => hook.result.current;
}

describe('useConfigEditor', () => {
  it('loads, tracks edits against what was loaded, and applies with If-Match', async () => {
    const { mock, hook, router } = setup();
    const editor = await ready(hook);
    expect(editor().values).toEqual({ value: 'a' });
    expect(editor().dirty).toBe(false);
    expect(editor().canApply).toBe(false);
    expect(router.isBlocked).toBe(false);

    act(() => editor().update(() => ({ value: 'b' }), ['value']));
    expect(editor().dirty).toBe(true);
    expect(editor().canApply).toBe(true);
    expect(router.isBlocked).toBe(true);
    // Typing the loaded value back is no change.
    act(() => editor().update(() => ({ value: 'a' })));
    expect(editor().dirty).toBe(false);
    act(() => editor().update(() => ({ value: 'b' })));

    mock.on('PATCH /api/thing', (r) => ({
      body: thing({ etag: '"e2"', value: (r.body as Body).value ?? 'a' }),
    }));
    let saved = false;
    await act(async () => {
      saved = await editor().apply();
    });
    expect(saved).toBe(true);
    const [patch] = mock.sent('PATCH /api/thing');
    expect(patch?.headers['if-match']).toBe('"e1"');
    expect(patch?.body).toEqual({ value: 'b' });
    expect(editor().saved).toBe(SAVED_MESSAGE);
    expect(editor().data?.etag).toBe('"e2"');
    expect(editor().values).toEqual({ value: 'b' });
    expect(editor().dirty).toBe(false);
    expect(router.isBlocked).toBe(false);
  });

  it('a client-side error keeps Apply disabled and sends nothing', async () => {
    const { mock, hook } = setup();
    const editor = await ready(hook);
    act(() => editor().update(() => ({ value: '' })));
    expect(editor().dirty).toBe(true);
    expect(editor().canApply).toBe(false);
    let saved = true;
    await act(async () => {
      saved = await editor().apply();
    });
    expect(saved).toBe(false);
    expect(mock.sent('PATCH /api/thing')).toHaveLength(0);
  });

  it('412: stale, nothing else; Reload (Cancel) reads again and drops the edits', async () => {
    const { mock, hook } = setup();
    const editor = await ready(hook);
    act(() => editor().update(() => ({ value: 'b' })));
    mock.on(
      'PATCH /api/thing',
      apiError(412, 'PRECONDITION', 'The configuration changed since it was read.'),
    );
    await act(async () => {
      await editor().apply();
    });
    expect(editor().stale).toBe(true);
    expect(editor().writeError).toBeNull();
    expect(editor().dirty).toBe(true);

    mock.on('GET /api/thing', { body: thing({ etag: '"e9"', value: 'z' }) });
    await act(async () => {
      await editor().cancel();
    });
    expect(editor().stale).toBe(false);
    expect(editor().values).toEqual({ value: 'z' });
    expect(editor().dirty).toBe(false);
  });

  it('a refused value: the server’s field errors, still dirty; changing the field clears its error', async () => {
    const { mock, hook } = setup();
    const editor = await ready(hook);
    act(() => editor().update(() => ({ value: 'b' })));
    mock.on(
      'PATCH /api/thing',
      apiError(400, 'VALIDATION', 'Invalid.', {
        errors: [
          { attribute: 'value', rule: 'RANGE', message: 'Integer value must be between 1 and 9 inclusive' },
        ],
      }),
    );
    await act(async () => {
      await editor().apply();
    });
    expect(editor().serverErrors.map((e) => e.message)).toEqual([
      'Integer value must be between 1 and 9 inclusive',
    ]);
    expect(editor().dirty).toBe(true);
    act(() => editor().update(() => ({ value: 'c' }), ['value']));
    expect(editor().serverErrors).toEqual([]);
  });

  it('another refusal (409) is the write error, with its file', async () => {
    const { mock, hook } = setup();
    const editor = await ready(hook);
    act(() => editor().update(() => ({ value: 'b' })));
    mock.on(
      'PATCH /api/thing',
      apiError(409, 'LOCKED', 'Lock violation', { file: 'inetpub/WebSite1/web.config' }),
    );
    await act(async () => {
      await editor().apply();
    });
    expect(editor().writeError).toBe('Lock violation (inetpub/WebSite1/web.config)');
  });

  it('read-only: a locked level or a reader can edit nothing and is never dirty', async () => {
    const locked = setup(thing({ readOnly: 'This feature has been locked and is read only.' }));
    const editor = await ready(locked.hook);
    expect(editor().readOnly).toBe(true);
    act(() => editor().update(() => ({ value: 'b' })));
    expect(editor().dirty).toBe(false);
    expect(locked.router.isBlocked).toBe(false);
    cleanup();

    const reader = setup(thing(), 'reader');
    const asReader = await ready(reader.hook);
    expect(asReader().readOnly).toBe(false);
    expect(asReader().editable).toBe(false);
    act(() => asReader().update(() => ({ value: 'b' })));
    expect(asReader().dirty).toBe(false);
  });

  it('Revert to parent is a write of its own with the ETag of the last read', async () => {
    const { mock, hook } = setup();
    const editor = await ready(hook);
    mock.on('PATCH /api/thing', { body: thing({ etag: '"e3"', value: 'inherited' }) });
    await act(async () => {
      await editor().revert('value');
    });
    const [patch] = mock.sent('PATCH /api/thing');
    expect(patch?.body).toEqual({ value: null });
    expect(patch?.headers['if-match']).toBe('"e1"');
    expect(editor().saved).toBe(SAVED_MESSAGE);
    // The re-read value shows (the field was not edited).
    await waitFor(() => expect(editor().values).toEqual({ value: 'inherited' }));
  });

  it('View changes asks the server for the diff of the pending change (nothing written)', async () => {
    const { mock, hook } = setup();
    const editor = await ready(hook);
    act(() => editor().update(() => ({ value: 'b' })));
    mock.on('POST /api/thing/preview', { body: { changed: true, files: [{ file: 'x', diff: '+b' }] } });
    let preview: unknown;
    await act(async () => {
      preview = await editor().loadPreview();
    });
    expect(preview).toEqual({ changed: true, files: [{ file: 'x', diff: '+b' }] });
    const [post] = mock.sent('POST /api/thing/preview');
    expect(post?.body).toEqual({ value: 'b' });
    expect(post?.headers['if-match']).toBe('"e1"');
    expect(mock.sent('PATCH /api/thing')).toHaveLength(0);
  });

  it('leaving with unsaved changes: Yes applies, then leaves', async () => {
    const { mock, hook, router } = setup();
    const editor = await ready(hook);
    act(() => editor().update(() => ({ value: 'b' })));
    mock.on('PATCH /api/thing', { body: thing({ etag: '"e2"', value: 'b' }) });
    act(() => router.navigate('/elsewhere'));
    expect(router.getPending()).not.toBeNull();
    expect(window.location.pathname).not.toBe('/elsewhere');
    await act(async () => {
      await router.answer('yes');
    });
    expect(mock.sent('PATCH /api/thing')).toHaveLength(1);
    expect(window.location.pathname).toBe('/elsewhere');
  });
});
