import { initBackend } from '@selective-kd/core';
import { expectNoTensorLeak, expectSelectiveKdError } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { padTokenBatch } from './pad-token-batch.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('padTokenBatch', () => {
  it('pads to the length with pad ids, label 0 and validity 0', () => {
    const batch = padTokenBatch([{ inputs: [5, 6, 7], labels: [1, 2, 3] }, { inputs: [8], labels: [4] }], { length: 4 });
    expect(batch.inputs.dtype).toBe('int32');
    expect(batch.inputs.arraySync()).toEqual([[5, 6, 7, 0], [8, 0, 0, 0]]);
    expect(batch.labels.arraySync()).toEqual([[1, 2, 3, 0], [4, 0, 0, 0]]);
    expect(batch.valid.arraySync()).toEqual([[1, 1, 1, 0], [1, 0, 0, 0]]);
    tf.dispose(Object.values(batch));
  });

  it('lays several ids per token out as [B,T,F] and allows sequences without labels', () => {
    const batch = padTokenBatch([{ inputs: [5, 50, 6, 60] }], { length: 3, featuresPerToken: 2, padId: 9 });
    expect(batch.inputs.arraySync()).toEqual([[[5, 50], [6, 60], [9, 9]]]);
    expect(batch.labels.arraySync()).toEqual([[0, 0, 0]]);
    expect(batch.valid.arraySync()).toEqual([[1, 1, 0]]);
    tf.dispose(Object.values(batch));
  });

  it('refuses inputs and labels of unequal length, overlong and empty sequences', () => {
    expectSelectiveKdError(
      () => padTokenBatch([{ inputs: [1, 2], labels: [0, 0] }, { inputs: [1, 2, 3], labels: [0, 0] }], { length: 4 }),
      'SHAPE_MISMATCH',
      'sequence 1 has 3 tokens of inputs but 2 labels',
    );
    expectSelectiveKdError(() => padTokenBatch([{ inputs: [1, 2, 3] }], { length: 2 }), 'SHAPE_MISMATCH', 'more than the padded length 2', 'splitIntoWindows');
    expectSelectiveKdError(() => padTokenBatch([{ inputs: [1, 2, 3] }], { length: 4, featuresPerToken: 2 }), 'SHAPE_MISMATCH', 'not a multiple of 2');
    expectSelectiveKdError(() => padTokenBatch([{ inputs: [] }], { length: 4 }), 'EMPTY_INPUT', 'sequence 0 has no tokens');
    expectSelectiveKdError(() => padTokenBatch([], { length: 4 }), 'EMPTY_BATCH');
  });

  it('makes only the three tensors it returns', async () => {
    await expectNoTensorLeak(() => tf.dispose(Object.values(padTokenBatch([{ inputs: [1, 2], labels: [0, 1] }], { length: 3 }))));
  });
});
