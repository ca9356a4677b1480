/** The line holding an offset: its start, the index of its line ending, and that ending. */
export interface LineInfo {
  start: number;
  /** Index of the line ending (or the text length on a last line without one). */
  end: number;
  eol: '' | '\n' | '\r\n';
}

export function lineAt(text: string, offset: number): LineInfo {
  const start = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return { start, end: text.length, eol: '' };
  if (nl > offset && text.charCodeAt(nl - 1) === 0x0d) return { start, end: nl - 1, eol: '\r\n' };
  return { start, end: nl, eol: '\n' };
}

/** True when `text[from, to)` holds only spaces and tabs. */
export function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}
