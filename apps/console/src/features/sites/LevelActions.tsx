// The Actions of a site, application or virtual directory selected in the Connections tree (next to its
// Features view): the same actions as a selected row of the Sites list, with the level's row (and the
// ETag) read from the Sites node's route; a removed level sends the user to its parent.

import { useQuery } from '@tanstack/react-query';
import { useRouter } from '../../routing/RouterContext';
import { featuresHref, SITES_HREF } from '../../routing/routes';
import { pathKey, type IndexedNode, type TreeIndex } from '../../shell/treeModel';
import { useServerTree } from '../../shell/useServerTree';
import { SiteActions } from './SiteActions';
import { levelQuery } from './sitesApi';

/** The site or application that serves a node (itself, or its nearest such ancestor). */
function servingPath(index: TreeIndex | undefined, path: string): string {
  let key: string | null = pathKey(path);
  while (key) {
    const entry: IndexedNode | undefined = index?.get(key);
    if (!entry) break;
    if (entry.node.kind === 'site' || entry.node.kind === 'application') return entry.node.path;
    key = entry.parentKey;
  }
  return path;
}

export function LevelActions({ path }: { path: string }) {
  const router = useRouter();
  const tree = useServerTree();
  const entry = tree.index?.get(pathKey(path));
  const node = entry?.node;
  const kind =
    node?.kind === 'site' || node?.kind === 'application' || node?.kind === 'virtualDirectory'
      ? node.kind
      : undefined;
  const serving = servingPath(tree.index, path);
  const level = useQuery({ ...levelQuery(serving), enabled: kind !== undefined });
  if (!node || !kind) return null;
  const row = level.data?.row;
  const parent = entry.parentKey ? tree.index?.get(entry.parentKey)?.node : undefined;
  return (
    <SiteActions
      level={{
        kind,
        path: node.path,
        site: kind === 'site' ? row?.site : undefined,
        physicalPath: node.physicalPath ?? (kind !== 'virtualDirectory' ? row?.physicalPath : undefined),
        applicationPool: row?.applicationPool,
      }}
      etag={level.data?.etag}
      statusReason={level.data?.statusReason}
      onRemoved={() =>
        router.navigate(parent && parent.kind !== 'sites' ? featuresHref(parent.path) : SITES_HREF)
      }
    />
  );
}
