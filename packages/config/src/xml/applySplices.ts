/** Replace `text[start, end)` of the original text with `text` (an insertion when start === end). */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Splices sorted by position (stable for insertions at one point); throws if two overlap. */
export function sortSplices(splices: readonly Splice[]): Splice[] {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as Splice;
    const cur = sorted[i] as Splice;
    if (cur.start < prev.end) {
      throw new Error(`Overlapping edits at offsets ${prev.start}-${prev.end} and ${cur.start}-${cur.end}.`);
    }
  }
  return sorted;
}

/** Applies non-overlapping splices to `text` in one pass (docs/config-editing.md §6.11). */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const parts: string[] = [];
  let from = 0;
  for (const s of sortSplices(splices)) {
    parts.push(text.slice(from, s.start), s.text);
    from = s.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/**
 * Maps offsets of the original text to the text after the (sorted) splices: an offset moves by every
 * splice that ends at or before it, so an insertion exactly at the offset goes before it.
 */
export function offsetMapper(sorted: readonly Splice[]): (offset: number) => number {
  const ends = sorted.map((s) => s.end);
  const deltas: number[] = [];
  let total = 0;
  for (const s of sorted) deltas.push((total += s.text.length - (s.end - s.start)));
  return (offset) => {
    // Last splice with end <= offset (ends are non-decreasing for non-overlapping sorted splices).
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ends[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return offset + (lo === 0 ? 0 : (deltas[lo - 1] as number));
  };
}
