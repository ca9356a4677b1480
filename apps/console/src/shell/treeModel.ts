// The Connections tree as data: stable keys, a lookup by site path, and the visible rows of the tree
// flattened in display order (the tree renders only the rows in view, so 10,000 sites stay smooth).

import type { TreeNode } from '@iis-console/contracts';
import { FEATURES } from '../registry/features';
import { featureIdHref, featuresHref, SITES_HREF, type Route } from '../routing/routes';
import { LOCAL, scopeHref } from '../routing/servers';

/**
 * A node of the Connections pane: the server tree of `GET /api/tree`, plus the nodes of registry pages
 * IIS Manager shows under the server (`connectionsNode`: Application Pools), which the console adds.
 */
export interface ConnectionsNode extends Omit<TreeNode, 'kind' | 'children'> {
  /** `message`: a line in place of a server's nodes that cannot be shown (loading, not reachable). */
  kind: TreeNode['kind'] | 'feature' | 'message';
  /** For kind `feature`: the registry id of the page the node opens. */
  feature?: string;
  /**
   * On the root of another server's tree (the farm): that server's id. The keys of its nodes carry it
   * (`scopeKey`), so that every server's tree sits in one Connections pane.
   */
  server?: string;
  /** For kind `message`: the line says why the server's nodes are not shown. */
  error?: boolean;
  children: ConnectionsNode[];
}

export const SERVER_KEY = 'server';
export const SITES_KEY = 'sites';

/** The key of a node of `server`'s tree (this console's keys are unchanged). */
export function scopeKey(server: string, key: string): string {
  return server === LOCAL ? key : `@${server}/${key}`;
}

/** A node's key in its server's tree (`server`: the server whose tree it belongs to). */
export function nodeKey(node: ConnectionsNode, server: string = LOCAL): string {
  return scopeKey(server, ownKey(node));
}

function ownKey(node: ConnectionsNode): string {
  if (node.kind === 'server') return SERVER_KEY;
  if (node.kind === 'sites') return SITES_KEY;
  if (node.kind === 'feature') return featureNodeKey(node.feature ?? '');
  if (node.kind === 'message') return 'message';
  return pathKey(node.path);
}

/** The page a node opens, on `server` (the server whose tree it belongs to). */
export function nodeHref(node: ConnectionsNode, server: string = LOCAL): string {
  return scopeHref(server, ownHref(node));
}

function ownHref(node: ConnectionsNode): string {
  if (node.kind === 'server' || node.kind === 'message') return '/';
  if (node.kind === 'sites') return SITES_HREF;
  if (node.kind === 'feature') return featureIdHref(node.feature ?? '', '');
  return featuresHref(node.path);
}

/** The key of another server's root node (the farm). */
export function remoteServerKey(id: string): string {
  return scopeKey(id, SERVER_KEY);
}

/** Whether `key` is the key of another server's root node. */
export function isServerRootKey(key: string): boolean {
  return key.startsWith('@') && key.endsWith(`/${SERVER_KEY}`);
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

/**
 * Every node by key; `more`: further roots below the first (other servers of the farm, each with its
 * `server`, whose nodes' keys carry it).
 */
export function indexTree(root: ConnectionsNode, more: readonly ConnectionsNode[] = []): TreeIndex {
  const index = new Map<string, IndexedNode>();
  const walk = (node: ConnectionsNode, parentKey: string | null, server: string) => {
    const key = nodeKey(node, server);
    index.set(key, { node, parentKey });
    for (const child of node.children) walk(child, key, server);
  };
  for (const r of [root, ...more]) walk(r, null, r.server ?? LOCAL);
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

/** The tree node a route belongs to (the server for server-wide pages), in its server's tree. */
export function routeKey(route: Route): string | null {
  const key = (own: string) => scopeKey(route.server, own);
  switch (route.kind) {
    case 'features':
      return key(pathKey(route.path));
    case 'feature':
      if (route.feature.connectionsNode) return key(featureNodeKey(route.feature.id));
      return key(route.feature.fixedHref ? SERVER_KEY : pathKey(route.path));
    case 'sites':
      return key(SITES_KEY);
    default:
      return null;
  }
}

export interface FlatRow {
  key: string;
  node: ConnectionsNode;
  /** The server whose tree the node belongs to. */
  server: string;
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
    server: string,
  ) => {
    const key = nodeKey(node, server);
    const isExpanded = node.children.length > 0 && expanded.has(key);
    rows.push({ key, node, server, level, posInSet: pos, setSize: size, expanded: isExpanded, parentKey });
    if (isExpanded) {
      node.children.forEach((child, i) => walk(child, level + 1, i + 1, node.children.length, key, server));
    }
  };
  const roots = [root, ...more];
  roots.forEach((r, i) => walk(r, 1, i + 1, roots.length, null, r.server ?? LOCAL));
  return rows;
}
