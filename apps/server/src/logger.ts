import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import { maskDeep, maskSecrets } from './mask.js';

/** Never written to the server log, wherever they appear in a logged object. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'body.password',
  'req.body.password',
  'password',
  '*.password',
  'token',
  '*.token',
  'csrfToken',
  '*.csrfToken',
  'validationKey',
  '*.validationKey',
  'decryptionKey',
  '*.decryptionKey',
];

export interface LoggerOptions {
  level?: string;
  /** Where log lines go; stdout by default. */
  stream?: DestinationStream;
}

/**
 * The server's pino logger: secrets in headers and bodies redacted, and passwords inside connection
 * strings masked in messages, objects, request URLs and errors.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (request: { method?: string; url?: string; host?: string; ip?: string }) => ({
          method: request.method,
          url: request.url === undefined ? undefined : maskSecrets(decodeForMasking(request.url)),
          host: request.host,
          remoteAddress: request.ip,
        }),
        // The serialized error is not a plain object, so copy it before masking.
        err: (error: Error) => maskDeep({ ...stdSerializers.err(error) }),
      },
      formatters: { log: (object) => maskDeep(object) },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskSecrets(arg) : arg));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.stream,
  );
}

/** URLs arrive percent-encoded (`password%3Dsecret`); decode them so that the mask can see the password. */
function decodeForMasking(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
