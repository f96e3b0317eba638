import { expectNoTensorLeak } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { ConfusionMatrix } from './confusion-matrix.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// Logits whose argmax is the given class per unit.
const predicting = (classes: number[], c: number) => tf.oneHot(tf.tensor1d(classes, 'int32'), c);

describe('ConfusionMatrix', () => {
  it('counts valid units by truth and prediction over batches', () => {
    const matrix = new ConfusionMatrix('test');
    // truth 0 0 1 2 | predicted 0 1 1 1 | the last unit invalid
    matrix.add(predicting([0, 1, 1, 1], 3), tf.tensor1d([0, 0, 1, 2], 'int32'), tf.tensor1d([1, 1, 1, 0]));
    matrix.add(predicting([2], 3), tf.tensor1d([2], 'int32'), tf.tensor1d([1]));

    expect(matrix.size).toBe(3);
    expect(matrix.classCounts(0)).toEqual({ truth: 2, predicted: 1, hits: 1 });
    expect(matrix.classCounts(1)).toEqual({ truth: 1, predicted: 2, hits: 1 });
    expect(matrix.classCounts(2)).toEqual({ truth: 1, predicted: 1, hits: 1 });
    expect(matrix.accuracy()).toBe(3 / 4);
  });

  it('reads 0 accuracy before any valid unit', () => {
    const matrix = new ConfusionMatrix('test');
    expect(matrix.accuracy()).toBe(0);
    matrix.add(predicting([1], 2), tf.tensor1d([1], 'int32'), tf.tensor1d([0]));
    expect(matrix.accuracy()).toBe(0);
  });

  it('refuses a batch with another number of classes, naming its owner', () => {
    const matrix = new ConfusionMatrix('pixelMetrics');
    matrix.add(predicting([0], 2), tf.tensor1d([0], 'int32'), tf.tensor1d([1]));
    expect(() => matrix.add(predicting([0], 3), tf.tensor1d([0], 'int32'), tf.tensor1d([1]))).toThrow(
      'pixelMetrics: logits have 3 classes after earlier batches had 2',
    );
  });

  it('counts what a plain-JS count of argmax, truth and validity counts, on random batches', () => {
    const c = 7;
    const matrix = new ConfusionMatrix('test');
    const expected = new Float64Array(c * c);
    for (let batch = 0; batch < 3; batch++) {
      tf.tidy(() => {
        const logits = tf.randomNormal([4, 9, 5, c], 0, 2, 'float32', batch);
        // Labels include out-of-range values (−1, c) that neither count counts, and logits include ties.
        const rounded = tf.round(logits);
        const labels = tf.randomUniform([4, 9, 5], -1, c + 1, 'int32', 10 + batch);
        const valid = tf.cast(tf.greater(tf.randomUniform([4, 9, 5], 0, 1, 'float32', 20 + batch), 0.3), 'float32');
        matrix.add(rounded, labels, valid);
        const x = rounded.dataSync();
        const y = labels.dataSync();
        const v = valid.dataSync();
        for (let i = 0; i < y.length; i++) {
          let best = 0; // first maximum, as tf.argMax
          for (let k = 1; k < c; k++) if (x[i * c + k] > x[i * c + best]) best = k;
          if (v[i] > 0 && y[i] >= 0 && y[i] < c) expected[y[i] * c + best] += 1;
        }
      });
    }
    for (let k = 0; k < c; k++) {
      let truth = 0;
      let predicted = 0;
      for (let j = 0; j < c; j++) {
        truth += expected[k * c + j];
        predicted += expected[j * c + k];
      }
      expect(matrix.classCounts(k)).toEqual({ truth, predicted, hits: expected[k * c + k] });
    }
    expect(matrix.classCounts(0).truth).toBeGreaterThan(0);
  });

  it('leaks no tensors', async () => {
    const logits = predicting([0, 1], 2);
    const labels = tf.tensor1d([0, 0], 'int32');
    const valid = tf.tensor1d([1, 1]);
    const matrix = new ConfusionMatrix('test');
    await expectNoTensorLeak(() => void matrix.add(logits, labels, valid), { steps: 3 });
    tf.dispose([logits, labels, valid]);
  });
});
