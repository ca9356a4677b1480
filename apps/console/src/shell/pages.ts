// The big pages, loaded on first use so that sign-in and the shell stay small; `preloadPage` starts
// loading the page of the URL the browser opened while the session is still being checked.

import { lazy } from 'react';
import type { ComponentType } from 'react';
import type { Route } from '../routing/routes';

function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => ({ default: component }),
      (error: unknown) => {
        // Let a later attempt try again (e.g. after a network error).
        loading = undefined;
        throw error;
      },
    ));
  return Object.assign(lazy(preload), { preload });
}

export const SessionStatePage = lazyPage(() =>
  import('../features/session-state/SessionStatePage').then((m) => m.SessionStatePage),
);
export const SitesView = lazyPage(() => import('../features/sites/SitesView').then((m) => m.SitesView));
export const StateServicePage = lazyPage(() =>
  import('../features/state-service/StateServicePage').then((m) => m.StateServicePage),
);

export function preloadPage(route: Route): void {
  const page =
    route.kind === 'sessionState'
      ? SessionStatePage
      : route.kind === 'sites'
        ? SitesView
        : route.kind === 'stateService'
          ? StateServicePage
          : undefined;
  page?.preload().catch(() => undefined);
}
