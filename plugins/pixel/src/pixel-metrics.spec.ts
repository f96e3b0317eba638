import { initBackend } from '@selective-kd/core';
import { countRandomClassBatches, expectNoTensorLeak } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { pixelMetrics } from './pixel-metrics.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** One-hot logits that predict `classes` exactly. */
const predicting = (classes: number[][][], depth: number) => tf.oneHot(tf.tensor3d(classes, undefined, 'int32'), depth);

it('computes IoU per class, mean IoU and pixel accuracy over valid pixels', () => {
  const metrics = pixelMetrics();
  // Truth 0 0 1 1 2 | prediction 0 1 1 1 0 | last pixel invalid.
  metrics.update(
    predicting([[[0, 1, 1, 1, 0]]], 3),
    tf.tensor3d([[[0, 0, 1, 1, 2]]], undefined, 'int32'),
    tf.tensor3d([[[1, 1, 1, 1, 0]]]),
  );
  // class 0: hit 1, truth 2, predicted 1 → IoU 1/2; class 1: hit 2, truth 2, predicted 3 → 2/3; class 2 absent.
  const result = metrics.result();
  expect(result['iou/0']).toBeCloseTo(1 / 2, 12);
  expect(result['iou/1']).toBeCloseTo(2 / 3, 12);
  expect(result).not.toHaveProperty('iou/2');
  expect(result.meanIoU).toBeCloseTo((1 / 2 + 2 / 3) / 2, 12);
  expect(result.pixelAccuracy).toBeCloseTo(3 / 4, 12);
});

it('accumulates across batches', () => {
  const metrics = pixelMetrics();
  metrics.update(predicting([[[0, 1]]], 2), tf.tensor3d([[[0, 1]]], undefined, 'int32'), tf.ones([1, 1, 2]));
  metrics.update(predicting([[[0, 0]]], 2), tf.tensor3d([[[1, 1]]], undefined, 'int32'), tf.ones([1, 1, 2]));
  // Confusion: (0→0) 1, (1→1) 1, (1→0) 2. IoU0 = 1/(1+3−1) = 1/3, IoU1 = 1/(3+1−1) = 1/3.
  expect(metrics.result()).toMatchObject({ pixelAccuracy: 0.5 });
  expect(metrics.result().meanIoU).toBeCloseTo(1 / 3, 12);
});

it('refuses a change in the number of classes and keeps no tensors', async () => {
  const metrics = pixelMetrics();
  const logits = predicting([[[0, 1]]], 2);
  const truth = tf.tensor3d([[[0, 1]]], undefined, 'int32');
  const valid = tf.ones([1, 1, 2]);
  await expectNoTensorLeak(() => metrics.update(logits, truth, valid));
  expect(() => metrics.update(predicting([[[0, 1]]], 3), truth, valid)).toThrow(/3 classes after earlier batches had 2/);
});

it('equals a plain-JS count of argmax against truth on random batches', () => {
  const c = 5;
  const metrics = pixelMetrics();
  const { hits, truths, predictions } = countRandomClassBatches([2, 6, 7], c, (logits, labels, valid) => metrics.update(logits, labels, valid));
  const result = metrics.result();
  for (let k = 0; k < c; k++) expect(result[`iou/${k}`]).toBe(hits[k] / (truths[k] + predictions[k] - hits[k]));
  expect(result.pixelAccuracy).toBe(hits.reduce((a, b) => a + b, 0) / truths.reduce((a, b) => a + b, 0));
});
