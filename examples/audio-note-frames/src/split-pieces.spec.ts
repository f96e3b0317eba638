import { SelectiveKdError } from '@selective-kd/core';
import { describe, expect, it } from 'vitest';
import { labelledSubset, splitPieces } from './split-pieces.js';

describe('splitPieces', () => {
  it('puts each of 31 pieces in exactly one split: 19 training, 6 dev, 6 test', () => {
    const pieces = Array.from({ length: 31 }, (_, i) => i);
    const { train, dev, test } = splitPieces(pieces);
    expect(test).toEqual([4, 9, 14, 19, 24, 29]);
    expect(dev).toEqual([2, 7, 12, 17, 22, 27]);
    expect(train).toHaveLength(19);
    expect([...train, ...dev, ...test].sort((a, b) => a - b)).toEqual(pieces);
  });
});

describe('labelledSubset', () => {
  it('takes every n-th training piece from the first', () => {
    const train = splitPieces(Array.from({ length: 31 }, (_, i) => i)).train;
    expect(labelledSubset(train, 10)).toEqual([train[0], train[10]]);
    expect(labelledSubset(train, 1)).toEqual(train);
  });

  it('refuses a step that is not a whole number ≥ 1, naming the field', () => {
    for (const every of [0, 1.5, -2]) {
      expect(() => labelledSubset([1, 2, 3], every)).toThrow(SelectiveKdError);
      expect(() => labelledSubset([1, 2, 3], every)).toThrow(/labelledEvery/);
    }
  });
});
