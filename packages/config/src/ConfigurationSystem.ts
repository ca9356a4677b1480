import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ResolvedLevel, ServerTree } from './apphost/ServerTree.js';
import { readServerTree, resolveSitePath } from './apphost/ServerTree.js';
import { ConfigCommitter, sha256 } from './commit/ConfigCommitter.js';
import type { CommitInfo, CommitResult, FileWrite } from './commit/ConfigCommitter.js';
import { ConfigDocument } from './xml/ConfigDocument.js';
import { decodeConfigText } from './xml/decodeConfigText.js';
import { ConfigError, ConfigFileError, FileAccessError } from './errors.js';
import { parseSitePath } from './hierarchy/configPath.js';
import type { ConfigFile } from './hierarchy/ConfigFileCache.js';
import { ConfigFileCache } from './hierarchy/ConfigFileCache.js';
import { SystemDriveRoot } from './root/SystemDriveRoot.js';
import { SchemaSet } from './schema/schema-set.js';

/** Sites resolved under one folder before it is listed once rather than lstat'ed per site. */
const LIST_AFTER = 16;

export interface ConfigurationSystemOptions {
  /** How many history folders to keep (IIS's default is 10). */
  maxHistories?: number;
  /**
   * Watch the folders of the files read instead of checking each file with a stat on every read (for
   * long-lived readers of many files: the sites overview). Call `close()` when done.
   */
  watchFiles?: boolean;
}

/**
 * The configuration system of one system drive root: reads the hierarchy (with a parse cache that
 * checks every file on each read, so edits made elsewhere show up at once), resolves levels in the
 * server tree, and commits changes with history. Features (Session State) build on it.
 */
export class ConfigurationSystem {
  readonly root: SystemDriveRoot;
  /** The parse cache; a file it cannot read is named root-relative in the error, as everywhere. */
  readonly files: ConfigFileCache;
  readonly committer: ConfigCommitter;
  private schemaSet?: SchemaSet;
  private treeCache?: { hash: string; tree: ServerTree };
  /** Physical paths resolved for the current applicationHost.config (dropped when it changes). */
  private readonly resolved = new Map<string, string>();
  /** Folders listed by `isPlainEntry` (the folders they hold), while applicationHost.config is unchanged. */
  private readonly listings = new Map<string, { uses: number; folders?: Set<string> }>();
  private readonly wellKnownPaths = new Map<string, string>();

  constructor(root: string | SystemDriveRoot, options: ConfigurationSystemOptions = {}) {
    this.root = typeof root === 'string' ? new SystemDriveRoot(root) : root;
    this.files = new ConfigFileCache({
      name: (path) => this.nameOf(path),
      watch: options.watchFiles === true,
    });
    this.committer = new ConfigCommitter(this.root, { maxHistories: options.maxHistories });
  }

  /** Stops watching files (see `watchFiles`). */
  close(): void {
    this.files.close();
  }

  /**
   * The schema of the root's `Windows/System32/inetsrv/config/schema/*.xml` (IIS's own format), with
   * the product's built-in copy for sections the root lacks. Read once per instance, like IIS.
   */
  schema(): SchemaSet {
    this.schemaSet ??= SchemaSet.loadSync([this.root.schemaDir]);
    return this.schemaSet;
  }

  /** applicationHost.config as read now. A malformed file is an error: nothing can be resolved without it. */
  applicationHost(): ConfigFile {
    const file = this.files.get(this.wellKnown('applicationHostConfig'));
    if (file.error) throw this.publicError(file.error);
    return file;
  }

  /**
   * A file error as callers outside this package see it: the file named root-relative (as views and
   * the API name files), never by its host path. Errors of files outside the root are left as they are.
   */
  publicError(error: ConfigFileError): ConfigFileError {
    const name = this.nameOf(error.file);
    return name === error.file ? error : new ConfigFileError(name, error.line, error.column, error.reason);
  }

  /** Root-relative name of a host path inside the root (forward slashes); other paths as they are. */
  nameOf(path: string): string {
    return isAbsolute(path) && this.root.contains(path) ? this.root.relative(path) : path;
  }

  /** Sites, applications, virtual directories and application pools. */
  serverTree(): ServerTree {
    const file = this.applicationHost();
    if (this.treeCache?.hash !== file.hash) {
      this.treeCache = { hash: file.hash, tree: readServerTree(file.doc?.root) };
      this.resolved.clear();
      this.listings.clear();
    }
    return this.treeCache.tree;
  }

  /**
   * machine.config, the root web.config and applicationHost.config, resolved inside the root
   * (case-insensitively). A path is remembered once the file exists; until then it is looked up again.
   */
  wellKnown(name: 'machineConfig' | 'rootWebConfig' | 'applicationHostConfig'): string {
    const known = this.wellKnownPaths.get(name);
    if (known !== undefined) return known;
    const resolved = this.root[name];
    if (existsSync(resolved)) this.wellKnownPaths.set(name, resolved);
    return resolved;
  }

  /**
   * Resolves a physical path of applicationHost.config inside the root. Folders found on disk are
   * remembered while applicationHost.config is unchanged; a folder not (yet) found is looked up again
   * on every call, so content created later shows up.
   */
  readonly resolvePhysicalPath = (windowsPath: string): string => {
    const known = this.resolved.get(windowsPath);
    if (known !== undefined) return known;
    // Most sites share their parent folders (`%SystemDrive%\inetpub\sites\…`): resolve the parent
    // once, then the last segment with one lstat when it exists with that exact spelling and is no
    // link. Anything else (another case, a link, a missing folder) takes the full, checked resolve.
    const cut = windowsPath.replace(/[\\/]+$/, '').search(/[\\/][^\\/]+$/);
    if (cut > 0) {
      const leaf = windowsPath.slice(cut + 1).replace(/[\\/]+$/, '');
      if (leaf !== '.' && leaf !== '..' && !leaf.includes('%') && !/[ .]$/.test(leaf)) {
        const parent =
          this.resolved.get(windowsPath.slice(0, cut)) ?? this.resolveParent(windowsPath.slice(0, cut));
        if (parent !== undefined && this.isPlainEntry(parent, leaf)) {
          const candidate = join(parent, leaf);
          this.resolved.set(windowsPath, candidate);
          return candidate;
        }
      }
    }
    const resolved = this.root.resolve(windowsPath);
    if (existsSync(resolved)) this.resolved.set(windowsPath, resolved);
    return resolved;
  };

  /**
   * Whether `parent/name` exists with that exact spelling and is no symbolic link. A folder that
   * holds many sites' folders is listed once (one readdir instead of an lstat per site); a name the
   * listing does not show as a folder is lstat'ed as usual, so content created since is found.
   */
  private isPlainEntry(parent: string, name: string): boolean {
    let listing = this.listings.get(parent);
    if (!listing) {
      listing = { uses: 0 };
      this.listings.set(parent, listing);
    }
    if (!listing.folders && ++listing.uses > LIST_AFTER) {
      try {
        const entries = readdirSync(parent, { withFileTypes: true });
        listing.folders = new Set(entries.filter((d) => d.isDirectory()).map((d) => d.name));
      } catch {
        listing.folders = new Set();
      }
    }
    if (listing.folders?.has(name)) return true;
    const st = lstatSync(join(parent, name), { throwIfNoEntry: false });
    return st !== undefined && !st.isSymbolicLink();
  }

  private resolveParent(windowsPath: string): string | undefined {
    const resolved = this.root.resolve(windowsPath);
    if (!existsSync(resolved)) return undefined;
    this.resolved.set(windowsPath, resolved);
    return resolved;
  }

  /**
   * The files of a history entry: each saved version against the file as it is now (texts, for diffs).
   */
  historyComparison(id: string): Array<{ file: string; saved: string | null; current: string | null }> {
    const entry = this.committer.getHistory(id);
    return entry.files.map((f) => {
      const saved = this.committer.readHistoryFile(id, f.path);
      const current = readCurrent(join(this.root.dir, f.path), f.path);
      return {
        file: f.path,
        saved: saved ? Buffer.from(saved).toString('utf8') : null,
        current: current ? current.toString('utf8') : null,
      };
    });
  }

  /**
   * Puts back the versions a history entry saved (a file that did not exist then is removed). The
   * rollback is itself a commit: the versions it replaces go to history, so it can be undone.
   */
  rollback(id: string, info: CommitInfo = {}): CommitResult {
    const entry = this.committer.getHistory(id);
    const writes: FileWrite[] = entry.files.map((f) => {
      const path = this.root.resolve(f.path);
      const current = readCurrent(path, f.path);
      return {
        path,
        expectedHash: current ? sha256(current) : '',
        bytes: f.existed ? this.committer.readHistoryFile(id, f.path)! : null,
      };
    });
    for (const w of writes) {
      const name = this.nameOf(w.path);
      if (w.bytes)
        ConfigDocument.parse(decodeConfigText(w.bytes, name), name, { alwaysValidate: true }).crossCheck();
    }
    return this.committer.commit(writes, { description: `rollback to ${id}`, ...info });
  }

  /**
   * Resolves a site path (`Default Web Site/shop`, '' = server), as a request gives it: checked by
   * `parseSitePath` (INVALID_PATH for `..`, empty segments, control characters); unknown sites are
   * NOT_FOUND.
   */
  resolveLevel(sitePath: string): ResolvedLevel {
    const segments = parseSitePath(sitePath);
    const level = resolveSitePath(this.serverTree(), segments.join('/'));
    if (!level) {
      throw new ConfigError('NOT_FOUND', `Cannot find SITE object with identifier "${segments[0] ?? ''}".`);
    }
    return level;
  }
}

/** The bytes of a file now, or undefined when it does not exist; `name` (root-relative) names it in errors. */
function readCurrent(path: string, name: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new FileAccessError({
      file: name,
      operation: 'read',
      problem:
        code === 'EISDIR' ? 'not-a-file' : code === 'EACCES' || code === 'EPERM' ? 'access-denied' : 'failed',
      ...(code ? { errno: code } : {}),
      cause: e,
    });
  }
}
