import { initBackend } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import type { SegmentationSample } from './segmentation-sample.js';
import { segmentationBatches } from './segmentation-batches.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Sample k: a 1×2 grey image of value k/10 and labels [k, k]. */
const samples: SegmentationSample[] = Array.from({ length: 5 }, (_, k) => ({
  name: `s${k}`,
  width: 2,
  height: 1,
  channels: 1,
  image: Float32Array.from([k / 10, k / 10]),
  labels: Int32Array.from([k, k]),
}));

function firstLabels(pass: { epoch: number; seed: number }, options = {}): number[][] {
  const out: number[][] = [];
  for (const batch of segmentationBatches(samples, { batchSize: 2, ...options })(pass)) {
    out.push((batch.labels.arraySync() as number[][][]).map((l) => l[0][0]));
    expect((batch.inputs as tf.Tensor).shape.slice(1)).toEqual([1, 2, 1]);
    tf.dispose([batch.inputs, batch.labels]);
  }
  return out;
}

it('batches in order without shuffling, keeping a smaller last batch unless told not to', () => {
  expect(firstLabels({ epoch: 0, seed: 0 }, { shuffle: false })).toEqual([[0, 1], [2, 3], [4]]);
  expect(firstLabels({ epoch: 0, seed: 0 }, { shuffle: false, dropRemainder: true })).toEqual([[0, 1], [2, 3]]);
});

it('shuffles reproducibly per seed and epoch, covering every sample once', () => {
  const a = firstLabels({ epoch: 0, seed: 1 });
  expect(firstLabels({ epoch: 0, seed: 1 })).toEqual(a);
  expect(a.flat().sort()).toEqual([0, 1, 2, 3, 4]);
  const others = [firstLabels({ epoch: 1, seed: 1 }), firstLabels({ epoch: 0, seed: 2 })];
  expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(a))).toBe(true);
});

it('gives each batch the sample index of every row, in any order', () => {
  for (const shuffle of [false, true]) {
    const seen: number[] = [];
    for (const batch of segmentationBatches(samples, { batchSize: 2, shuffle })({ epoch: 1, seed: 4 })) {
      // Sample k's labels are all k, so a row's label names its sample.
      expect(batch.indices).toEqual((batch.labels.arraySync() as number[][][]).map((l) => l[0][0]));
      seen.push(...batch.indices!);
      tf.dispose([batch.inputs, batch.labels]);
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
  }
});

it('refuses samples of different sizes and bad batch sizes', () => {
  const odd = { ...samples[0], name: 'odd', width: 3, image: new Float32Array(3), labels: new Int32Array(3) };
  expect(() => segmentationBatches([samples[0], odd])).toThrow(/sample 'odd' is 3×1×1 but 's0' is 2×1×1/);
  expect(() => segmentationBatches(samples, { batchSize: 0 })).toThrow(/batchSize must be/);
  expect(() => segmentationBatches([])).toThrow(/no samples/);
});
