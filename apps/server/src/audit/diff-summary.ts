import { structuredPatch } from 'diff';
import { maskSecrets } from '../mask.js';

const MAX_LINES = 40;

/**
 * A short, masked unified diff of one file's change for the audit log: the changed lines with one line
 * of context, at most 40 lines, and a `+added -removed` header.
 */
export function summarizeDiff(file: string, before: string, after: string): string {
  const patch = structuredPatch(file, file, before, after, '', '', { context: 1 });
  let added = 0;
  let removed = 0;
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
      lines.push(line.replace(/\r$/, ''));
    }
  }
  const shown =
    lines.length > MAX_LINES
      ? [...lines.slice(0, MAX_LINES), `… ${lines.length - MAX_LINES} more lines`]
      : lines;
  return maskSecrets([`${file}: +${added} -${removed}`, ...shown].join('\n'));
}
