import { expectSelectiveKdError } from '@selective-kd/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vocabulary } from './vocabulary.js';

const texts = [['The', 'cat', 'sat'], ['the', 'dog', 'sat'], ['The', 'end']];

describe('Vocabulary', () => {
  it('puts <pad> and <unk> first, then words by falling frequency, dropping rare ones', () => {
    const vocabulary = Vocabulary.build(texts, { minFrequency: 2 });
    expect(vocabulary.words).toEqual(['<pad>', '<unk>', 'the', 'sat']);
    expect(vocabulary.encode(['THE', 'sat', 'cat', 'zebra'])).toEqual([2, 3, 1, 1]);
    expect(vocabulary.decode([0, 2])).toEqual(['<pad>', 'the']);
    // Equal counts keep first-seen order; maxSize keeps the most frequent.
    expect(Vocabulary.build(texts).words).toEqual(['<pad>', '<unk>', 'the', 'sat', 'cat', 'dog', 'end']);
    expect(Vocabulary.build(texts, { maxSize: 1 }).words).toEqual(['<pad>', '<unk>', 'the']);
    // Case kept: 'The' (2×) and 'the' (1×) are different words.
    expect(Vocabulary.build(texts, { lowercase: false }).id('the')).toBe(5);
  });

  it('saves and loads as JSON, keeping ids and the fingerprint', () => {
    const vocabulary = Vocabulary.build(texts);
    const path = join(mkdtempSync(join(tmpdir(), 'skd-vocab-')), 'vocabulary.json');
    vocabulary.save(path);
    const loaded = Vocabulary.load(path);
    expect(loaded.words).toEqual(vocabulary.words);
    expect(loaded.stamp).toEqual(vocabulary.stamp);
    expect(loaded.stamp.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    writeFileSync(path, '{"format":"something-else"}');
    expectSelectiveKdError(() => Vocabulary.load(path), 'INVALID_INPUT', path, 'not a selective-kd-vocabulary');
  });

  it('refuses a model trained with another vocabulary, naming both sizes', () => {
    const vocabulary = Vocabulary.build(texts);
    const other = Vocabulary.build([['the', 'cat', 'sat', 'dog', 'end', 'new']]);
    vocabulary.assertMatches(vocabulary.stamp);
    vocabulary.assertMatches({ size: 7 });
    expectSelectiveKdError(() => vocabulary.assertMatches({ size: 9000 }, 'student/model.json'), 'VOCABULARY_MISMATCH', 'vocabulary mismatch', 'student/model.json', '9000 entries', 'has 7 entries');
    // Same size, other words: only the fingerprint tells them apart.
    const reordered = Vocabulary.build([['sat', 'the', 'cat', 'dog', 'end']]);
    expect(reordered.size).toBe(vocabulary.size);
    expectSelectiveKdError(() => vocabulary.assertMatches(reordered.stamp), 'VOCABULARY_MISMATCH', `fingerprint ${reordered.stamp.fingerprint}`);
    expectSelectiveKdError(() => vocabulary.assertMatches(other.stamp), 'VOCABULARY_MISMATCH', '8 entries');
  });

  it('refuses bad options and ids', () => {
    expectSelectiveKdError(() => Vocabulary.build(texts, { minFrequency: 0 }), 'INVALID_OPTION', 'minFrequency', 'got 0');
    expectSelectiveKdError(() => Vocabulary.build(texts).decode([99]), 'LABEL_OUT_OF_RANGE', 'word id 99');
  });
});
