import { SelectiveKdError } from '@selective-kd/core';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vocabulary } from './vocabulary.js';

// Truncations and random text in place of a saved vocabulary file always give a SelectiveKdError
// naming the file. fast-check with a fixed seed, so a failure reproduces.

const RUNS = { seed: 20261130, numRuns: 100 };

describe('Vocabulary.load on random damage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skd-vocab-prop-'));
  const path = join(dir, 'vocabulary.json');
  const saved = `${JSON.stringify(Vocabulary.build([['the', 'cat', 'sat', 'on', 'the', 'mat']]).toJSON())}\n`;

  /** Loads `text` from the file; passes on a SelectiveKdError naming the file or a vocabulary that round-trips. */
  function loads(text: string): void {
    writeFileSync(path, text);
    try {
      const vocabulary = Vocabulary.load(path);
      expect(vocabulary.decode(vocabulary.encode([...vocabulary.words]))).toEqual(vocabulary.words);
    } catch (error) {
      expect(error, String(error)).toBeInstanceOf(SelectiveKdError);
      expect((error as Error).message).toContain(path);
    }
  }

  it('every truncation gives a SelectiveKdError naming the file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: saved.length - 2 }), (length) => {
        writeFileSync(path, saved.slice(0, length));
        expect(() => Vocabulary.load(path)).toThrow(SelectiveKdError);
        expect(() => Vocabulary.load(path)).toThrow(path);
      }),
      RUNS,
    );
  });

  it('random text and random JSON give a SelectiveKdError naming the file', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), loads), RUNS);
  });

  it('a vocabulary object with random words either loads and round-trips or names the file', () => {
    const words = fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 8 });
    fc.assert(
      fc.property(words, fc.boolean(), (extra, lowercase) =>
        loads(JSON.stringify({ format: 'selective-kd-vocabulary', version: 1, lowercase, words: ['<pad>', '<unk>', ...extra] })),
      ),
      RUNS,
    );
  });
});
