import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { getTree, queryKeys } from '../api/endpoints';
import { indexTree, withFeatureNodes, type TreeIndex } from './treeModel';

/** The Connections tree (GET /api/tree) with its index; the server node's name is the machine name. */
export function useServerTree() {
  const query = useQuery({
    queryKey: queryKeys.tree,
    queryFn: ({ signal }) => getTree(signal),
    staleTime: 60_000,
    select: withFeatureNodes,
  });
  const index: TreeIndex | undefined = useMemo(
    () => (query.data ? indexTree(query.data) : undefined),
    [query.data],
  );
  return { ...query, index, machineName: query.data?.name };
}
