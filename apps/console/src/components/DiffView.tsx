/** A unified diff (`--- a/…`, `+++ b/…`, `@@ … @@`, `-`/`+`/` ` lines) with the changed lines marked. */
export function DiffView({ diff }: { diff: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    // Focusable so that a long diff can be scrolled with the keyboard.
    <pre className="diff" tabIndex={0}>
      {lines.map((line, i) => {
        const kind =
          line.startsWith('+++') ||
          line.startsWith('---') ||
          line.startsWith('===') ||
          line.startsWith('Index:')
            ? 'header'
            : line.startsWith('@@')
              ? 'hunk'
              : line.startsWith('+')
                ? 'added'
                : line.startsWith('-')
                  ? 'removed'
                  : 'context';
        return (
          <span key={i} className={`diff-line diff-${kind}`}>
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}
