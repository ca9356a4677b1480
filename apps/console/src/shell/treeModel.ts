// The Connections tree as data: stable keys, a lookup by site path, and the visible rows of the tree
// flattened in display order (the tree renders only the rows in view, so 10,000 sites stay smooth).

import type { TreeNode } from '@iis-console/contracts';
import { FEATURES } from '../registry/features';
import type { Route } from '../routing/routes';

/**
 * A node of the Connections pane: the server tree of `GET /api/tree`, plus the nodes of registry pages
 * IIS Manager shows under the server (`connectionsNode`: Application Pools), which the console adds.
 */
export interface ConnectionsNode extends Omit<TreeNode, 'kind' | 'children'> {
  kind: TreeNode['kind'] | 'feature' | 'remoteServer';
  /** For kind `feature`: the registry id of the page the node opens. */
  feature?: string;
  /** For kind `remoteServer`: the id of another server registered with this console (the farm). */
  server?: string;
  children: ConnectionsNode[];
}

export const SERVER_KEY = 'server';
export const SITES_KEY = 'sites';

export function nodeKey(node: ConnectionsNode): string {
  if (node.kind === 'server') return SERVER_KEY;
  if (node.kind === 'sites') return SITES_KEY;
  if (node.kind === 'feature') return featureNodeKey(node.feature ?? '');
  if (node.kind === 'remoteServer') return remoteServerKey(node.server ?? '');
  return pathKey(node.path);
}

/** The key of another server's root node (the farm). */
export function remoteServerKey(id: string): string {
  return `s:${id}`;
}

/** The key of a registry feature's own node (`connectionsNode`). */
export function featureNodeKey(id: string): string {
  return `f:${id}`;
}

/** The server's tree with the nodes of the registry's `connectionsNode` pages under the server, before Sites. */
export function withFeatureNodes(root: TreeNode): ConnectionsNode {
  const nodes: ConnectionsNode[] = FEATURES.filter((f) => f.connectionsNode).map((f) => ({
    kind: 'feature',
    feature: f.id,
    name: f.name,
    path: '',
    configPath: root.configPath,
    children: [],
  }));
  return nodes.length === 0 ? root : { ...root, children: [...nodes, ...root.children] };
}

/** Site paths compare case-insensitively, as IIS does. */
export function pathKey(path: string): string {
  return path === '' ? SERVER_KEY : `p:${path.toLowerCase()}`;
}

export interface IndexedNode {
  node: ConnectionsNode;
  parentKey: string | null;
}

export type TreeIndex = ReadonlyMap<string, IndexedNode>;

/** Every node by key; `more`: further roots below the first (other servers of the farm). */
export function indexTree(root: ConnectionsNode, more: readonly ConnectionsNode[] = []): TreeIndex {
  const index = new Map<string, IndexedNode>();
  const walk = (node: ConnectionsNode, parentKey: string | null) => {
    const key = nodeKey(node);
    index.set(key, { node, parentKey });
    for (const child of node.children) walk(child, key);
  };
  for (const r of [root, ...more]) walk(r, null);
  return index;
}

/** Keys from the root down to (and including) `key`; empty when the key is unknown. */
export function pathToKey(index: TreeIndex, key: string): string[] {
  const chain: string[] = [];
  let current: string | null = key;
  while (current !== null) {
    const entry = index.get(current);
    if (!entry) return [];
    chain.unshift(current);
    current = entry.parentKey;
  }
  return chain;
}

/** The tree node a route belongs to (the server for server-wide pages). */
export function routeKey(route: Route): string | null {
  switch (route.kind) {
    case 'features':
      return pathKey(route.path);
    case 'feature':
      if (route.feature.connectionsNode) return featureNodeKey(route.feature.id);
      return route.feature.fixedHref ? SERVER_KEY : pathKey(route.path);
    case 'sites':
      return SITES_KEY;
    case 'server':
      return remoteServerKey(route.id);
    default:
      return null;
  }
}

export interface FlatRow {
  key: string;
  node: ConnectionsNode;
  /** 1-based, as aria-level. */
  level: number;
  posInSet: number;
  setSize: number;
  expanded: boolean;
  parentKey: string | null;
}

/**
 * The rows a reader sees: every node whose ancestors are all expanded, in display order; `more`:
 * further roots below the first (other servers of the farm).
 */
export function visibleRows(
  root: ConnectionsNode,
  expanded: ReadonlySet<string>,
  more: readonly ConnectionsNode[] = [],
): FlatRow[] {
  const rows: FlatRow[] = [];
  const walk = (
    node: ConnectionsNode,
    level: number,
    pos: number,
    size: number,
    parentKey: string | null,
  ) => {
    const key = nodeKey(node);
    const isExpanded = node.children.length > 0 && expanded.has(key);
    rows.push({ key, node, level, posInSet: pos, setSize: size, expanded: isExpanded, parentKey });
    if (isExpanded) {
      node.children.forEach((child, i) => walk(child, level + 1, i + 1, node.children.length, key));
    }
  };
  const roots = [root, ...more];
  roots.forEach((r, i) => walk(r, 1, i + 1, roots.length, null));
  return rows;
}
