/** The one line printed (once per run) when the corpus suites are skipped. */
export declare const CORPUS_SKIPPED: string;

/**
 * The corpus directory (absolute, ending with a separator), or undefined when there is none:
 * IISCONSOLE_CORPUS when it names a directory; nothing else is looked at.
 */
export declare function findCorpusDir(env?: Record<string, string | undefined>): string | undefined;

/** The line to print without a corpus: CORPUS_SKIPPED, plus IISCONSOLE_CORPUS's value when it is not a directory. */
export declare function corpusSkippedLine(env?: Record<string, string | undefined>): string;

/** The corpus's 212 KB applicationHost.config file name. */
export declare const CORPUS_LARGE_APPHOST: string;

/** The corpus's large applicationHost.config when there is a corpus, else a generated one; `label` says which. */
export declare function largeApplicationHost(env?: Record<string, string | undefined>): {
  bytes: Buffer;
  label: string;
};
