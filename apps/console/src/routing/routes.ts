// The console's URLs (History API; the server answers every non-API path with index.html):
//   /                               server node, Features view
//   /sites                          Sites view (overview of every site and application)
//   /level/<encoded site path>      a node's Features view
//   /level/<encoded site path>/session-state   the Session State page of that level
//   /session-state                  the Session State page of the server (also /level//session-state)
//   /services/aspnet_state          the ASP.NET State Service page

export type Route =
  | { kind: 'features'; path: string }
  | { kind: 'sites' }
  | { kind: 'sessionState'; path: string }
  | { kind: 'stateService' }
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
  if (p === '/session-state' || p === '/level//session-state') return { kind: 'sessionState', path: '' };
  if (p === '/services/aspnet_state') return { kind: 'stateService' };
  const m = /^\/level\/([^/]+)(\/session-state)?$/.exec(p);
  if (m) {
    const path = decode(m[1] ?? '');
    if (path !== undefined) return m[2] ? { kind: 'sessionState', path } : { kind: 'features', path };
  }
  return { kind: 'notFound', pathname };
}

/** URL of a node's Features view (`''` = the server). */
export function featuresHref(path: string): string {
  return path === '' ? '/' : `/level/${encodeURIComponent(path)}`;
}

export function sessionStateHref(path: string): string {
  return path === '' ? '/session-state' : `/level/${encodeURIComponent(path)}/session-state`;
}

export const SITES_HREF = '/sites';
export const STATE_SERVICE_HREF = '/services/aspnet_state';
