// Pure helpers for Windows path strings as IIS and ASP.NET config files write them
// (`%SystemDrive%\inetpub\wwwroot`, `C:\Windows\…`, `..\shared\session.config`).
// No file system access here: SystemDriveRoot maps the result onto the host.

/**
 * Environment variables every root knows, as Windows paths on the system drive `C:`. Only these
 * (and the variables a SystemDriveRoot is given) are expanded: the host's own environment never is,
 * because its values (`TEMP=/tmp`, `HOME`) would point outside the root.
 */
export const BUILTIN_VARIABLES: Readonly<Record<string, string>> = {
  SystemDrive: 'C:',
  SystemRoot: 'C:\\Windows',
  windir: 'C:\\Windows',
  ProgramData: 'C:\\ProgramData',
  ALLUSERSPROFILE: 'C:\\ProgramData',
  ProgramFiles: 'C:\\Program Files',
  ProgramW6432: 'C:\\Program Files',
  'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  CommonProgramFiles: 'C:\\Program Files\\Common Files',
  CommonProgramW6432: 'C:\\Program Files\\Common Files',
  'CommonProgramFiles(x86)': 'C:\\Program Files (x86)\\Common Files',
  PUBLIC: 'C:\\Users\\Public',
  // IIS worker processes and Windows services run with the system temp folder.
  TEMP: 'C:\\Windows\\Temp',
  TMP: 'C:\\Windows\\Temp',
};

/**
 * Expands `%NAME%` references like Windows' ExpandEnvironmentStrings: names match case-insensitively;
 * an unknown name is left as it is (`%UNKNOWN%` stays in the text), and its closing `%` may open the
 * next reference. Values are inserted as they are, never expanded again.
 */
export function expandEnvironmentVariables(text: string, variables: ReadonlyMap<string, string>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('%', i);
    const end = start < 0 ? -1 : text.indexOf('%', start + 1);
    if (end < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, start);
    const name = text.slice(start + 1, end);
    const value = name === '' ? undefined : variables.get(name.toLowerCase());
    if (value === undefined) {
      out += text.slice(start, end);
      i = end;
    } else {
      out += value;
      i = end + 1;
    }
  }
  return out;
}

/** Lower-cased name → value, the built-ins first, then `extra` (which may override them). */
export function variableMap(extra: Readonly<Record<string, string>> = {}): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(BUILTIN_VARIABLES)) map.set(name.toLowerCase(), value);
  for (const [name, value] of Object.entries(extra)) map.set(name.toLowerCase(), value);
  return map;
}

/**
 * How a Windows path is anchored:
 * - `drive`: `C:\…`, `C:…`, `\\?\C:\…`, `\\.\C:\…` (`drive` holds the upper-case letter);
 * - `rooted`: `\…` or `/…` without a drive;
 * - `unc`: `\\server\share\…`, `\\?\UNC\…`, device paths (`\\.\pipe\…`);
 * - `relative`: everything else.
 */
export type WindowsPathKind = 'drive' | 'rooted' | 'unc' | 'relative';

export interface ParsedWindowsPath {
  kind: WindowsPathKind;
  drive?: string;
  /** The path after its anchor, split on `\` and `/`, empty segments removed (`.` and `..` kept). */
  segments: string[];
}

export function parseWindowsPath(text: string): ParsedWindowsPath {
  let s = text.replace(/\\/g, '/');
  // Win32 file namespace prefixes in front of a drive path: `\\?\C:\…`, `\\.\C:\…`.
  const prefixed = /^\/\/[?.]\/([A-Za-z]:(?:\/|$))/.exec(s);
  if (prefixed) s = s.slice(4);
  else if (s.startsWith('//')) return { kind: 'unc', segments: split(s) };
  const drive = /^([A-Za-z]):/.exec(s);
  if (drive) return { kind: 'drive', drive: drive[1]!.toUpperCase(), segments: split(s.slice(2)) };
  if (s.startsWith('/')) return { kind: 'rooted', segments: split(s) };
  return { kind: 'relative', segments: split(s) };
}

function split(s: string): string[] {
  return s.split('/').filter((segment) => segment !== '');
}

// Characters Windows does not allow in a file name. `:` matters most: `web.config::$DATA` would open
// an alternate data stream on NTFS.
// eslint-disable-next-line no-control-regex
const INVALID_SEGMENT = /[<>:"|?*\u0000-\u001f]/;

/**
 * Normalizes one path segment the way Win32 does and rejects what Windows cannot name. Returns the
 * segment to use (`.`/`..` unchanged, trailing dots and spaces removed as Win32 removes them:
 * `web.config.` is `web.config`), or `null` when the segment is not a valid Windows file name
 * (reserved characters, or only dots and spaces such as `...` or `.. `, which Win32 would turn into
 * something else than they look like).
 */
export function normalizeSegment(segment: string): string | null {
  if (segment === '.' || segment === '..') return segment;
  if (INVALID_SEGMENT.test(segment)) return null;
  const trimmed = segment.replace(/[. ]+$/, '');
  return trimmed === '' ? null : trimmed;
}
