// Passwords inside connection strings (`…;Password=secret`, `pwd=…`) must never reach a list, a log or
// the audit log. Only the value is replaced; the key keeps its spelling. Pure: usable in the browser.

const CONNECTION_STRING_PASSWORD =
  /(?<![A-Za-z])((?:password|pwd)\s*=\s*)(?:"[^"]*"|'[^']*'|&quot;.*?&quot;|&apos;.*?&apos;|[^;"'<>\r\n]*)/gi;

export const PASSWORD_MASK = '*****';

/** Masks every `password=` / `pwd=` value in `text`. */
export function maskPasswords(text: string): string {
  return text.replace(CONNECTION_STRING_PASSWORD, `$1${PASSWORD_MASK}`);
}
