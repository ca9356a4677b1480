import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiRequestError } from './api/client';
import { AuthProvider } from './auth/AuthContext';
import { Router } from './routing/Router';
import { RouterProvider } from './routing/RouterContext';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A refused request (4xx) will be refused again; network errors and 5xx get two more tries.
        retry: (failures, error) =>
          !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
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
