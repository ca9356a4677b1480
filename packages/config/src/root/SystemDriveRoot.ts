// The system drive root (docs/design.md, "The system drive root"): one host directory that stands for a
// Windows system drive. Every path the product reads or writes goes through `resolve`, which maps a
// Windows path from a config file or a request onto this directory, finds existing segments
// case-insensitively as Windows does, and refuses anything that would leave the root.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import {
  expandEnvironmentVariables,
  normalizeSegment,
  parseWindowsPath,
  variableMap,
} from './windowsPath.js';

/** Well-known locations, relative to the root (docs/design.md), with forward slashes. */
export const SYSTEM_DRIVE_PATHS = {
  applicationHostConfig: 'Windows/System32/inetsrv/config/applicationHost.config',
  schemaDir: 'Windows/System32/inetsrv/config/schema',
  machineConfig: 'Windows/Microsoft.NET/Framework64/v4.0.30319/Config/machine.config',
  rootWebConfig: 'Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config',
  historyDir: 'inetpub/history',
  consoleStateDir: 'ProgramData/IISConsole',
} as const;

export interface SystemDriveRootOptions {
  /**
   * Extra environment variables for `%NAME%` expansion, as Windows paths (e.g.
   * `{ JEXUS_TEST_HOME: 'C:\\tests' }`). They may override the built-ins of `BUILTIN_VARIABLES`.
   */
  variables?: Readonly<Record<string, string>>;
}

export interface ResolveOptions {
  /**
   * Where a relative path starts: a host path inside the root (e.g. a web.config's folder, for
   * `configSource`) or a Windows path. Default: the root.
   */
  baseDir?: string;
}

// The host's path flavour: posix on Linux/macOS, win32 on Windows (where the root may be `C:\`).
const isWindowsHost = process.platform === 'win32';

/** Directory listings of one resolve call; never kept across calls, so files others create show up. */
type ListingCache = Map<string, string[] | null>;

export class SystemDriveRoot {
  /** The root as an absolute host path (as given, not symlink-resolved). */
  readonly dir: string;
  readonly #variables: Map<string, string>;
  /**
   * On a Windows host whose root is a whole drive (`C:\`), the one drive letter that is the system
   * drive; other drives are outside the root. `null` when the root is a directory: then every drive
   * letter (`C:\`, `D:\`, …) means the root, since the product knows one drive only.
   */
  readonly #systemDrive: string | null;

  constructor(dir: string, options: SystemDriveRootOptions = {}) {
    this.dir = path.resolve(dir);
    this.#variables = variableMap(options.variables);
    const drive = isWindowsHost ? /^([A-Za-z]):\\$/.exec(this.dir) : null;
    this.#systemDrive = drive ? drive[1]!.toUpperCase() : null;
  }

  /**
   * The host path for a Windows path, a root-relative path or a host path inside the root.
   *
   * - `%SystemDrive%`, `%windir%`, `%SystemRoot%`, `%ProgramData%`, … expand case-insensitively;
   *   unknown variables stay as written (as on Windows).
   * - `C:\…` (any drive letter, see `#systemDrive`) is the root; `\` and `/` both separate.
   * - A relative path starts at `options.baseDir` (default: the root).
   * - A host path inside the root (`/srv/root/inetpub/…`) is accepted as it is, so resolving a
   *   resolved path changes nothing.
   * - Existing segments are found case-insensitively (an exact match wins); from the first missing
   *   segment on, the given spelling is kept, so the result can name a file to create.
   *
   * Throws `ConfigError('PATH_ESCAPE')` for NUL bytes, `..` above the root, host paths outside the
   * root, rooted paths without a drive (`\etc\passwd`), network and device paths, names Windows
   * cannot hold, and symbolic links whose target is outside the root (or missing).
   */
  resolve(windowsOrRelativePath: string, options: ResolveOptions = {}): string {
    return this.#resolve(windowsOrRelativePath, options, new Map());
  }

  /** `resolve` for many paths at once, sharing directory listings within this one call. */
  resolveAll(paths: readonly string[], options: ResolveOptions = {}): string[] {
    const cache: ListingCache = new Map();
    return paths.map((p) => this.#resolve(p, options, cache));
  }

  /** Whether a host path lies inside the root (lexically, or under the root's real path). */
  contains(hostPath: string): boolean {
    return this.#hostSegments(hostPath) !== null;
  }

  /** Root-relative form of a host path inside the root, with forward slashes (`''` for the root). */
  relative(absPath: string): string {
    const segments = this.#hostSegments(absPath);
    if (segments === null) throw escape(absPath, 'is outside the system drive root');
    return segments.join('/');
  }

  /** Windows form of a host path inside the root, for messages: `C:\Windows\System32\…`. */
  toWindowsPath(absPath: string): string {
    return `${this.#systemDrive ?? 'C'}:\\${this.relative(absPath).replace(/\//g, '\\')}`;
  }

  get applicationHostConfig(): string {
    return this.resolve(SYSTEM_DRIVE_PATHS.applicationHostConfig);
  }
  get schemaDir(): string {
    return this.resolve(SYSTEM_DRIVE_PATHS.schemaDir);
  }
  get machineConfig(): string {
    return this.resolve(SYSTEM_DRIVE_PATHS.machineConfig);
  }
  get rootWebConfig(): string {
    return this.resolve(SYSTEM_DRIVE_PATHS.rootWebConfig);
  }
  get historyDir(): string {
    return this.resolve(SYSTEM_DRIVE_PATHS.historyDir);
  }
  get consoleStateDir(): string {
    return this.resolve(SYSTEM_DRIVE_PATHS.consoleStateDir);
  }

  #resolve(input: string, options: ResolveOptions, cache: ListingCache): string {
    const parsed = this.#lexicalSegments(input);
    let segments = parsed.segments;
    if (parsed.relative && options.baseDir !== undefined) {
      // The base is checked on its own first, so `..` cannot borrow segments it does not have. A
      // relative base is itself relative to the root.
      const base = collapseDotSegments(this.#lexicalSegments(options.baseDir).segments, options.baseDir);
      segments = [...base, ...segments];
    }
    return this.#walk(collapseDotSegments(segments, input), cache, input);
  }

  /** The segments below the root that `input` names, before `..` is applied and before any lookup. */
  #lexicalSegments(input: string): { relative: boolean; segments: string[] } {
    if (input.includes('\0')) throw escape(input, 'contains a NUL character');
    const expanded = expandEnvironmentVariables(input, this.#variables);
    if (expanded.includes('\0')) throw escape(input, 'contains a NUL character');

    const host = this.#hostPathSegments(expanded);
    if (host !== undefined) {
      if (host === null) throw escape(input, OUTSIDE);
      return { relative: false, segments: validated(host, input) };
    }

    const parsed = parseWindowsPath(expanded);
    switch (parsed.kind) {
      case 'unc':
        throw escape(input, 'is a network or device path, which is outside the system drive root');
      case 'rooted':
        throw escape(input, OUTSIDE);
      case 'drive':
        if (this.#systemDrive !== null && parsed.drive !== this.#systemDrive)
          throw escape(input, `is on drive ${parsed.drive}:, not on the system drive ${this.#systemDrive}:`);
        return { relative: false, segments: validated(parsed.segments, input) };
      case 'relative':
        return { relative: true, segments: validated(parsed.segments, input) };
    }
  }

  /**
   * For a host-absolute path: its segments below the root, or `null` when it is outside the root.
   * `undefined` when `expanded` is not a host-absolute path (so it is read as a Windows path).
   */
  #hostPathSegments(expanded: string): string[] | null | undefined {
    // Either separator, on every host: `/srv/root\inetpub` must not name a file "root\inetpub".
    const hostPath = isWindowsHost ? expanded : expanded.replace(/\\/g, '/');
    const isHostAbsolute = isWindowsHost
      ? /^[A-Za-z]:[\\/]/.test(hostPath)
      : hostPath.startsWith('/') && !hostPath.startsWith('//');
    if (!isHostAbsolute) return undefined;
    // On a Windows host, C:\… is a host path only when it lies inside the root; otherwise it is the
    // system drive notation handled by parseWindowsPath.
    const segments = this.#hostSegments(hostPath);
    if (segments === null && isWindowsHost) return undefined;
    return segments;
  }

  /** Segments of a host path below the root, or `null` when outside (checked lexically). */
  #hostSegments(hostPath: string): string[] | null {
    // Already normal and under the root as given (every path the product builds with `join`): split.
    const prefix = this.dir.endsWith(path.sep) ? this.dir : this.dir + path.sep;
    if (hostPath.startsWith(prefix) && isNormalRelative(hostPath.slice(prefix.length))) {
      return hostPath.slice(prefix.length).split(path.sep);
    }
    if (!path.isAbsolute(hostPath)) return null;
    const resolved = path.resolve(hostPath);
    // The root as given first; its real path (symlinks resolved) only when that does not match.
    for (const base of [this.dir, null]) {
      const rel = path.relative(base ?? realPathOr(this.dir), resolved);
      if (rel === '') return [];
      if (isBelow(rel)) return rel.split(path.sep);
    }
    return null;
  }

  /**
   * Maps root-relative segments onto the disk: each existing segment is looked up (exact spelling
   * first, then case-insensitively in the directory listing); symbolic links met on the way must
   * stay inside the root; segments that do not exist keep their spelling.
   */
  #walk(segments: string[], cache: ListingCache, input: string): string {
    const realRoot = realPathOr(this.dir);
    let current = this.dir;
    let exists = fs.existsSync(current);
    for (const segment of segments) {
      if (!exists) {
        current = path.join(current, segment);
        continue;
      }
      let name = segment;
      let stat = lstatOrNull(path.join(current, segment));
      if (stat === null) {
        const match = findCaseInsensitive(current, segment, cache);
        if (match !== null) {
          name = match;
          stat = lstatOrNull(path.join(current, match));
        }
      }
      current = path.join(current, name);
      if (stat === null) {
        exists = false;
        continue;
      }
      if (stat.isSymbolicLink()) {
        const target = realPathOrNull(current);
        if (target === null) throw escape(input, 'goes through a symbolic link whose target does not exist');
        if (!isInside(realRoot, target))
          throw escape(input, 'goes through a symbolic link to a location outside the system drive root');
      }
    }
    return current;
  }
}

/** Applies `.` and `..`; `..` above the root is an escape. */
function collapseDotSegments(segments: readonly string[], input: string): string[] {
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) throw escape(input, 'leaves the system drive root');
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out;
}

function validated(segments: readonly string[], input: string): string[] {
  return segments.map((segment) => {
    const normalized = normalizeSegment(segment);
    if (normalized === null) throw escape(input, `has a segment Windows cannot name: "${segment}"`);
    return normalized;
  });
}

/**
 * The entry of `dir` whose name equals `name` ignoring case, or `null`. Several candidates (possible
 * on a case-sensitive host) resolve to the first in code-unit order, so the choice is stable.
 */
function findCaseInsensitive(dir: string, name: string, cache: ListingCache): string | null {
  let entries = cache.get(dir);
  if (entries === undefined) {
    try {
      entries = fs.readdirSync(dir).sort();
    } catch {
      entries = null; // not a directory, or unreadable: nothing below it exists for us
    }
    cache.set(dir, entries);
  }
  if (entries === null) return null;
  const wanted = foldCase(name);
  return entries.find((entry) => foldCase(entry) === wanted) ?? null;
}

// Windows compares names with a simple upper-case table; toUpperCase() would also map 'ß' to 'SS',
// so compare upper-cased names only when that keeps their length (true for all of ASCII and Latin).
function foldCase(name: string): string {
  const upper = name.toUpperCase();
  return upper.length === name.length ? upper : name.toLowerCase();
}

function isBelow(rel: string): boolean {
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || isBelow(rel);
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
}

function realPathOrNull(p: string): string | null {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return null;
  }
}

function realPathOr(p: string): string {
  return realPathOrNull(p) ?? p;
}

const OUTSIDE = 'is outside the system drive root (write Windows paths as C:\\… or %SystemDrive%\\…)';

function escape(input: string, reason: string): ConfigError {
  return new ConfigError('PATH_ESCAPE', `The path "${printable(input)}" ${reason}.`);
}

// Keep control characters out of messages (they end up in logs and HTTP bodies).
function printable(input: string): string {
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * True when `rel` is a non-empty relative path in normal form for this host: no empty, `.` or `..`
 * segment and no other separator than the host's, so no resolving can change it.
 */
function isNormalRelative(rel: string): boolean {
  if (rel === '') return false;
  return isWindowsHost ? !/(^|\\)\.{0,2}(\\|$)|\//.test(rel) : !/(^|\/)\.{0,2}(\/|$)/.test(rel);
}
