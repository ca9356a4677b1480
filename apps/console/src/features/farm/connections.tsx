// The farm in the Connections pane: the other servers as roots below this one, and Connect to a
// Server… (administrators only). Small on purpose: the shell imports it; the dialog loads on first use.

import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { useUser } from '../../auth/AuthContext';
import { useRouter } from '../../routing/RouterContext';
import { serverHref } from '../../routing/routes';
import type { ConnectionsNode } from '../../shell/treeModel';
import { serversQuery } from './api';

const ConnectServerDialog = lazy(() =>
  import('./ConnectServerDialog').then((m) => ({ default: m.ConnectServerDialog })),
);

const NONE: ConnectionsNode[] = [];

/** The registered servers as Connections roots (none while loading or when the list fails). */
export function useFarmRoots(): { roots: ConnectionsNode[]; names: ReadonlyMap<string, string> } {
  const { data } = useQuery(serversQuery());
  return useMemo(() => {
    const others = data?.servers.filter((s) => !s.local) ?? [];
    return {
      roots:
        others.length === 0
          ? NONE
          : others.map((s) => ({
              kind: 'remoteServer' as const,
              server: s.id,
              name: s.name,
              path: '',
              configPath: '',
              children: [],
            })),
      names: new Map(others.map((s) => [s.id, s.name])),
    };
  }, [data]);
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
