// Every corpus file (real-world configs by other authors, not in this repository: the directory
// IISCONSOLE_CORPUS names), three ways (as it is, CRLF, BOM toggled), through the edits of
// docs/config-editing.md §9 and §11 (suites.ts): each changes one span only, re-parses to what was
// set, keeps the BOM, adds no bare LF to a CRLF file, and its revert restores the original bytes.
// Without a corpus the suites are skipped (one line says so); fixtures.test.ts runs the same checks
// over the repository's own fixtures in every case.
import { describe, it } from 'vitest';
import { corpus, corpusDir } from './helpers.js';
import { editChecks, goldenRoundTrip } from './suites.js';

if (corpusDir) {
  goldenRoundTrip(corpus());
  editChecks(corpus());
} else
  describe.skip('corpus', () => {
    it('every corpus file (set IISCONSOLE_CORPUS to run them)', () => {});
  });
