import type { TextPosition } from './XmlElement.js';

/**
 * Line starts of a text, computed once, so that any offset maps to a 1-based line and column by
 * binary search. Lines break at LF (a CRLF counts once); columns count UTF-16 units and, on the
 * first line, skip a BOM (editors do not show it).
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  private readonly bom: boolean;

  constructor(text: string) {
    this.bom = text.charCodeAt(0) === 0xfeff;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): TextPosition {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo] as number;
    const column = offset - lineStart + 1 - (lo === 0 && this.bom && offset > 0 ? 1 : 0);
    return { line: lo + 1, column };
  }
}
