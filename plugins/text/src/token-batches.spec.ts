import { initBackend, type Batch } from '@selective-kd/core';
import { expectSelectiveKdError } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenBatches } from './token-batches.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Each batch's inputs as arrays, its tensors freed. */
function read(batches: Iterable<Batch>): number[][][] {
  return [...batches].map((batch) => {
    const inputs = (batch.inputs as tf.Tensor).arraySync() as number[][];
    tf.dispose([batch.inputs as tf.Tensor, batch.labels, batch.valid!]);
    return inputs;
  });
}

describe('tokenBatches', () => {
  const sequences = [
    { inputs: [1, 2, 3, 4, 5], labels: [0, 1, 0, 1, 0] },
    { inputs: [6], labels: [1] },
  ];

  it('splits long sequences into windows instead of cutting them', () => {
    const source = tokenBatches(sequences, { length: 2, batchSize: 2, shuffle: false });
    expect(read(source())).toEqual([
      [[1, 2], [3, 4]],
      [[5, 0], [6, 0]],
    ]);
    const [first] = source();
    expect(first.labels.arraySync()).toEqual([[0, 1], [0, 1]]);
    tf.dispose([first.inputs as tf.Tensor, first.labels, first.valid!]);
  });

  it('shuffles reproducibly from the seed and epoch', () => {
    const source = tokenBatches(sequences, { length: 1, batchSize: 6 });
    const a = read(source({ epoch: 0, seed: 3 }));
    expect(read(source({ epoch: 0, seed: 3 }))).toEqual(a);
    expect(read(source({ epoch: 1, seed: 3 }))).not.toEqual(a);
    expect(a[0].flat().sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses labels that do not match the inputs, and no sequences', () => {
    expectSelectiveKdError(
      () => tokenBatches([{ inputs: [1, 2, 3, 4], labels: [0] }], { length: 2, featuresPerToken: 2 }),
      'SHAPE_MISMATCH',
      'sequence 0 has 2 tokens of inputs (4 ids, 2 per token) but 1 labels',
    );
    expectSelectiveKdError(() => tokenBatches([], { length: 2 }), 'EMPTY_DATASET');
  });
});
