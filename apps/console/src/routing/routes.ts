// The console's URLs (History API; the server answers every non-API path with index.html):
//   /                                   server node, Features view
//   /sites                              Sites view (overview of every site and application)
//   /level/<encoded site path>          a node's Features view
//   /level/<encoded site path>/<id>     feature <id> of the registry at that level
//   /<id>                               feature <id> at the server (also /level//<id>)
//   a feature's fixed URL               a server-wide page (/services/aspnet_state)
//   /servers/<id>                       another server registered with this console (the farm)
// Feature ids come from the registry (registry/features.ts); nothing here names a feature.

import { FEATURES, featureById, type FeatureDefinition } from '../registry/features';

export type Route =
  | { kind: 'features'; path: string }
  | { kind: 'sites' }
  | { kind: 'feature'; feature: FeatureDefinition; path: string }
  | { kind: 'server'; id: string }
  | { kind: 'notFound'; pathname: string };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function parseRoute(pathname: string): Route {
  const p = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (p === '' || p === '/' || p === '/level') return { kind: 'features', path: '' };
  if (p === '/sites') return { kind: 'sites' };
  const remote = /^\/servers\/([a-z0-9][a-z0-9-]*)$/.exec(p);
  if (remote) return { kind: 'server', id: remote[1] ?? '' };
  const fixed = FEATURES.find((f) => f.fixedHref === p);
  if (fixed) return { kind: 'feature', feature: fixed, path: '' };
  const server = /^\/(?:level\/\/)?([a-z0-9-]+)$/.exec(p);
  const atServer = server && featureById(server[1] ?? '');
  if (atServer && !atServer.fixedHref) return { kind: 'feature', feature: atServer, path: '' };
  const m = /^\/level\/([^/]+)(?:\/([a-z0-9-]+))?$/.exec(p);
  if (m) {
    const path = decode(m[1] ?? '');
    if (path !== undefined) {
      if (m[2] === undefined) return { kind: 'features', path };
      const feature = featureById(m[2]);
      if (feature && !feature.fixedHref) return { kind: 'feature', feature, path };
    }
  }
  return { kind: 'notFound', pathname };
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
  return `/servers/${encodeURIComponent(id)}`;
}
