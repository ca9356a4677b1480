// One React Query cache per server (Providers' createQueryClient): this console's is the app's own
// client; another server's is made when first needed and lives as long as the signed-in shell. A page
// of a server renders inside its ServerScope: that server's client and ServerProvider (links and
// navigations stay on the server), so no page can read or write another server's cache.

import { QueryClientProvider, QueryObserver, useQueryClient } from '@tanstack/react-query';
import type { QueryClient, QueryObserverResult } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from 'react';
import type { ReactNode } from 'react';
import { createQueryClient } from '../Providers';
import { ServerProvider } from '../routing/RouterContext';
import { LOCAL } from '../routing/servers';
import type { ConnectionsNode } from './treeModel';
import { treeQuery } from './useServerTree';

interface ServerClients {
  /** The QueryClient of `server`'s data (made on first use). */
  clientFor(server: string): QueryClient;
  /** Drops the clients of the servers not in `ids` (removed from the farm). */
  retain(ids: readonly string[]): void;
}

const ServerClientsContext = createContext<ServerClients | null>(null);

export function ServerClientsProvider({ children }: { children: ReactNode }) {
  const local = useQueryClient();
  const value = useMemo((): ServerClients => {
    const clients = new Map<string, QueryClient>();
    return {
      clientFor(server) {
        if (server === LOCAL) return local;
        let client = clients.get(server);
        if (!client) clients.set(server, (client = createQueryClient(server)));
        return client;
      },
      retain(ids) {
        for (const [id, client] of clients) {
          if (ids.includes(id)) continue;
          client.clear();
          clients.delete(id);
        }
      },
    };
  }, [local]);
  return <ServerClientsContext.Provider value={value}>{children}</ServerClientsContext.Provider>;
}

export function useServerClients(): ServerClients {
  const clients = useContext(ServerClientsContext);
  if (!clients) throw new Error('useServerClients outside ServerClientsProvider');
  return clients;
}

/** The pages of `server`: its QueryClient and its links. Key it by the server (a new page each). */
export function ServerScope({ server, children }: { server: string; children: ReactNode }) {
  const client = useServerClients().clientFor(server);
  return (
    <ServerProvider server={server}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </ServerProvider>
  );
}

export type TreeResult = QueryObserverResult<ConnectionsNode>;

/**
 * The trees of other servers (each from its own client), for the Connections pane: those in `wanted`
 * are read; the others keep what was read, if anything. Results in the order of `ids`.
 */
export function useServerTrees(ids: readonly string[], wanted: ReadonlySet<string>): readonly TreeResult[] {
  const { clientFor } = useServerClients();
  const key = ids.join(',');
  const servers = useMemo(() => (key === '' ? [] : key.split(',')), [key]);
  const observers = useMemo(
    () => servers.map((id) => new QueryObserver(clientFor(id), { ...treeQuery(), enabled: false })),
    [servers, clientFor],
  );
  useEffect(() => {
    observers.forEach((o, i) => o.setOptions({ ...treeQuery(), enabled: wanted.has(servers[i] ?? '') }));
  }, [observers, servers, wanted]);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const off = observers.map((o) => o.subscribe(onChange));
      return () => off.forEach((f) => f());
    },
    [observers],
  );
  const last = useRef<readonly TreeResult[]>([]);
  const snapshot = useCallback(() => {
    const next = observers.map((o) => o.getCurrentResult());
    const same = next.length === last.current.length && next.every((r, i) => r === last.current[i]);
    if (!same) last.current = next;
    return last.current;
  }, [observers]);
  return useSyncExternalStore(subscribe, snapshot);
}
