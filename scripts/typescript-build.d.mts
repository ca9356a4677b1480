/**
 * Runs `tsc -b` for `projects` (folders with a tsconfig.json; none = every project of the root
 * tsconfig.json). With `quiet`, the compiler's output goes to stderr, and only when the build fails.
 */
export declare function buildTypeScript(projects?: string[], options?: { quiet?: boolean }): number;

/** True when the `dist/` of `project` or of a project it references is missing or older than its sources. */
export declare function typeScriptBuildNeeded(project: string): boolean;

/** For a bin: builds `project` when needed, quietly; exits with the compiler's messages on stderr when it fails. */
export declare function ensureBuilt(project: string | URL, name: string): void;
