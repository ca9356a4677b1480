import { isXmlCharCode } from './xmlChars.js';

const ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

export interface DecodedReference {
  value: string;
  /** Index just after the `;`. */
  end: number;
}

/**
 * Reads the entity or character reference starting at `text[amp] === '&'` (ending before `limit`).
 * Only the five predefined entities and numeric references exist in a config file: a file has no
 * DOCTYPE to declare others. Returns the decoded text, or the reason the reference is invalid.
 */
export function readReference(text: string, amp: number, limit: number): DecodedReference | string {
  const semi = text.indexOf(';', amp + 1);
  if (semi === -1 || semi >= limit || semi - amp > 64) return "'&' must be written as &amp;.";
  const body = text.slice(amp + 1, semi);
  if (body.startsWith('#')) {
    const hex = body.startsWith('#x');
    const digits = body.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-fA-F]{1,8}$/ : /^[0-9]{1,10}$/).test(digits)) {
      return `Invalid character reference '&${body};'.`;
    }
    const code = parseInt(digits, hex ? 16 : 10);
    if (!isXmlCharCode(code)) return `Character reference '&${body};' is not an allowed XML character.`;
    return { value: String.fromCodePoint(code), end: semi + 1 };
  }
  const value = ENTITIES.get(body);
  if (value !== undefined) return { value, end: semi + 1 };
  if (/^[A-Za-z_:][-.\w:]*$/.test(body)) return `Reference to undeclared entity '&${body};'.`;
  return "'&' must be written as &amp;.";
}

/** The first invalid reference in `text[from, to)`, as its index and reason, or undefined. */
export function findBadReference(
  text: string,
  from: number,
  to: number,
): { index: number; reason: string } | undefined {
  for (let amp = text.indexOf('&', from); amp !== -1 && amp < to; amp = text.indexOf('&', amp + 1)) {
    const ref = readReference(text, amp, to);
    if (typeof ref === 'string') return { index: amp, reason: ref };
  }
  return undefined;
}
