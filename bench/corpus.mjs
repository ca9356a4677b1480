// Where the real-world config corpus is, for the tests and benchmarks that run over it. The corpus
// (real IIS / ASP.NET config files by other authors) is not part of this repository:
//  - IISCONSOLE_CORPUS=DIR uses DIR; unset, empty or not a directory, the corpus is absent.
//    Nothing outside the repository is read unless that variable names it (.ci/run sets it).
// Without a corpus the corpus suites are skipped with one line, CORPUS_SKIPPED, and the benchmarks
// use generated files; every other test runs on the repository's own fixtures.
import { statSync } from 'node:fs';
import { resolve, sep } from 'node:path';

/** The one line printed (once per run) when the corpus suites are skipped. */
export const CORPUS_SKIPPED =
  'corpus tests skipped: set IISCONSOLE_CORPUS to a directory of real config files';

/**
 * The line to print when there is no corpus: CORPUS_SKIPPED, naming IISCONSOLE_CORPUS's value when
 * it is set to something that is not a directory.
 * @param {Record<string, string | undefined>} [env]
 * @returns {string}
 */
export function corpusSkippedLine(env = process.env) {
  const given = env.IISCONSOLE_CORPUS;
  return given === undefined || given.trim() === ''
    ? CORPUS_SKIPPED
    : `${CORPUS_SKIPPED}; IISCONSOLE_CORPUS=${given} is not a directory`;
}

const isDirectory = (dir) => {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
};

const withSlash = (dir) => (dir.endsWith(sep) || dir.endsWith('/') ? dir : dir + sep);

/**
 * The corpus directory (absolute, ending with a separator), or undefined when there is none.
 * @param {Record<string, string | undefined>} [env]
 * @returns {string | undefined}
 */
export function findCorpusDir(env = process.env) {
  const given = env.IISCONSOLE_CORPUS;
  if (given === undefined || given.trim() === '') return undefined;
  const dir = resolve(given);
  return isDirectory(dir) ? withSlash(dir) : undefined;
}
