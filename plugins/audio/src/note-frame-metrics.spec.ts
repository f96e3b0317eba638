import { initBackend } from '@selective-kd/core';
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
});
