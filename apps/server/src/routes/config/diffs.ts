import { createTwoFilesPatch } from 'diff';

/** A unified diff of one file (paths root-relative; `/dev/null` for a file that does not exist). */
export function unifiedDiff(file: string, before: string | null, after: string | null): string {
  return createTwoFilesPatch(
    before === null ? '/dev/null' : `a/${file}`,
    after === null ? '/dev/null' : `b/${file}`,
    before ?? '',
    after ?? '',
    '',
    '',
    { context: 3 },
  );
}
