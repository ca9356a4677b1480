import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { errorMessage } from '../api/client';
import { useAuth, useUser } from '../auth/AuthContext';
import { ConnectionsToolbar, useFarmRoots } from '../features/farm/connections';
import { FeaturesView } from '../features/home/FeaturesView';
import { Link } from '../routing/Link';
import { usePendingLeave, useRoute, useRouter } from '../routing/RouterContext';
import { LOCAL, type Route } from '../routing/routes';
import { ActionsSlotContext } from './ActionsPane';
import { AddressBar, crumbsFor } from './AddressBar';
import { featurePage, LevelActions, RemoteServerPage, SitesView } from './pages';
import { ConnectionsTree } from './ConnectionsTree';
import { ServerClientsProvider, ServerScope, useServerClients } from './ServerScope';
import { indexTree, isServerRootKey, nodeHref, routeKey } from './treeModel';
import { useServerTree } from './useServerTree';

// Only pages with unsaved changes ask, and they have loaded the shared texts already.
const UnsavedChangesDialog = lazy(() =>
  import('./UnsavedChangesDialog').then((m) => ({ default: m.UnsavedChangesDialog })),
);

function LeavePrompt() {
  const pending = usePendingLeave();
  if (!pending) return null;
  return (
    <Suspense fallback={null}>
      <UnsavedChangesDialog />
    </Suspense>
  );
}

function TopBar() {
  const user = useUser();
  const { signOut } = useAuth();
  const router = useRouter();
  return (
    <header className="top-bar">
      <span className="product">
        <span className="product-icon" aria-hidden="true" />
        Internet Information Services (IIS) Console
      </span>
      <span className="signed-in">
        Signed in as {user.username} ({user.role})
      </span>
      <Button className="button small" onPress={() => router.guard(() => void signOut())}>
        Sign out
      </Button>
    </header>
  );
}

function Page({ route }: { route: Route }): ReactNode {
  switch (route.kind) {
    case 'features':
      return (
        <>
          <FeaturesView key={route.path.toLowerCase()} path={route.path} />
          {route.path !== '' && (
            <LevelActions key={`actions:${route.path.toLowerCase()}`} path={route.path} />
          )}
        </>
      );
    case 'sites':
      return <SitesView />;
    case 'feature': {
      const FeaturePage = featurePage(route.feature);
      return <FeaturePage key={`${route.feature.id}:${route.path.toLowerCase()}`} path={route.path} />;
    }
    default:
      return (
        <div className="page">
          <h1>Page not found</h1>
          <p>
            There is no page at {route.pathname}. <Link href="/">Go to the start page</Link>.
          </p>
        </div>
      );
  }
}

/** IIS Manager's window: top bar, address bar, then Connections | page | Actions. */
export function Shell() {
  return (
    <ServerClientsProvider>
      <Window />
    </ServerClientsProvider>
  );
}

function Window() {
  const { route, search } = useRoute();
  const router = useRouter();
  const { clientFor } = useServerClients();
  // Ask for a feature page's data while its code is still loading. Declared before the tree's query
  // so that its request goes first: on a 10,000-site server the tree is the largest answer.
  useEffect(() => {
    if (route.kind === 'feature') route.feature.prefetch?.(clientFor(route.server), route.path, search);
  }, [route, search, clientFor]);
  const tree = useServerTree();
  // The expanded roots of other servers (a string: expanding anything else renders nothing new here).
  const [openRoots, setOpenRoots] = useState('');
  const onExpandedChange = useCallback(
    (keys: ReadonlySet<string>) => setOpenRoots([...keys].filter(isServerRootKey).join(' ')),
    [],
  );
  const farm = useFarmRoots(route.server, openRoots);

  const [actionsSlot, setActionsSlot] = useState<HTMLElement | null>(null);
  const local = route.server === LOCAL;
  const serverTree = local ? tree.data : farm.trees.get(route.server);
  const index = useMemo(
    () => (local ? tree.index : serverTree && indexTree(serverTree)),
    [local, tree.index, serverTree],
  );
  const machine = local ? (tree.machineName ?? 'Server') : (farm.names.get(route.server) ?? route.server);
  const crumbs = useMemo(() => crumbsFor(route, index, machine), [route, index, machine]);
  // Another server's node, or any page of a server that is not registered (once the list is known).
  const serverPage =
    !local &&
    ((route.kind === 'features' && route.path === '') || (farm.loaded && !farm.names.has(route.server)));

  return (
    <div className="shell">
      <TopBar />
      <AddressBar crumbs={crumbs} />
      <div className="panes">
        <section aria-label="Connections" className="pane connections-pane">
          <h2 className="pane-title">Connections</h2>
          <ConnectionsToolbar />
          {tree.data ? (
            <ConnectionsTree
              tree={tree.data}
              moreRoots={farm.roots}
              selectedKey={routeKey(route)}
              onSelect={(node, server) => router.navigate(nodeHref(node, server))}
              onExpandedChange={onExpandedChange}
            />
          ) : tree.isError ? (
            <p role="alert" className="pane-message error-text">
              {errorMessage(tree.error)}
            </p>
          ) : (
            <p className="pane-message">Loading…</p>
          )}
        </section>
        {/* Focusable, so that a page without controls (read-only) can still be scrolled by keyboard. */}
        <main className="pane workspace" tabIndex={0}>
          <ActionsSlotContext.Provider value={actionsSlot}>
            <Suspense fallback={<p className="pane-message">Loading…</p>}>
              {serverPage ? (
                <RemoteServerPage key={route.server} id={route.server} />
              ) : (
                // A page of one server at a time: its own cache and links (a new page per server).
                <ServerScope key={route.server} server={route.server}>
                  <Page route={route} />
                </ServerScope>
              )}
            </Suspense>
          </ActionsSlotContext.Provider>
        </main>
        <section aria-label="Actions" className="pane actions-pane">
          <h2 className="pane-title">Actions</h2>
          <div ref={setActionsSlot} className="actions-slot" />
        </section>
      </div>
      <LeavePrompt />
    </div>
  );
}
