/** IIS configuration paths (`MACHINE/WEBROOT/APPHOST/Default Web Site/shop`). */
export const MACHINE = 'MACHINE';
export const WEBROOT = 'MACHINE/WEBROOT';
export const APPHOST = 'MACHINE/WEBROOT/APPHOST';

/** `Default Web Site/shop` → `MACHINE/WEBROOT/APPHOST/Default Web Site/shop`; '' → APPHOST. */
export function configPathOf(sitePath: string): string {
  const clean = splitSitePath(sitePath).join('/');
  return clean ? `${APPHOST}/${clean}` : APPHOST;
}

/** Splits a site path on `/` or `\`, dropping empty segments. */
export function splitSitePath(sitePath: string): string[] {
  if (sitePath === '') return [];
  return (sitePath.includes('\\') ? sitePath.replace(/\\/g, '/') : sitePath).split('/').filter(Boolean);
}

/** `a/b` joined with `c/d` → `a/b/c/d`, normalising slashes. */
export function joinSitePath(base: string, rel: string): string {
  return [...splitSitePath(base), ...splitSitePath(rel)].join('/');
}

/** True when `path` equals `prefix` or lies below it, comparing segments case-insensitively. */
export function isSitePathWithin(path: string, prefix: string): boolean {
  const p = splitSitePath(path).map((s) => s.toLowerCase());
  const q = splitSitePath(prefix).map((s) => s.toLowerCase());
  if (q.length > p.length) return false;
  return q.every((s, i) => s === p[i]);
}

/**
 * Accepts what appcmd and the API take for a level: a site path (`Default Web Site/shop`), a config
 * path (`MACHINE/WEBROOT/APPHOST/Default Web Site/shop`) or a URL (`http://localhost/shop`, mapped by
 * the caller). Returns the site path form; '' for the server.
 */
export function sitePathFromConfigPath(input: string): string {
  const p = input.replace(/\\/g, '/');
  const upper = p.toUpperCase();
  if (upper === APPHOST || upper === WEBROOT || upper === MACHINE) return '';
  if (upper.startsWith(APPHOST + '/')) return splitSitePath(p.slice(APPHOST.length + 1)).join('/');
  return splitSitePath(p).join('/');
}
