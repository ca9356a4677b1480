import { maskMachineKeys, maskPasswords, PASSWORD_MASK } from '@iis-console/config';
// Passwords inside connection strings (`sqlConnectionString="…;Password=secret"`, `pwd=…`) must never
// reach the audit log or the server log. Only the value is replaced; the key keeps its spelling.

/**
 * Masks every `password=` / `pwd=` value in `text` (the configuration system's one rule), and the
 * machine key's `validationKey=` / `decryptionKey=` values (docs/advisor.md, "Machine Key").
 */
export const maskSecrets = (text: string): string => maskMachineKeys(maskPasswords(text));
export const MASK = PASSWORD_MASK;

/** A copy of `value` with every string in it masked (objects and arrays deeply; other values as they are). */
export function maskDeep<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value === 'string') return maskSecrets(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item: unknown) => maskDeep(item, seen)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = maskDeep(item, seen);
  return copy as T;
}
