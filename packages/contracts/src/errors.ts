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
 * system (`CONFIG_FILE`, `VALIDATION`, `UNKNOWN_ATTRIBUTE`, `LOCKED`, `NOT_APPLICATION`, `CONFLICT`,
 * `PRECONDITION`, `NOT_FOUND`, `PATH_ESCAPE`, `WRITE_FAILED`), so clients must accept any string.
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
    /** An unreadable configuration file (422): the file and the 1-based position of the problem. */
    file: z.string().optional(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;
