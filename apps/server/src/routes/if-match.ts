import { HttpError } from '../errors.js';

/**
 * The ETag a write was made on (`If-Match`), required by every configuration write: lost-update
 * protection is the product's promise, so a write without it is 428, not a blind overwrite.
 */
export function requireIfMatch(value: string | undefined): string {
  if (!value) {
    throw new HttpError(
      428,
      'PRECONDITION_REQUIRED',
      'Send the ETag of the configuration you changed in an If-Match header (GET it first).',
    );
  }
  return value;
}
