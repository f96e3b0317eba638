import { initBackend } from '@selective-kd/core';
import { expectNoTensorLeak } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { noteFrameMetrics } from './note-frame-metrics.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('noteFrameMetrics', () => {
  it('pools true and false positives over batches, skipping invalid frames', () => {
    const metrics = noteFrameMetrics();
    const row = (keys: Record<number, number>) => Array.from({ length: 88 }, (_, k) => keys[k] ?? -3);
    const truth = (keys: number[]) => Array.from({ length: 88 }, (_, k) => (keys.includes(k) ? 1 : 0));
    // Batch 1, frame 0: keys 1, 2 true; predicted 1, 3 → TP 1, FP 1, FN 1. Frame 1 is invalid (would add FP 1).
    metrics.update(tf.tensor3d([[row({ 1: 2, 3: 1 }), row({ 7: 5 })]]), tf.tensor3d([[truth([1, 2]), truth([])]]), tf.tensor2d([[1, 0]]));
    // Batch 2: key 5 true and predicted → TP 1; key 6 true, missed → FN 1.
    metrics.update(tf.tensor3d([[row({ 5: 0.5 })]]), tf.tensor3d([[truth([5, 6])]]), tf.tensor2d([[1]]));
    const { precision, recall, f1, accuracy } = metrics.result();
    // TP 2, FP 1, FN 2.
    expect(precision).toBeCloseTo(2 / 3, 12);
    expect(recall).toBeCloseTo(2 / 4, 12);
    expect(f1).toBeCloseTo((2 * (2 / 3) * (1 / 2)) / (2 / 3 + 1 / 2), 12);
    expect(accuracy).toBeCloseTo(2 / 5, 12);
  });

  it('reads the frame-note unit grid the same way', () => {
    const metrics = noteFrameMetrics();
    metrics.update(tf.tensor4d([1, -1, 1], [1, 1, 3, 1]), tf.tensor4d([1, 1, 0], [1, 1, 3, 1]), tf.tensor3d([[[1, 1, 0]]]));
    expect(metrics.result()).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, accuracy: 0.5 });
  });

  it('gives zeros rather than NaN with nothing predicted or true', () => {
    const metrics = noteFrameMetrics();
    metrics.update(tf.fill([1, 2, 88], -1), tf.zeros([1, 2, 88]), tf.ones([1, 2]));
    expect(metrics.result()).toEqual({ precision: 0, recall: 0, f1: 0, accuracy: 0 });
  });

  it('equals a plain-JS count of true and false positives on random batches, for both unit grids', () => {
    for (const frameNote of [false, true]) {
      const metrics = noteFrameMetrics();
      let [tp, fp, fn] = [0, 0, 0];
      for (let seed = 0; seed < 3; seed++) {
        tf.tidy(() => {
          const shape = frameNote ? [2, 9, 88, 1] : [2, 9, 88];
          const logits = tf.randomNormal(shape, -1, 1, 'float32', seed);
          const labels = tf.cast(tf.greater(tf.randomUniform(shape, 0, 1, 'float32', 10 + seed), 0.8), 'float32');
          const valid = tf.cast(tf.greater(tf.randomUniform(shape.slice(0, -1), 0, 1, 'float32', 20 + seed), 0.3), 'float32');
          metrics.update(logits, labels, valid);
          const [x, y, v] = [logits.dataSync(), labels.dataSync(), valid.dataSync()];
          const keys = frameNote ? 1 : 88;
          for (let i = 0; i < x.length; i++) {
            if (v[Math.floor(i / keys)] === 0) continue;
            if (x[i] > 0 && y[i] > 0.5) tp++;
            else if (x[i] > 0) fp++;
            else if (y[i] > 0.5) fn++;
          }
        });
      }
      const { precision, recall, accuracy } = metrics.result();
      expect(tp).toBeGreaterThan(0);
      expect(precision).toBe(tp / (tp + fp));
      expect(recall).toBe(tp / (tp + fn));
      expect(accuracy).toBe(tp / (tp + fp + fn));
    }
  });

  it('keeps no tensors', async () => {
    const metrics = noteFrameMetrics();
    const logits = tf.randomNormal([2, 4, 88], 0, 1, 'float32', 1);
    const labels = tf.zeros([2, 4, 88]);
    const valid = tf.ones([2, 4]);
    await expectNoTensorLeak(() => metrics.update(logits, labels, valid));
    tf.dispose([logits, labels, valid]);
  });
});
