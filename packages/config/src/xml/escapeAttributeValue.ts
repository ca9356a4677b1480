import { ValidationError } from '../errors.js';
import { findForbiddenChar } from './xmlChars.js';

/**
 * A plain value written between `quote` characters (docs/config-editing.md §6.10): `&`, `<`, that
 * quote, TAB, LF and CR are escaped; the other quote and `>` stay as they are. Characters XML 1.0
 * cannot hold are refused. `attribute` names the attribute in the error.
 */
export function escapeAttributeValue(value: string, quote: '"' | "'", attribute = 'value'): string {
  const bad = findForbiddenChar(value);
  if (bad !== -1) {
    const code = value.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0');
    throw new ValidationError([
      {
        attribute,
        rule: 'XML_CHAR',
        message: `The value of '${attribute}' contains the character U+${code}, which a configuration file cannot hold.`,
      },
    ]);
  }
  const pattern = quote === '"' ? /[&<"\t\n\r]/g : /[&<'\t\n\r]/g;
  return value.replace(pattern, (c) => ESCAPES[c] as string);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
