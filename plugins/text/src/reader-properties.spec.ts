import { SelectiveKdError } from '@selective-kd/core';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConll } from './read-conll.js';
import { Vocabulary } from './vocabulary.js';

// Truncations and random text in place of a saved vocabulary file or a CoNLL file always give a SelectiveKdError
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

describe('parseConll on random damage', () => {
  const conllu = [
    '# sent_id = 1',
    ['1', 'Dogs', 'dog', 'NOUN', 'NNS', '_', '2', 'nsubj', '_', '_'].join('\t'),
    ['2', 'bark', 'bark', 'VERB', 'VBP', '_', '0', 'root', '_', '_'].join('\t'),
    '',
    ['1', 'Cats', 'cat', 'NOUN', 'NNS', '_', '0', 'root', '_', '_'].join('\t'),
    '',
  ].join('\n');

  /** Parses `text`; passes on a SelectiveKdError naming the source or on sentences of non-empty, paired words and tags. */
  function parses(text: string): void {
    try {
      for (const { words, tags } of parseConll(text, {}, 'damaged.conll')) {
        expect(words.length).toBeGreaterThan(0);
        expect(tags).toHaveLength(words.length);
        for (const field of [...words, ...tags]) expect(field.length).toBeGreaterThan(0);
      }
    } catch (error) {
      expect(error, String(error)).toBeInstanceOf(SelectiveKdError);
      expect((error as Error).message).toContain('damaged.conll');
    }
  }

  it('every truncation gives sentences or a SelectiveKdError naming the source', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: conllu.length }), (length) => parses(conllu.slice(0, length))), RUNS);
  });

  it('random text, and random lines of tabs and spaces, give sentences or a SelectiveKdError', () => {
    const field = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('_', '1', '1-2', '2.1', '-DOCSTART-', '#'));
    const line = fc.tuple(fc.array(field, { maxLength: 11 }), fc.constantFrom('\t', ' ')).map(([fields, sep]) => fields.join(sep));
    fc.assert(fc.property(fc.oneof(fc.string(), fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'))), parses), RUNS);
  });
});
