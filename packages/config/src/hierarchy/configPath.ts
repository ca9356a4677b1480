/** IIS configuration paths (`MACHINE/WEBROOT/APPHOST/Default Web Site/shop`). */
import { InvalidSitePathError } from '../errors.js';

export const MACHINE = 'MACHINE';
export const WEBROOT = 'MACHINE/WEBROOT';
export const APPHOST = 'MACHINE/WEBROOT/APPHOST';

/**
 * The one parser of a site path given by a user (the API's `path`, appcmd's identifier): `""` = the
 * server, `Site`, `Site/app`, `Site/app/vdir/folder`; `/` or `\` separate, and one trailing separator
 * is allowed (appcmd's `"Default Web Site/"` is the site's root application). Returns the segments.
 *
 * Refuses, with an `InvalidSitePathError` (`INVALID_PATH`) naming the path and the rule:
 * - `.` and `..` segments (and any segment of only dots and spaces, which Windows would turn into
 *   another name): a site path names a level, it never walks the folder tree;
 * - empty segments (`Site//app`, a leading separator);
 * - control characters (U+0000–U+001F, U+007F).
 */
export function parseSitePath(input: string): string[] {
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f]/.exec(input);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new InvalidSitePathError(input, `control characters are not allowed (found U+${code})`);
  }
  const segments = tokenize(input);
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  for (const segment of segments) {
    if (segment === '') {
      throw new InvalidSitePathError(
        input,
        'empty segments are not allowed (a leading separator, or two separators in a row)',
      );
    }
    if (segment === '.' || segment === '..') {
      throw new InvalidSitePathError(input, `"." and ".." segments are not allowed (found "${segment}")`);
    }
    if (/^[. ]+$/.test(segment)) {
      throw new InvalidSitePathError(
        input,
        `segments of only dots and spaces are not allowed (found "${segment}")`,
      );
    }
  }
  return segments;
}

/** `Default Web Site/shop` → `MACHINE/WEBROOT/APPHOST/Default Web Site/shop`; '' → APPHOST. */
export function configPathOf(sitePath: string): string {
  const clean = splitSitePath(sitePath).join('/');
  return clean ? `${APPHOST}/${clean}` : APPHOST;
}

/**
 * Splits a site path that is already known to be one (parsed by `parseSitePath`, or built from the
 * server tree or a `<location path>`) on `/` or `\`, dropping empty segments.
 */
export function splitSitePath(sitePath: string): string[] {
  return tokenize(sitePath).filter(Boolean);
}

function tokenize(sitePath: string): string[] {
  if (sitePath === '') return [];
  return (sitePath.includes('\\') ? sitePath.replace(/\\/g, '/') : sitePath).split('/');
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
 * Accepts what appcmd and the API take for a level: a site path (`Default Web Site/shop`) or a config
 * path (`MACHINE/WEBROOT/APPHOST/Default Web Site/shop`); a URL is mapped by the caller. Returns the
 * site path form ('' for the server), parsed by `parseSitePath` (so it throws `INVALID_PATH` as it does).
 */
export function sitePathFromConfigPath(input: string): string {
  const p = input.replace(/\\/g, '/');
  const upper = p.toUpperCase();
  if (upper === APPHOST || upper === WEBROOT || upper === MACHINE) return '';
  const rest = upper.startsWith(APPHOST + '/') ? input.slice(APPHOST.length + 1) : input;
  try {
    return parseSitePath(rest).join('/');
  } catch (e) {
    // Name the path as it was given (`MACHINE/WEBROOT/APPHOST/Site/..`), not its tail.
    if (e instanceof InvalidSitePathError && rest !== input) throw new InvalidSitePathError(input, e.reason);
    throw e;
  }
}
