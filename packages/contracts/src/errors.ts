import { z } from 'zod';

/** One refused value: the attribute (or request field), the rule that failed and a message to show. */
export const FieldError = z.object({
  attribute: z.string(),
  rule: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/**
 * `code` values the server itself produces. Configuration errors add the codes of the configuration
 * system, so clients must accept any string: `CONFIG_FILE` (422), `VALIDATION`, `UNKNOWN_ATTRIBUTE`,
 * `PATH_ESCAPE`, `INVALID_PATH` (400), `LOCKED`, `NOT_APPLICATION`, `CONFLICT`,
 * `TARGET_FOLDER_MISSING`, `NOT_A_FILE`, `READ_ONLY` (409), `PRECONDITION` (412), `NOT_FOUND` (404),
 * `DISK_FULL` (507) and `WRITE_FAILED` (500: unexpected, generic message, detail in the server log).
 */
export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  VALIDATION: 'VALIDATION',
  UNAUTHORIZED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  INVALID_TOKEN: 'INVALID_TOKEN',
  FORBIDDEN: 'FORBIDDEN',
  CSRF: 'CSRF',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  PRECONDITION: 'PRECONDITION',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  CONFIG_FILE: 'CONFIG_FILE',
  RATE_LIMITED: 'RATE_LIMITED',
  SIGN_IN_LOCKED: 'SIGN_IN_LOCKED',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The body of every failed API request. Never carries a stack trace. */
export const ApiError = z.object({
  error: z.object({
    statusCode: z.number().int(),
    code: z.string(),
    message: z.string(),
    /** Per-field problems (400). */
    errors: z.array(FieldError).optional(),
    /**
     * The file concerned, root-relative (`inetpub/wwwroot/web.config`): an unreadable configuration
     * file (422, with the 1-based position when it is malformed), or the file a refused write is for
     * (409, 507; the history folder when history could not be saved).
     */
    file: z.string().optional(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;
