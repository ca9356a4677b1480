/** `<repo>/../shared/corpus/`, the default when IISCONSOLE_CORPUS is unset. */
export declare const DEFAULT_CORPUS_DIR: string;

/** The one line printed (once per run) when the corpus suites are skipped. */
export declare const CORPUS_SKIPPED: string;

/**
 * The corpus directory (absolute, ending with a separator), or undefined when there is none:
 * IISCONSOLE_CORPUS when set (empty or not a directory = none), else `<repo>/../shared/corpus/` if it exists.
 */
export declare function findCorpusDir(env?: Record<string, string | undefined>): string | undefined;

/** The line to print without a corpus: CORPUS_SKIPPED, plus IISCONSOLE_CORPUS's value when it is not a directory. */
export declare function corpusSkippedLine(env?: Record<string, string | undefined>): string;
