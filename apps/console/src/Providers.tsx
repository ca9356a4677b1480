import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiRequestError, isServerFailure, runOnServer, setPageServer } from './api/client';
import { AuthProvider } from './auth/AuthContext';
import { Router } from './routing/Router';
import { RouterProvider } from './routing/RouterContext';
import { LOCAL, serverOfHref } from './routing/servers';

type Fn = (...args: never[]) => unknown;
const bound = new WeakSet<Fn>();

/** `fn`, run with its requests going to `server` (once: a bound function stays as it is). */
function bind<F extends Fn>(server: string, fn: F): F {
  if (bound.has(fn)) return fn;
  const result = ((...args: Parameters<F>) => runOnServer(server, () => fn(...args))) as F;
  bound.add(result);
  return result;
}

/**
 * The React Query cache of one server: `server`'s pages use this client and no other (Shell's
 * ServerScope), and every query and mutation function of it sends its requests to `server` — a retry
 * or a refetch included, whichever page is on screen then. So caches never mix servers.
 */
export function createQueryClient(server: string = LOCAL): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        // A refused request (4xx) will be refused again, and so will another server that did not
        // answer (the console waited for it already); network errors and 5xx get two more tries.
        retry: (failures, error) =>
          !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) &&
          !isServerFailure(error) &&
          failures < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  const defaultQuery = client.defaultQueryOptions.bind(client);
  client.defaultQueryOptions = ((options) => {
    const defaulted = defaultQuery(options);
    if (typeof defaulted.queryFn === 'function') defaulted.queryFn = bind(server, defaulted.queryFn);
    return defaulted;
  }) as typeof client.defaultQueryOptions;
  const defaultMutation = client.defaultMutationOptions.bind(client);
  client.defaultMutationOptions = ((options) => {
    const defaulted = defaultMutation(options);
    if (typeof defaulted?.mutationFn === 'function')
      defaulted.mutationFn = bind(server, defaulted.mutationFn);
    return defaulted;
  }) as typeof client.defaultMutationOptions;
  return client;
}

/** Server state (React Query), the router and the session, for the app and for component tests. */
export function Providers({
  children,
  queryClient,
  router,
}: {
  children: ReactNode;
  queryClient?: QueryClient;
  router?: Router;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const [ownRouter] = useState(() => router ?? new Router(window));
  useEffect(() => {
    ownRouter.start();
    // A request made outside any server's query (a button's write) goes to the server of the page.
    setPageServer(() => serverOfHref(ownRouter.getHref()));
    return () => ownRouter.dispose();
  }, [ownRouter]);
  return (
    <QueryClientProvider client={client}>
      <RouterProvider router={ownRouter}>
        <AuthProvider>{children}</AuthProvider>
      </RouterProvider>
    </QueryClientProvider>
  );
}
