// The console's URLs (History API; the server answers every non-API path with index.html):
//   /                                   server node, Features view
//   /sites                              Sites view (overview of every site and application)
//   /level/<encoded site path>          a node's Features view
//   /level/<encoded site path>/<id>     feature <id> of the registry at that level
//   /<id>                               feature <id> at the server (also /level//<id>)
//   a feature's fixed URL               a server-wide page (/services/aspnet_state)
//   /servers/<server id><any of these>  the same page of another server registered with this console
//                                       (the farm); /servers/<id> is that server's node
// Feature ids come from the registry (registry/features.ts); nothing here names a feature.

import { FEATURES, featureById, type FeatureDefinition } from '../registry/features';
import { LOCAL, scopeHref, splitServer } from './servers';

export { LOCAL, scopeHref, serverOfHref, splitServer } from './servers';

type Target =
  | { kind: 'features'; path: string }
  | { kind: 'sites' }
  | { kind: 'feature'; feature: FeatureDefinition; path: string }
  | { kind: 'notFound'; pathname: string };

/** A page, and the server it shows (`LOCAL`, or the id of a registered server). */
export type Route = Target & { server: string };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function parseTarget(p: string): Target | undefined {
  if (p === '' || p === '/' || p === '/level') return { kind: 'features', path: '' };
  if (p === '/sites') return { kind: 'sites' };
  const fixed = FEATURES.find((f) => f.fixedHref === p);
  if (fixed) return { kind: 'feature', feature: fixed, path: '' };
  const server = /^\/(?:level\/\/)?([a-z0-9-]+)$/.exec(p);
  const atServer = server && featureById(server[1] ?? '');
  if (atServer && !atServer.fixedHref) return { kind: 'feature', feature: atServer, path: '' };
  const m = /^\/level\/([^/]+)(?:\/([a-z0-9-]+))?$/.exec(p);
  const path = m ? decode(m[1] ?? '') : undefined;
  if (!m || path === undefined) return undefined;
  if (m[2] === undefined) return { kind: 'features', path };
  const feature = featureById(m[2]);
  return feature && !feature.fixedHref ? { kind: 'feature', feature, path } : undefined;
}

export function parseRoute(pathname: string): Route {
  const { server, rest } = splitServer(pathname);
  const target = parseTarget(rest.length > 1 ? rest.replace(/\/+$/, '') : rest);
  // A page of this console only (the farm's) does not exist on another server.
  const exists = target && !(server !== LOCAL && target.kind === 'feature' && target.feature.localOnly);
  return { ...(exists ? target : { kind: 'notFound', pathname }), server };
}

/** URL of a node's Features view (`''` = the server). */
export function featuresHref(path: string): string {
  return path === '' ? '/' : `/level/${encodeURIComponent(path)}`;
}

/** URL of a feature's page at a level. */
export function featureHref(feature: FeatureDefinition, path: string): string {
  if (feature.fixedHref) return feature.fixedHref;
  return path === '' ? `/${feature.id}` : `/level/${encodeURIComponent(path)}/${feature.id}`;
}

/** URL of a registered feature by id (for links between pages). */
export function featureIdHref(id: string, path: string): string {
  const feature = featureById(id);
  if (!feature) throw new Error(`No feature '${id}' in the registry.`);
  return featureHref(feature, path);
}

export function sessionStateHref(path: string): string {
  return featureIdHref('session-state', path);
}

export const SITES_HREF = '/sites';

/** URL of another server's node (the farm: a server registered with this console). */
export function serverHref(id: string): string {
  return scopeHref(id, '/');
}
