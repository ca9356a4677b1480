// Errors of the configuration system. Each carries what a user needs to act on it: the rule's message
// (IIS / ASP.NET wording where one exists), the attribute, or the file with line and column.
// `code` is stable and maps to HTTP statuses and appcmd exit codes in the layers above.

export type ConfigErrorCode =
  | 'CONFIG_FILE' // a config file cannot be read: malformed, hostile, unsupported encoding (422)
  | 'VALIDATION' // one or more values break a rule (400)
  | 'UNKNOWN_ATTRIBUTE' // an attribute the schema does not know (400)
  | 'LOCKED' // section locked at a parent level, or attribute locked ("Lock violation") (409)
  | 'NOT_APPLICATION' // MachineToApplication section below application level (409)
  | 'CONFLICT' // the file changed on disk since it was read (409)
  | 'PRECONDITION' // a stale ETag (412)
  | 'NOT_FOUND' // unknown site, application or path (404)
  | 'PATH_ESCAPE' // a path that would leave the system drive root (400)
  | 'WRITE_FAILED'; // the file system refused the write (500)

export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  constructor(code: ConfigErrorCode, message: string) {
    super(message);
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

export interface FieldError {
  /** Attribute name in schema spelling (or as given when unknown). */
  attribute: string;
  /** Rule id from spec/session-state.md §2.7 (V1 … V14), or LOCK / SECTION_LOCK / NOT_APPLICATION. */
  rule: string;
  message: string;
}

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
