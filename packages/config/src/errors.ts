// Errors of the configuration system. Each carries what a user needs to act on it: the rule's message
// (IIS / ASP.NET wording where one exists), the attribute, or the file with line and column.
// `code` is stable and maps to HTTP statuses and appcmd exit codes in the layers above.

import type { FieldError } from '@iis-console/config-common';

export type ConfigErrorCode =
  | 'CONFIG_FILE' // a config file cannot be read: malformed, hostile, unsupported encoding (422)
  | 'VALIDATION' // one or more values break a rule (400)
  | 'UNKNOWN_ATTRIBUTE' // an attribute the schema does not know (400)
  | 'LOCKED' // section locked at a parent level, or attribute locked ("Lock violation") (409)
  | 'NOT_APPLICATION' // MachineToApplication section below application level (409)
  | 'CONFLICT' // the file changed on disk since it was read, or another process holds it (409)
  | 'PRECONDITION' // a stale ETag (412)
  | 'NOT_FOUND' // unknown site, application or path (404)
  | 'PATH_ESCAPE' // a path that would leave the system drive root (400)
  | 'INVALID_PATH' // a site path with `.`/`..` or empty segments, or control characters (400)
  | 'TARGET_FOLDER_MISSING' // the folder a config file is written to does not exist (409)
  | 'NOT_A_FILE' // a folder (or anything but a file) has the name of the config file (409)
  | 'READ_ONLY' // the file is read-only, access is denied, or the file system is read-only (409)
  | 'DISK_FULL' // no space left on the disk (507)
  | 'WRITE_FAILED'; // an unexpected failure of the write: a bug or an unexplained I/O error (500)

export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  constructor(code: ConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
    this.code = code;
  }
}

/** A config file that cannot be used, with the position of the problem (1-based line and column). */
export class ConfigFileError extends ConfigError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The bare reason, without the file prefix. */
  readonly reason: string;
  constructor(file: string, line: number, column: number, reason: string) {
    super('CONFIG_FILE', `${file}(${line},${column}): ${reason}`);
    this.name = 'ConfigFileError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
  /** IIS's own format: `Filename: \\?\<file>\r\nLine number: <n>\r\nError: <reason>`. */
  iisText(windowsPath: string): string {
    return `Filename: \\\\?\\${windowsPath}\r\nLine number: ${this.line}\r\nError: ${this.reason}`;
  }
}

/** One refused value (@iis-console/config-common, shared with the console). */
export type { FieldError } from '@iis-console/config-common';

export class ValidationError extends ConfigError {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super(
      errors.some((e) => e.rule === 'V14') && errors.length === 1 ? 'UNKNOWN_ATTRIBUTE' : 'VALIDATION',
      errors.map((e) => e.message).join('\n'),
    );
    this.name = 'ValidationError';
    this.errors = errors;
  }
}

/** A site path (`Default Web Site/shop`) that is not one: `.`/`..` or empty segments, control characters. */
export class InvalidSitePathError extends ConfigError {
  /** The path as given (a site path or a config path `MACHINE/WEBROOT/APPHOST/…`). */
  readonly path: string;
  /** The rule it breaks, e.g. `"." and ".." segments are not allowed (found "..")`. */
  readonly reason: string;
  constructor(path: string, reason: string) {
    super('INVALID_PATH', `The site path "${printable(path)}" is not valid: ${reason}.`);
    this.name = 'InvalidSitePathError';
    this.path = path;
    this.reason = reason;
  }
  /** The path as a config path (`MACHINE/WEBROOT/APPHOST/…`), for appcmd's "Unrecognized configuration path". */
  get configPath(): string {
    const p = printable(this.path);
    return /^MACHINE(?:[/\\]|$)/i.test(p) ? p : `MACHINE/WEBROOT/APPHOST/${p}`;
  }
}

/** Control characters as `\u0001`, so that a message never carries them into logs or HTTP bodies. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What a file operation was for: replacing or creating a config file, deleting one, reading one, history. */
export type FileOperation = 'write' | 'delete' | 'read' | 'history';

/** Why the file system refused, in terms a user can act on. */
export type FileProblem =
  | 'folder-missing' // the folder the file goes into does not exist
  | 'not-a-file' // the name is taken by a folder (or a device, a socket…)
  | 'read-only-file' // the file has no write permission (Windows: the read-only attribute)
  | 'access-denied' // EACCES / EPERM
  | 'read-only-file-system' // EROFS
  | 'disk-full' // ENOSPC / EDQUOT
  | 'in-use' // EBUSY / ETXTBSY (a sharing violation on Windows)
  | 'failed'; // anything else: unexpected

/**
 * The file system refused an operation on one file (or the history folder). Carries the file and the
 * folder root-relative (forward slashes, as the API names files everywhere), so that each client
 * can name them its own way (`describe`): the API root-relative, appcmd as `C:\…`.
 */
export class FileAccessError extends ConfigError {
  /** Root-relative path of the file (the history folder for `history`). */
  readonly file: string;
  /** Root-relative path of the folder concerned (the file's folder), when it matters. */
  readonly folder: string | undefined;
  readonly operation: FileOperation;
  readonly problem: FileProblem;
  /** The errno code (`EACCES`), when the refusal came from the operating system. */
  readonly errno: string | undefined;
  /** What to do about it, replacing the generic advice (e.g. the physical path to correct). */
  readonly hint: string | undefined;
  constructor(init: {
    file: string;
    folder?: string;
    operation: FileOperation;
    problem: FileProblem;
    errno?: string;
    hint?: string;
    cause?: unknown;
  }) {
    super(
      fileAccessCode(init.operation, init.problem),
      describeFileAccess(init, (p) => p),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = 'FileAccessError';
    this.file = init.file;
    this.folder = init.folder;
    this.operation = init.operation;
    this.problem = init.problem;
    this.errno = init.errno;
    this.hint = init.hint;
  }
  /** The message with paths named by `name` (it receives root-relative paths). */
  describe(name: (rootRelative: string) => string): string {
    return describeFileAccess(this, name);
  }
}

function fileAccessCode(operation: FileOperation, problem: FileProblem): ConfigErrorCode {
  if (operation === 'read') return 'CONFIG_FILE';
  switch (problem) {
    case 'folder-missing':
      return 'TARGET_FOLDER_MISSING';
    case 'not-a-file':
      return 'NOT_A_FILE';
    case 'read-only-file':
    case 'access-denied':
    case 'read-only-file-system':
      return 'READ_ONLY';
    case 'disk-full':
      return 'DISK_FULL';
    case 'in-use':
      return 'CONFLICT';
    case 'failed':
      return 'WRITE_FAILED';
  }
}

function describeFileAccess(
  e: {
    file: string;
    folder?: string | undefined;
    operation: FileOperation;
    problem: FileProblem;
    errno?: string | undefined;
    hint?: string | undefined;
  },
  name: (p: string) => string,
): string {
  const file = name(e.file);
  const folder = e.folder === undefined ? undefined : name(e.folder);
  const errno = e.errno ? ` (${e.errno})` : '';
  const what =
    e.operation === 'write'
      ? `Cannot write ${file}`
      : e.operation === 'delete'
        ? `Cannot delete ${file}`
        : e.operation === 'read'
          ? `Cannot read ${file}`
          : `Cannot save the configuration history in ${file}`;
  let why: string;
  let advice: string | undefined;
  switch (e.problem) {
    case 'folder-missing':
      why = `the folder ${folder ?? file} does not exist`;
      advice = 'Create the folder, or correct the physical path that points to it.';
      break;
    case 'not-a-file':
      why = e.operation === 'history' ? `it is not a folder${errno}` : 'a folder (not a file) has that name';
      break;
    case 'read-only-file':
      why = 'the file is read-only';
      advice = 'Clear its read-only attribute (give it write permission) and try again.';
      break;
    case 'access-denied':
      why = `access is denied${errno}`;
      advice = `Check the permissions of ${folder ?? file}${folder !== undefined && e.operation !== 'history' ? ' and of the file' : ''}.`;
      break;
    case 'read-only-file-system':
      why = `the file system is read-only${errno}`;
      break;
    case 'disk-full':
      why = `there is no space left on the disk${errno}`;
      break;
    case 'in-use':
      why = `the file is in use by another process${errno}`;
      advice = 'Try again.';
      break;
    case 'failed':
      why = `the operation failed${errno}`;
      break;
  }
  const tail = e.hint ?? advice;
  return `${what}: ${why}.${tail ? ` ${tail}` : ''}`;
}
