import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { errorMessage } from '../api/client';
import { useAuth, useUser } from '../auth/AuthContext';
import { ConnectionsToolbar, useFarmRoots } from '../features/farm/connections';
import { FeaturesView } from '../features/home/FeaturesView';
import { Link } from '../routing/Link';
import { usePendingLeave, useRoute, useRouter } from '../routing/RouterContext';
import { featureIdHref, featuresHref, serverHref, SITES_HREF, type Route } from '../routing/routes';
import { ActionsSlotContext } from './ActionsPane';
import { AddressBar, crumbsFor } from './AddressBar';
import { featurePage, LevelActions, RemoteServerPage, SitesView } from './pages';
import { ConnectionsTree } from './ConnectionsTree';
import { routeKey, type ConnectionsNode } from './treeModel';
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

function nodeHref(node: ConnectionsNode): string {
  if (node.kind === 'server') return '/';
  if (node.kind === 'sites') return SITES_HREF;
  if (node.kind === 'feature') return featureIdHref(node.feature ?? '', '');
  if (node.kind === 'remoteServer') return serverHref(node.server ?? '');
  return featuresHref(node.path);
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
    case 'server':
      return <RemoteServerPage key={route.id} id={route.id} />;
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
  const { route, search } = useRoute();
  const router = useRouter();
  const queryClient = useQueryClient();
  // Ask for a feature page's data while its code is still loading. Declared before the tree's query
  // so that its request goes first: on a 10,000-site server the tree is the largest answer.
  useEffect(() => {
    if (route.kind === 'feature') route.feature.prefetch?.(queryClient, route.path, search);
  }, [route, search, queryClient]);
  const tree = useServerTree();

  const [actionsSlot, setActionsSlot] = useState<HTMLElement | null>(null);
  const machine = tree.machineName ?? 'Server';
  const farm = useFarmRoots();
  const crumbs = useMemo(
    () =>
      route.kind === 'server'
        ? [{ name: farm.names.get(route.id) ?? route.id, href: serverHref(route.id) }]
        : crumbsFor(route, tree.index, machine),
    [route, tree.index, machine, farm.names],
  );

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
              onSelect={(node) => router.navigate(nodeHref(node))}
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
              <Page route={route} />
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
