import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { NavigationBlocker, PendingLeave, Router } from './Router';
import { parseRoute, type Route } from './routes';
import { LOCAL } from './servers';

const RouterContext = createContext<Router | null>(null);
const ServerContext = createContext<string>(LOCAL);

export function RouterProvider({ router, children }: { router: Router; children: ReactNode }) {
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

/** The pages inside show `server` (`LOCAL`, or a server registered with this console). */
export function ServerProvider({ server, children }: { server: string; children: ReactNode }) {
  return <ServerContext.Provider value={server}>{children}</ServerContext.Provider>;
}

/** The server the page shows (`LOCAL` outside any ServerProvider: the shell, this console's pages). */
export function useServer(): string {
  return useContext(ServerContext);
}

const scopedRouters = new WeakMap<Router, Map<string, Router>>();

/** The router as a page of `server` uses it: its navigations stay on that server unless told otherwise. */
function scopedRouter(router: Router, server: string): Router {
  let byServer = scopedRouters.get(router);
  if (!byServer) scopedRouters.set(router, (byServer = new Map()));
  let scoped = byServer.get(server);
  if (!scoped) {
    const navigate: Router['navigate'] = (href, options = {}) =>
      router.navigate(href, { server, ...options });
    // Everything else is the router itself (its state, its guard).
    scoped = new Proxy(router, {
      get: (target, key) => (key === 'navigate' ? navigate : Reflect.get(target, key)),
    });
    byServer.set(server, scoped);
  }
  return scoped;
}

/**
 * The router. Inside a ServerProvider of another server, `navigate(href)` goes to that server's page
 * `href` (`/sites` → `/servers/<id>/sites`): a page's links never leave its server by accident.
 */
export function useRouter(): Router {
  const router = useContext(RouterContext);
  const server = useContext(ServerContext);
  if (!router) throw new Error('useRouter outside RouterProvider');
  return server === LOCAL ? router : scopedRouter(router, server);
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
