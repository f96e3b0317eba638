import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoTensorLeak, expectSelectiveKdError } from '@selective-kd/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { padTokenBatch } from './pad-token-batch.js';
import { parseConll, readConll } from './read-conll.js';
import { splitIntoWindows } from './split-into-windows.js';
import { TagSet } from './tag-set.js';
import { tokenBatches } from './token-batches.js';
import { tokenize } from './tokenize.js';
import { Vocabulary } from './vocabulary.js';

// The text plugin's readers and batchers on malformed, truncated, empty, huge and wrongly-typed
// input: each answers with a SelectiveKdError whose code and message name the problem, and leaves
// no tensor behind.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A value the type system would refuse, as a caller from plain JavaScript could pass it. */
const untyped = <T>(value: unknown) => value as T;

describe('Vocabulary.load on damaged files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skd-vocab-bad-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const saved = JSON.stringify(Vocabulary.build([['the', 'cat', 'sat']]).toJSON());

  it('a truncated file is a SelectiveKdError naming the file, not a raw SyntaxError', () => {
    const path = file('cut.json', saved.slice(0, saved.length - 9));
    expectSelectiveKdError(() => Vocabulary.load(path), 'INVALID_INPUT', path, 'not valid JSON');
  });

  it('a missing, empty or foreign file names the file', () => {
    const missing = join(dir, 'nope.json');
    expectSelectiveKdError(() => Vocabulary.load(missing), 'INVALID_INPUT', missing, 'cannot read');
    const empty = file('empty.json', '\n');
    expectSelectiveKdError(() => Vocabulary.load(empty), 'EMPTY_INPUT', empty, 'empty');
    for (const [name, text] of [['null.json', 'null'], ['array.json', '[1,2]'], ['string.json', '"words"'], ['other.json', '{"format":"x"}']]) {
      const path = file(name, text);
      expectSelectiveKdError(() => Vocabulary.load(path), 'INVALID_INPUT', path, 'not a selective-kd-vocabulary');
    }
  });

  it('refuses entries that are not words, and repeated words', () => {
    const json = (words: unknown[]) => ({ format: 'selective-kd-vocabulary', version: 1, lowercase: true, words });
    expectSelectiveKdError(() => Vocabulary.fromJSON(json(['<pad>', '<unk>', 3])), 'INVALID_INPUT', 'entry 2', '3');
    expectSelectiveKdError(() => Vocabulary.fromJSON(json(['<pad>', '<unk>', ''])), 'INVALID_INPUT', 'entry 2');
    expectSelectiveKdError(() => Vocabulary.fromJSON(json(['<pad>', '<unk>', 'a', 'a'])), 'INVALID_INPUT', '"a" appears twice');
    expectSelectiveKdError(() => Vocabulary.fromJSON(json(['<unk>', '<pad>'])), 'INVALID_INPUT', 'must start with <pad> and <unk>');
    expectSelectiveKdError(() => Vocabulary.fromJSON(json(['<pad>', '<unk>', 'The'])), 'INVALID_INPUT', '"The" is not in lower case');
  });
});

describe('TagSet.fromJSON on malformed JSON', () => {
  it('refuses a missing list, a non-string tag and duplicates', () => {
    expectSelectiveKdError(() => TagSet.fromJSON(null), 'INVALID_INPUT', '{ "tags": [...] }');
    expectSelectiveKdError(() => TagSet.fromJSON({ tags: 'NOUN' }), 'INVALID_INPUT', '{ "tags": [...] }');
    expectSelectiveKdError(() => TagSet.fromJSON({ tags: [] }), 'INVALID_OPTION', 'at least one tag');
    expectSelectiveKdError(() => TagSet.fromJSON({ tags: ['NOUN', 7] }), 'INVALID_OPTION', 'non-empty strings', '7');
    expectSelectiveKdError(() => TagSet.fromJSON({ tags: ['NOUN', 'NOUN'] }), 'INVALID_OPTION', "'NOUN' appears twice");
  });
});

describe('tokenize on bad text', () => {
  it('refuses text that is not a string, naming its type', () => {
    for (const value of [undefined, null, 42, ['a', 'b'], Buffer.from('a b')]) {
      expectSelectiveKdError(() => tokenize(untyped(value)), 'INVALID_INPUT', 'tokenize', 'not a string');
    }
  });

  it('refuses empty and blank text, and tokenises huge text without trouble', () => {
    expectSelectiveKdError(() => tokenize(''), 'EMPTY_INPUT', 'empty text');
    expectSelectiveKdError(() => tokenize(' \n\t '), 'EMPTY_INPUT', 'whitespace');
    const huge = 'word '.repeat(200_000);
    expect(tokenize(huge)).toHaveLength(200_000);
  });
});

describe('padTokenBatch and tokenBatches on bad sequences', () => {
  it('refuses ids and labels that are not whole numbers ≥ 0, naming the sequence and position', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      expectSelectiveKdError(() => padTokenBatch([{ inputs: [2, bad] }], { length: 4 }), 'INVALID_INPUT', 'sequence 0', 'position 1', String(bad));
      expectSelectiveKdError(() => padTokenBatch([{ inputs: [2, 3], labels: [0, bad] }], { length: 4 }), 'LABEL_OUT_OF_RANGE', 'sequence 0', 'position 1');
    }
    expectSelectiveKdError(() => padTokenBatch([{ inputs: untyped(['a', 'b']) }], { length: 4 }), 'INVALID_INPUT', 'sequence 0', '"a"');
    expectSelectiveKdError(() => padTokenBatch([untyped(null)], { length: 4 }), 'INVALID_INPUT', 'sequence 0', 'inputs');
    expectSelectiveKdError(() => padTokenBatch([{ inputs: [1] }], { length: 4, padId: -1 }), 'INVALID_OPTION', 'padId');
  });

  it('refuses empty batches and sequences, too-long sequences and mismatched labels', () => {
    expectSelectiveKdError(() => padTokenBatch([], { length: 4 }), 'EMPTY_BATCH', 'no sequences');
    expectSelectiveKdError(() => padTokenBatch([{ inputs: [] }], { length: 4 }), 'EMPTY_INPUT', 'sequence 0 has no tokens');
    expectSelectiveKdError(() => padTokenBatch([{ inputs: [1, 2, 3] }], { length: 2 }), 'SHAPE_MISMATCH', '3 tokens', 'padded length 2');
    expectSelectiveKdError(() => padTokenBatch([{ inputs: [1, 2], labels: [0] }], { length: 4 }), 'SHAPE_MISMATCH', '2 tokens', '1 labels');
    expectSelectiveKdError(() => padTokenBatch([{ inputs: [1] }], { length: Number.NaN }), 'INVALID_OPTION', 'length');
  });

  it('tokenBatches checks its options and sequences before the first pass', () => {
    expectSelectiveKdError(() => tokenBatches([], { length: 4 }), 'EMPTY_DATASET', 'no sequences');
    expectSelectiveKdError(() => tokenBatches([{ inputs: [1] }], { length: 0 }), 'INVALID_OPTION', 'length', 'got 0');
    expectSelectiveKdError(() => tokenBatches([{ inputs: [1] }], { length: 4, batchSize: 0 }), 'INVALID_OPTION', 'batchSize');
    expectSelectiveKdError(() => tokenBatches([{ inputs: [1, -4] }], { length: 4 }), 'INVALID_INPUT', 'sequence 0', 'position 1');
    expectSelectiveKdError(() => tokenBatches([{ inputs: [1, 2], labels: [0] }], { length: 4 }), 'SHAPE_MISMATCH', 'sequence 0');
  });

  it('a refused batch leaves no tensor behind', async () => {
    await expectNoTensorLeak(() => {
      expect(() => padTokenBatch([{ inputs: [1, 2] }, { inputs: [3, -1] }], { length: 4 })).toThrow();
    });
  });
});

describe('splitIntoWindows on bad input', () => {
  it('refuses a non-list and bad lengths', () => {
    expectSelectiveKdError(() => splitIntoWindows(untyped<string[]>('abc'), 2), 'INVALID_INPUT', 'not a list');
    for (const length of [0, -1, 1.5, Number.NaN]) expectSelectiveKdError(() => splitIntoWindows([1, 2], length), 'INVALID_OPTION', 'window length');
    expect(splitIntoWindows([], 3)).toEqual([]);
  });
});

describe('parseConll and readConll on bad input', () => {
  it('refuses text that is not a string, naming the source', () => {
    for (const value of [undefined, null, 42, Buffer.from('1\tA\t_\tX')]) {
      expectSelectiveKdError(() => parseConll(untyped(value), {}, 'in.conllu'), 'INVALID_INPUT', 'in.conllu', 'as a string');
    }
  });

  it('names the file it cannot read, and reads a huge file line by line without trouble', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skd-conll-bad-'));
    await expect(readConll(dir)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(`cannot read ${dir}`) });
    const huge = join(dir, 'huge.txt');
    writeFileSync(huge, 'word NOUN\n'.repeat(200_000));
    const [sentence] = await readConll(huge);
    expect(sentence.words).toHaveLength(200_000);
  });
});
