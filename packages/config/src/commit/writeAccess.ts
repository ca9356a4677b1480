import { accessSync, constants, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname } from 'node:path';
import { FileAccessError } from '../errors.js';
import type { FileOperation, FileProblem } from '../errors.js';

/** The refusal an errno code stands for (`failed` when it explains nothing a user can act on). */
export function problemOfErrno(code: string | undefined): FileProblem {
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'folder-missing';
    case 'EISDIR':
      return 'not-a-file';
    case 'EACCES':
    case 'EPERM':
      return 'access-denied';
    case 'EROFS':
      return 'read-only-file-system';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'disk-full';
    case 'EBUSY':
    case 'ETXTBSY':
      return 'in-use';
    default:
      return 'failed';
  }
}

/** Names host paths in errors (root-relative). */
export type PathNamer = (hostPath: string) => string;

/**
 * A failed file system call on `path` as the error a user can act on: the file and its folder named
 * by `name`, the errno kept, the original error as the cause.
 */
export function fileAccessError(
  path: string,
  operation: FileOperation,
  error: unknown,
  name: PathNamer,
  options: { folder?: string } = {},
): FileAccessError {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  const folder = options.folder ?? (operation === 'history' ? undefined : dirname(path));
  // The history folder (or a folder above it) is a file: mkdir says EEXIST or ENOTDIR.
  const problem =
    operation === 'history' && (errno === 'EEXIST' || errno === 'ENOTDIR')
      ? 'not-a-file'
      : problemOfErrno(errno);
  return new FileAccessError({
    file: name(path),
    ...(folder !== undefined ? { folder: name(folder) } : {}),
    operation,
    problem,
    ...(errno ? { errno } : {}),
    cause: error,
  });
}

/**
 * Why the config file at `path` cannot be written (or deleted) now, or undefined when nothing stands
 * in the way. `folderHint` replaces the advice of a missing folder (e.g. the physical path to correct). Checked before anything is written (history included), so a refusal changes no byte;
 * and by the Session State view, so the page says so before Apply.
 *
 * - the folder does not exist: TARGET_FOLDER_MISSING (content folders are never created: a
 *   missing physical path is a misconfiguration to show, as IIS Manager does);
 * - the name is taken by a folder: NOT_A_FILE;
 * - the file has no write permission at all (what Windows' read-only attribute looks like to Node,
 *   and how this product marks a file read-only on Linux, where root could write it anyway), the
 *   folder does not let us create files, or the file system is read-only: READ_ONLY.
 */
export function writeRefusal(
  path: string,
  operation: 'write' | 'delete',
  name: PathNamer,
  folderHint?: string,
): FileAccessError | undefined {
  const folder = dirname(path);
  const refuse = (problem: FileProblem, errno?: string) =>
    new FileAccessError({
      file: name(path),
      folder: name(folder),
      operation,
      problem,
      ...(errno ? { errno } : {}),
      ...(folderHint !== undefined && problem === 'folder-missing' ? { hint: folderHint } : {}),
    });
  let folderStat: Stats | undefined;
  try {
    folderStat = statSync(folder, { throwIfNoEntry: false });
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    if (errno !== 'ENOTDIR') return refuse(problemOfErrno(errno), errno);
  }
  if (!folderStat?.isDirectory()) return operation === 'delete' ? undefined : refuse('folder-missing');
  let fileStat: Stats | undefined;
  try {
    fileStat = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    return refuse(problemOfErrno(errno), errno);
  }
  if (fileStat && !fileStat.isFile()) return refuse('not-a-file');
  if (!fileStat && operation === 'delete') return undefined;
  if (fileStat && (fileStat.mode & 0o222) === 0) return refuse('read-only-file');
  // Files are replaced through a temporary file in the same folder: the folder must be writable.
  try {
    accessSync(folder, constants.W_OK);
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    return refuse(problemOfErrno(errno), errno);
  }
  return undefined;
}
