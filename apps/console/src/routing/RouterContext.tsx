import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { NavigationBlocker, PendingLeave, Router } from './Router';
import { parseRoute, type Route } from './routes';

const RouterContext = createContext<Router | null>(null);

export function RouterProvider({ router, children }: { router: Router; children: ReactNode }) {
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter outside RouterProvider');
  return router;
}

/** The current `pathname + search`. */
export function useHref(): string {
  const router = useRouter();
  return useSyncExternalStore(router.subscribe, router.getHref);
}

export function useRoute(): { route: Route; search: URLSearchParams } {
  const href = useHref();
  return useMemo(() => {
    const q = href.indexOf('?');
    const pathname = q < 0 ? href : href.slice(0, q);
    return { route: parseRoute(pathname), search: new URLSearchParams(q < 0 ? '' : href.slice(q)) };
  }, [href]);
}

export function usePendingLeave(): PendingLeave | null {
  const router = useRouter();
  return useSyncExternalStore(router.subscribePending, router.getPending);
}

/**
 * While `blocker` is set (the page has unsaved changes), leaving asks first and closing the tab warns
 * (`beforeunload`). The latest `save` is always the one called.
 */
export function useNavigationBlocker(blocker: NavigationBlocker | null): void {
  const router = useRouter();
  const latest = useRef(blocker);
  useEffect(() => {
    latest.current = blocker;
  });
  const active = blocker !== null;
  useEffect(() => {
    if (!active) return;
    const remove = router.block({ save: () => latest.current?.save() ?? Promise.resolve(true) });
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need returnValue set to show the prompt.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      remove();
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [active, router]);
}
