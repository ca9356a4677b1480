// Randomized set / revert sequences (seeded, bounded) on every corpus file (IISCONSOLE_CORPUS;
// skipped without one): every step keeps the file well-formed and reads back what
// was set; reverting everything restores the original bytes. fixtures.test.ts runs the same
// sequences over the repository's own fixtures.
import { describe, it } from 'vitest';
import { corpus, corpusDir } from './helpers.js';
import { randomizedSetRevert } from './suites.js';

if (corpusDir) randomizedSetRevert(corpus());
else
  describe.skip('randomized set / revert', () => {
    it('every corpus file (set IISCONSOLE_CORPUS to run them)', () => {});
  });
