import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ConfigError } from '@iis-console/config';
import { ApiError, ErrorCode, type FieldError } from '@iis-console/contracts';

type ApiErrorBody = ApiError['error'];

/** An error the API reports as it is: status, stable code, a message meant for the user. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers: Record<string, string>;
  constructor(
    statusCode: number,
    code: string,
    message: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/**
 * HTTP status of each configuration error code. Every refusal the configuration system can explain
 * is a 4xx (507 for a full disk) with its message; only WRITE_FAILED, an unexplained failure, is a
 * 500 with a generic message (the detail goes to the log).
 */
export const CONFIG_ERROR_STATUS: Record<ConfigError['code'], number> = {
  CONFIG_FILE: 422,
  VALIDATION: 400,
  UNKNOWN_ATTRIBUTE: 400,
  PATH_ESCAPE: 400,
  INVALID_PATH: 400,
  LOCKED: 409,
  NOT_APPLICATION: 409,
  CONFLICT: 409,
  TARGET_FOLDER_MISSING: 409,
  NOT_A_FILE: 409,
  READ_ONLY: 409,
  PRECONDITION: 412,
  NOT_FOUND: 404,
  DISK_FULL: 507,
  WRITE_FAILED: 500,
};

/**
 * The API form of a configuration error: 422 with file/line/column, 400 with field errors, 409 (with
 * the file when one is concerned), 412, 404, 507; 500 with a generic message.
 */
export function configErrorToApiError(error: ConfigError): ApiError {
  const body: ApiErrorBody = {
    statusCode: CONFIG_ERROR_STATUS[error.code] ?? 500,
    code: error.code,
    message: error.message,
  };
  const { errors, file, line, column } = error as ConfigError & {
    errors?: unknown;
    file?: unknown;
    line?: unknown;
    column?: unknown;
  };
  if (Array.isArray(errors)) {
    body.errors = errors.map((e: FieldError) => ({
      attribute: e.attribute,
      rule: e.rule,
      message: e.message,
    }));
  }
  if (typeof file === 'string') body.file = file;
  if (typeof line === 'number') body.line = line;
  if (typeof column === 'number') body.column = column;
  if (body.statusCode === 500) {
    body.message = 'The configuration file could not be written.';
    delete body.file;
  }
  return { error: body };
}

/** Sends a configuration error in the API's error shape. Routes may also just throw it. */
export function sendConfigError(reply: FastifyReply, error: ConfigError): FastifyReply {
  const body = configErrorToApiError(error);
  return reply.code(body.error.statusCode).send(body);
}

export function apiError(statusCode: number, code: string, message: string, errors?: FieldError[]): ApiError {
  return { error: { statusCode, code, message, ...(errors ? { errors } : {}) } };
}

const STATUS_CODES: Record<number, [string, string]> = {
  400: [ErrorCode.BAD_REQUEST, 'The request is not valid.'],
  401: [ErrorCode.UNAUTHORIZED, 'Sign in first.'],
  403: [ErrorCode.FORBIDDEN, 'You are not allowed to do this.'],
  404: [ErrorCode.NOT_FOUND, 'Not found.'],
  405: [ErrorCode.METHOD_NOT_ALLOWED, 'Method not allowed.'],
  409: [ErrorCode.CONFLICT, 'The request conflicts with the current state.'],
  412: [ErrorCode.PRECONDITION, 'The resource changed since it was read.'],
  413: [ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large.'],
  415: [ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the request body as application/json.'],
  429: [ErrorCode.RATE_LIMITED, 'Too many requests. Try again later.'],
};

/**
 * Any thrown value as the API's error body. Known errors keep their message; anything unexpected becomes
 * a 500 with a generic message (the caller logs the original, with its stack, on the server only).
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof HttpError) return apiError(error.statusCode, error.code, error.message, error.errors);
  if (error instanceof ConfigError) return configErrorToApiError(error);

  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const errors = error.validation.map((issue) => ({
      attribute: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || context,
      rule: issue.keyword,
      message: issue.message ?? 'Invalid value.',
    }));
    return apiError(400, ErrorCode.VALIDATION, `The request ${contextName(context)} is not valid.`, errors);
  }
  if (isResponseSerializationError(error)) return apiError(500, ErrorCode.INTERNAL, 'Internal server error.');

  const fastifyError = error as Partial<FastifyError> | undefined;
  const code = typeof fastifyError?.code === 'string' ? fastifyError.code : undefined;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return apiError(413, ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return apiError(400, ErrorCode.BAD_REQUEST, 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return apiError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the request body as application/json.');
    case 'FST_CSRF_MISSING_SECRET':
    case 'FST_CSRF_INVALID_TOKEN':
      return apiError(
        403,
        ErrorCode.CSRF,
        'Missing or invalid CSRF token: send the token from GET /api/auth/csrf in the x-csrf-token header.',
      );
    case 'FST_ERR_BAD_URL':
      return apiError(400, ErrorCode.BAD_REQUEST, 'The URL is not valid.');
  }
  // JSON.parse failures of the body parser carry status 400 and a SyntaxError.
  if (error instanceof SyntaxError && fastifyError?.statusCode === 400) {
    return apiError(400, ErrorCode.BAD_REQUEST, 'The request body is not valid JSON.');
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [fallbackCode, message] = STATUS_CODES[status] ?? [
      ErrorCode.BAD_REQUEST,
      'The request is not valid.',
    ];
    return apiError(status, fallbackCode, message);
  }
  return apiError(500, ErrorCode.INTERNAL, 'Internal server error.');
}

function contextName(context: string): string {
  return context === 'querystring' ? 'query string' : context === 'params' ? 'path' : context;
}

/** The error handler of the whole app: one body shape, no stack traces, 5xx logged with their stack. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = toApiError(error);
  const status = body.error.statusCode;
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ statusCode: status, code: body.error.code }, body.error.message);
  if (error instanceof HttpError) reply.headers(error.headers);
  if (status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
  return reply.code(status).send(body);
}

/**
 * `ApiError` response schemas for the given statuses, for a route's `schema.response`, so that
 * failures are documented in the OpenAPI description as well.
 */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ApiError> {
  return Object.fromEntries(statuses.map((s) => [s, ApiError])) as Record<S, typeof ApiError>;
}
