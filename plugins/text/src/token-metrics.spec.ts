import { initBackend } from '@selective-kd/core';
import { countRandomClassBatches, expectNoTensorLeak } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TagSet } from './tag-set.js';
import { tokenMetrics } from './token-metrics.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Logits that predict class `k` at each position. */
function predicting(rows: number[][], classes: number): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.oneHot(tf.tensor2d(rows, undefined, 'int32'), classes), 5));
}

describe('tokenMetrics', () => {
  it('gives token accuracy, per-tag and macro F1 over real tokens only (hand-computed)', () => {
    const metrics = tokenMetrics(new TagSet(['NOUN', 'VERB', 'DET']));
    // Padding (valid 0) predicts VERB against label NOUN; it must not count.
    metrics.update(predicting([[2, 0, 0, 1]], 3), tf.tensor2d([[2, 0, 1, 0]], undefined, 'int32'), tf.tensor2d([[1, 1, 1, 0]]));
    metrics.update(predicting([[0, 1, 1, 1]], 3), tf.tensor2d([[0, 1, 0, 0]], undefined, 'int32'), tf.tensor2d([[1, 1, 0, 0]]));
    // Real tokens: truth 2 0 1 0 1, predicted 2 0 0 0 1 → 4 of 5 right.
    // NOUN: 2 true, 3 predicted, 2 hits → F1 = 2·2/(2+3) = 0.8; VERB: 2·1/(2+1) = 2/3; DET: 1.
    const result = metrics.result();
    expect(result.tokenAccuracy).toBeCloseTo(0.8, 12);
    expect(result['f1/NOUN']).toBeCloseTo(0.8, 12);
    expect(result['f1/VERB']).toBeCloseTo(2 / 3, 12);
    expect(result['f1/DET']).toBe(1);
    expect(result.macroF1).toBeCloseTo((0.8 + 2 / 3 + 1) / 3, 12);
    expect(result.spanF1).toBeUndefined();
  });

  it('leaves tags that occur nowhere out of the macro mean and names tags by id without a tag set', () => {
    const metrics = tokenMetrics();
    metrics.update(predicting([[0, 0]], 4), tf.tensor2d([[0, 1]], undefined, 'int32'), tf.tensor2d([[1, 1]]));
    // Class 0: F1 = 2·1/(1+2) = 2/3; class 1: 0; classes 2 and 3 occur nowhere.
    expect(metrics.result()).toEqual({ tokenAccuracy: 0.5, macroF1: 1 / 3, 'f1/0': 2 / 3, 'f1/1': 0 });
  });

  it('adds span F1 for a BIO tag set, spans read within each row', () => {
    const tags = new TagSet(['O', 'B-PER', 'I-PER', 'B-LOC']);
    const metrics = tokenMetrics(tags);
    // Truth B-PER I-PER O B-LOC, predicted B-PER O O B-LOC: gold spans PER[0,2) LOC[3,4),
    // predicted PER[0,1) LOC[3,4) → 1 of 2 right each way, F1 = 2·1/(2+2) = 0.5.
    // Row 2's padded positions would continue row 1's PER span if rows were joined.
    metrics.update(
      predicting([[1, 0, 0, 3], [2, 2, 2, 2]], 4),
      tf.tensor2d([[1, 2, 0, 3], [2, 2, 2, 2]], undefined, 'int32'),
      tf.tensor2d([[1, 1, 1, 1], [0, 0, 0, 0]]),
    );
    expect(metrics.result().spanF1).toBeCloseTo(0.5, 12);
  });

  it('equals a plain-JS count of argmax against truth on random batches', () => {
    const c = 4;
    const metrics = tokenMetrics();
    const { hits, truths, predictions } = countRandomClassBatches([3, 11], c, (logits, labels, valid) => metrics.update(logits, labels, valid));
    const result = metrics.result();
    for (let k = 0; k < c; k++) expect(result[`f1/${k}`]).toBe((2 * hits[k]) / (truths[k] + predictions[k]));
    expect(result.tokenAccuracy).toBe(hits.reduce((a, b) => a + b, 0) / truths.reduce((a, b) => a + b, 0));
  });

  it('keeps no tensors', async () => {
    const metrics = tokenMetrics(new TagSet(['O', 'B-X']));
    const logits = predicting([[0, 1]], 2);
    const labels = tf.tensor2d([[0, 1]], undefined, 'int32');
    const valid = tf.tensor2d([[1, 1]]);
    await expectNoTensorLeak(() => metrics.update(logits, labels, valid));
    tf.dispose([logits, labels, valid]);
  });
});
