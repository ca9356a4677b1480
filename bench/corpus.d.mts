/** The one line printed (once per run) when the corpus suites are skipped. */
export declare const CORPUS_SKIPPED: string;

/**
 * The corpus directory (absolute, ending with a separator), or undefined when there is none:
 * IISCONSOLE_CORPUS when it names a directory; nothing else is looked at.
 */
export declare function findCorpusDir(env?: Record<string, string | undefined>): string | undefined;

/** The line to print without a corpus: CORPUS_SKIPPED, plus IISCONSOLE_CORPUS's value when it is not a directory. */
export declare function corpusSkippedLine(env?: Record<string, string | undefined>): string;
