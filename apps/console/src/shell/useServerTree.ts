import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { getTree, queryKeys } from '../api/endpoints';
import { indexTree, withFeatureNodes, type TreeIndex } from './treeModel';

/** GET /api/tree of the server whose QueryClient runs it, with the registry's nodes under the server. */
export function treeQuery() {
  return queryOptions({
    queryKey: queryKeys.tree,
    queryFn: ({ signal }) => getTree(signal),
    staleTime: 60_000,
    select: withFeatureNodes,
  });
}

/**
 * The Connections tree of the page's server (its QueryClient: ServerScope) with its index; the server
 * node's name is the machine name.
 */
export function useServerTree() {
  const query = useQuery(treeQuery());
  const index: TreeIndex | undefined = useMemo(
    () => (query.data ? indexTree(query.data) : undefined),
    [query.data],
  );
  return { ...query, index, machineName: query.data?.name };
}
