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

  it('numbers the window rows, not the sequences, in batch.indices', () => {
    // Rows at length 2: [1,2] [3,4] [5] from sequence 0, then [6] from sequence 1.
    const rowInputs = [[1, 2], [3, 4], [5, 0], [6, 0]];
    for (const shuffle of [false, true]) {
      const seen: number[] = [];
      for (const batch of tokenBatches(sequences, { length: 2, batchSize: 3, shuffle })({ epoch: 0, seed: 9 })) {
        const inputs = (batch.inputs as tf.Tensor).arraySync() as number[][];
        expect(inputs).toEqual(batch.indices!.map((i) => rowInputs[i]));
        seen.push(...batch.indices!);
        tf.dispose([batch.inputs as tf.Tensor, batch.labels, batch.valid!]);
      }
      expect(seen.sort()).toEqual([0, 1, 2, 3]);
    }
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
