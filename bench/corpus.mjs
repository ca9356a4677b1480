// Where the real-world config corpus is, for the tests and benchmarks that run over it. The corpus
// (real IIS / ASP.NET config files by other authors) is not part of this repository:
//  - IISCONSOLE_CORPUS=DIR uses DIR; set but empty or not a directory, the corpus is absent (no
//    fallback, so `IISCONSOLE_CORPUS= npm test` runs as a fresh clone does);
//  - unset, `<repo>/../shared/corpus` is used when that directory exists (CI clones it there).
// Without a corpus the corpus suites are skipped with one line, CORPUS_SKIPPED, and the benchmarks
// use generated files; every other test runs on the repository's own fixtures.
import { statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<repo>/../shared/corpus/`, the default when IISCONSOLE_CORPUS is unset. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));

/** The one line printed (once per run) when the corpus suites are skipped. */
export const CORPUS_SKIPPED =
  'corpus tests skipped: set IISCONSOLE_CORPUS to a directory of real config files (CI uses ../shared/corpus)';

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
  if (given !== undefined) {
    if (given.trim() === '') return undefined;
    const dir = resolve(given);
    return isDirectory(dir) ? withSlash(dir) : undefined;
  }
  return isDirectory(DEFAULT_CORPUS_DIR) ? DEFAULT_CORPUS_DIR : undefined;
}
