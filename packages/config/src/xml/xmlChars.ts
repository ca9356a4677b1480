// Character rules of XML 1.0 (https://www.w3.org/TR/xml/#charsets): what may appear in a document
// and in a value we write.

/** Characters XML 1.0 forbids: C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF, lone surrogates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;

/** Index of the first character XML 1.0 does not allow, or -1. */
export function findForbiddenChar(text: string): number {
  const m = FORBIDDEN.exec(text);
  return m ? m.index : -1;
}

export function isXmlCharCode(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** An XML Name (element or attribute), prefixed names included. */
const NAME =
  // eslint-disable-next-line no-misleading-character-class -- the XML Name production lists U+200C/U+200D
  /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][-.0-9:A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;

export function isXmlName(name: string): boolean {
  return NAME.test(name);
}

/** Names fast-xml-parser refuses (strictReservedNames): they could pollute object prototypes. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** XML white space: SP, TAB, CR, LF (not the wider Unicode set of JavaScript's `\s`). */
export function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x9 || code === 0xa || code === 0xd;
}
