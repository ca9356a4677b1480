import { ConfigError } from '../errors.js';
import type { Splice } from './applySplices.js';
import { XMLValidator } from 'fast-xml-parser';
import { ConfigDocument } from './ConfigDocument.js';

/** An edit failed its own checks; nothing may be written. Always a bug, never the user's input. */
export class EditSelfCheckError extends ConfigError {
  constructor(file: string, reason: string) {
    super('WRITE_FAILED', `${file}: the edit was refused by its self-check: ${reason}`);
    this.name = 'EditSelfCheckError';
  }
}

/**
 * The checks of docs/config-editing.md §7 on an edited text, before anyone may write it: every
 * byte outside the (sorted) splices is unchanged, the BOM is as before, no bare LF was added to a
 * CRLF file, and the text parses again (safety gate, XMLValidator, parser), old and new texts alike
 * for fast-xml-parser and the scanner (`ConfigDocument.crossCheck`). Returns the new parse.
 */
export function verifyEdit(doc: ConfigDocument, newText: string, sorted: readonly Splice[]): ConfigDocument {
  const old = doc.text;
  const fail = (reason: string): never => {
    throw new EditSelfCheckError(doc.file, reason);
  };
  // Common prefix / suffix, and every unchanged run between two edited spans, at its shifted place.
  let from = 0;
  let shift = 0;
  for (const s of [...sorted, { start: old.length, end: old.length, text: '' }]) {
    if (!newText.startsWith(old.slice(from, s.start), from + shift)) {
      fail(`text outside the edited spans changed near offset ${from}.`);
    }
    shift += s.text.length - (s.end - s.start);
    from = s.end;
  }
  if (newText.length !== old.length + shift) fail('the edited text has an unexpected length.');
  if ((newText.charCodeAt(0) === 0xfeff) !== doc.hasBom) fail('the byte order mark changed.');
  if (old.includes('\r\n') && countBareLf(newText) > countBareLf(old))
    fail('a bare LF was added to a CRLF file.');
  // The old text was well-formed and only the spliced spans changed: each inserted fragment must be
  // well-formed markup on its own; then the new text is parsed without validating it whole again.
  // A fragment that is not whole on its own (an `<x />` expanded to `<x>…</x>`) has the whole text
  // validated instead.
  const fragmentsWhole = sorted.every(
    (s) => !s.text.includes('<') || XMLValidator.validate(`<fragment>${s.text}</fragment>`) === true,
  );
  // The spans spliced were the scanner's: fast-xml-parser must have found the same elements in the
  // old text, and must find the scanner's elements in the new one (docs/config-editing.md §5, §7).
  try {
    doc.crossCheck();
  } catch (e) {
    return fail(`the text as read does not parse alike: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const next = fragmentsWhole
      ? ConfigDocument.parse(newText, doc.file, { validatedElsewhere: true })
      : ConfigDocument.parse(newText, doc.file, { alwaysValidate: true });
    next.crossCheck();
    return next;
  } catch (e) {
    return fail(`the result does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function countBareLf(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (text.charCodeAt(i - 1) !== 0x0d) n++;
  }
  return n;
}
