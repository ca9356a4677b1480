import { configure, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Role } from '@iis-console/contracts';
import { App } from '../App';
import { createQueryClient, Providers } from '../Providers';
import { Router } from '../routing/Router';
import { serverTree } from './fixtures';
import { mockApi, type Handler, type MockResponse } from './mockApi';

// The first render of a lazy page transforms its modules: give it time.
configure({ asyncUtilTimeout: 8000 });

/**
 * Renders the whole console at `url`, signed in as `role`, against mocked API routes (tree, auth and
 * whatever `routes` adds).
 */
export function renderApp(
  url: string,
  routes: Record<string, Handler | MockResponse> = {},
  options: { role?: Role | null } = {},
) {
  window.history.replaceState(null, '', url);
  const role = options.role === undefined ? 'administrator' : options.role;
  const api = mockApi({
    'GET /api/auth/me':
      role === null
        ? { status: 401, body: { error: { statusCode: 401, code: 'UNAUTHORIZED', message: 'Sign in.' } } }
        : {
            body: {
              username: role === 'administrator' ? 'admin' : 'viewer',
              role,
              authenticatedBy: 'session',
            },
          },
    'GET /api/auth/csrf': { body: { token: 'csrf-token' } },
    'GET /api/tree': { body: serverTree() },
    ...routes,
  });
  const router = new Router(window);
  const user = userEvent.setup();
  const view = render(
    <Providers queryClient={createQueryClient()} router={router}>
      <App />
    </Providers>,
  );
  return { ...view, api, router, user, screen };
}
