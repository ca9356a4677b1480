import { readReference } from './readReference.js';

/**
 * The value a raw attribute value stands for (XML 1.0 §3.3.3): a line break (CRLF, CR or LF) or a
 * TAB becomes a space, then entity and character references are decoded (`&#xA;` stays a line break).
 * The raw text must have passed the reference checks of the parse (it throws otherwise).
 */
export function decodeAttributeValue(raw: string): string {
  if (!/[&\t\r\n]/.test(raw)) return raw;
  const text = raw.replace(/\r\n|[\t\r\n]/g, ' ');
  let out = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', from)) {
    const ref = readReference(text, amp, text.length);
    if (typeof ref === 'string') throw new Error(ref);
    out += text.slice(from, amp) + ref.value;
    from = ref.end;
  }
  return out + text.slice(from);
}
