// Which server a console URL shows: this console's own (`LOCAL`, plain URLs) or a server registered with
// it (the farm), whose pages are the same URLs after `/servers/<id>`. No dependencies: the router uses it.

import { LOCAL_SERVER_ID } from '@iis-console/contracts';

/** This console's own server in routes and hrefs (`server=` is never sent for it). */
export const LOCAL = LOCAL_SERVER_ID;

const SERVER_PREFIX = /^\/servers\/([a-z0-9][a-z0-9-]*)(?=\/|$)/;

/** The server of a URL path (its `/servers/<id>` prefix) and the path of the page on that server. */
export function splitServer(pathname: string): { server: string; rest: string } {
  const m = SERVER_PREFIX.exec(pathname);
  if (!m) return { server: LOCAL, rest: pathname };
  return { server: m[1] ?? LOCAL, rest: pathname.slice(m[0].length) || '/' };
}

/** The server of an href (`pathname?search`). */
export function serverOfHref(href: string): string {
  return splitServer(href.split('?', 1)[0] ?? '').server;
}

/**
 * The href of a page of this console's own URL scheme on `server`: `/servers/<id>` before it. Hrefs
 * of another server already, and anything that is not an absolute path, stay as they are.
 */
export function scopeHref(server: string, href: string): string {
  if (server === LOCAL || !href.startsWith('/') || SERVER_PREFIX.test(href)) return href;
  const prefix = `/servers/${encodeURIComponent(server)}`;
  return href === '/' ? prefix : href.startsWith('/?') ? `${prefix}${href.slice(1)}` : `${prefix}${href}`;
}
