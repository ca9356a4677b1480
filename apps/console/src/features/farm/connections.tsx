// The farm in the Connections pane: the other servers as roots below this one, each with its own tree
// (read from that server when its root is expanded or one of its pages is open), and Connect to a
// Server… (administrators only). Small on purpose: the shell imports it; the dialog loads on first use.

import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { errorMessage } from '../../api/client';
import { useUser } from '../../auth/AuthContext';
import { useRouter } from '../../routing/RouterContext';
import { serverHref } from '../../routing/routes';
import { useServerClients, useServerTrees, type TreeResult } from '../../shell/ServerScope';
import { remoteServerKey, type ConnectionsNode } from '../../shell/treeModel';
import { serversQuery } from './api';

const ConnectServerDialog = lazy(() =>
  import('./ConnectServerDialog').then((m) => ({ default: m.ConnectServerDialog })),
);

const NONE: ConnectionsNode[] = [];

/** Another server's root: its tree once read, else one line in its place (loading, or why not). */
function remoteRoot(id: string, name: string, tree: TreeResult | undefined): ConnectionsNode {
  if (tree?.data) return { ...tree.data, name, server: id };
  const line: ConnectionsNode = tree?.isError
    ? { kind: 'message', name: errorMessage(tree.error), error: true, path: '', configPath: '', children: [] }
    : { kind: 'message', name: 'Loading…', path: '', configPath: '', children: [] };
  return { kind: 'server', server: id, name, path: '', configPath: '', children: [line] };
}

export interface FarmRoots {
  /** The registered servers as Connections roots (none while loading or when the list fails). */
  roots: ConnectionsNode[];
  names: ReadonlyMap<string, string>;
  /** Whether the list of servers has been read (an unknown id is then not registered). */
  loaded: boolean;
  /** Each server's tree, as read. */
  trees: ReadonlyMap<string, ConnectionsNode>;
}

/**
 * The other servers as roots of Connections. A server's tree is read when its root is expanded
 * (`openRoots`: their keys, space-separated) or `current` is that server (its page is open).
 */
export function useFarmRoots(current: string, openRoots: string): FarmRoots {
  const { data } = useQuery(serversQuery());
  const { retain } = useServerClients();
  const others = useMemo(() => data?.servers.filter((s) => !s.local) ?? [], [data]);
  const ids = useMemo(() => others.map((s) => s.id), [others]);
  const wanted = useMemo(
    () => new Set(ids.filter((id) => id === current || openRoots.split(' ').includes(remoteServerKey(id)))),
    [ids, current, openRoots],
  );
  const trees = useServerTrees(ids, wanted);
  useEffect(() => {
    if (data) retain(ids);
  }, [data, ids, retain]);
  return useMemo(() => {
    const roots = others.map((s, i) => remoteRoot(s.id, s.name, trees[i]));
    return {
      roots: roots.length === 0 ? NONE : roots,
      names: new Map(others.map((s) => [s.id, s.name])),
      loaded: data !== undefined,
      trees: new Map(others.flatMap((s, i) => (trees[i]?.data ? [[s.id, trees[i].data] as const] : []))),
    };
  }, [others, trees, data]);
}

/** The Connections pane's toolbar: Connect to a Server… (IIS Manager's "Create New Connection"). */
export function ConnectionsToolbar() {
  const user = useUser();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  if (user.role !== 'administrator') return null;
  return (
    <div className="connections-toolbar">
      <Button className="button small" onPress={() => setOpen(true)}>
        <span className="action-icon" aria-hidden="true">
          ⊕
        </span>
        Connect to a Server…
      </Button>
      {open && (
        <Suspense fallback={null}>
          <ConnectServerDialog
            onClose={() => setOpen(false)}
            onConnected={(server) => {
              setOpen(false);
              router.navigate(serverHref(server.id));
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
