/**
 * The file's indentation unit (docs/config-editing.md §6.7): the most frequent step between a line's
 * indentation and the deeper indentation of the next non-blank line: a tab, 2 spaces or 4 spaces.
 * Four spaces (IIS's own files) when the file shows none.
 */
export function detectIndentUnit(text: string): string {
  let tab = 0;
  let two = 0;
  let four = 0;
  let prev = '';
  for (let start = 0; start < text.length;) {
    let i = start;
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09; c = text.charCodeAt(++i));
    const nl = text.indexOf('\n', i);
    const next = nl === -1 ? text.length : nl + 1;
    const c = text.charCodeAt(i);
    if (i < text.length && c !== 0x0a && c !== 0x0d) {
      const indent = text.slice(start, i);
      if (indent.length > prev.length && indent.startsWith(prev)) {
        const step = indent.slice(prev.length);
        if (step === '\t') tab++;
        else if (step === '  ') two++;
        else if (step === '    ') four++;
      }
      prev = indent;
    }
    start = next;
  }
  if (tab > two && tab > four) return '\t';
  if (two > four) return '  ';
  return '    ';
}

/** The line ending for a new line with no neighbour to copy: CRLF when the file has any. */
export function preferredEol(text: string): '\r\n' | '\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
