import { expectNoTensorLeak, expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { expectGradientsMatch, softplus } from './loss-gradient.spec-helper.js';
import { sigmoidCrossEntropy } from './sigmoid-cross-entropy.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const SOFTPLUS_MINUS_2 = Math.log(1 + Math.exp(-2)); // ln(1 + e⁻²) = 0.126928

describe('sigmoidCrossEntropy', () => {
  it('sums the per-label binary cross-entropy over the last axis, by hand', () => {
    tf.tidy(() => {
      const logits = tf.tensor3d([[[0, 0], [2, 2], [-2, 0]]]); // [1, 3, 2]
      const labels = tf.tensor3d([[[1, 0], [1, 0], [1, 1]]]);
      // unit 0: −ln σ(0) − ln(1 − σ(0)) = 2 ln 2 = 1.386294
      // unit 1: −ln σ(2) − ln(1 − σ(2)) = ln(1+e⁻²) + 2 + ln(1+e⁻²) = 2.253856
      // unit 2: −ln σ(−2) − ln σ(0) = 2 + ln(1+e⁻²) + ln 2 = 2.820075
      expectTensorClose(sigmoidCrossEntropy(logits, labels), [
        [2 * Math.log(2), 2 + 2 * SOFTPLUS_MINUS_2, 2 + SOFTPLUS_MINUS_2 + Math.log(2)],
      ]);
    });
  });

  it('accepts int32 or boolean-like 0/1 labels', () => {
    tf.tidy(() => {
      const logits = tf.tensor3d([[[2, 2]]]);
      // label 1 → ln(1+e⁻²); label 0 → 2 + ln(1+e⁻²)
      expectTensorClose(sigmoidCrossEntropy(logits, tf.tensor3d([[[1, 0]]], [1, 1, 2], 'int32')), [
        [2 + 2 * SOFTPLUS_MINUS_2],
      ]);
      expectTensorClose(sigmoidCrossEntropy(logits, tf.tensor3d([[[1, 1]]], [1, 1, 2], 'int32')), [[2 * SOFTPLUS_MINUS_2]]);
    });
  });

  it('maps [B, N, C] to [B, N] and rank-4 [B, H, W, C] to [B, H, W]', () => {
    tf.tidy(() => {
      const three = sigmoidCrossEntropy(tf.zeros([2, 3, 4]), tf.ones([2, 3, 4]));
      expect(three.shape).toEqual([2, 3]);
      expect(three.dtype).toBe('float32');
      // four labels of −ln σ(0) = ln 2 each → 4 ln 2
      expectTensorClose(three, tf.fill([2, 3], 4 * Math.log(2)));

      const four = sigmoidCrossEntropy(tf.zeros([2, 2, 3, 5]), tf.zeros([2, 2, 3, 5]));
      expect(four.shape).toEqual([2, 2, 3]);
      expectTensorClose(four, tf.fill([2, 2, 3], 5 * Math.log(2)));
    });
  });

  it('stays finite for logits of ±100', () => {
    tf.tidy(() => {
      const logits = tf.tensor3d([[[100, -100], [100, -100]]]);
      const labels = tf.tensor3d([[[0, 1], [1, 0]]]);
      // unit 0: wrong by 100 on both labels → 100 + 100 = 200; unit 1: right on both → ≈ 2·e⁻¹⁰⁰ ≈ 0
      const loss = sigmoidCrossEntropy(logits, labels);
      expect(Array.from(loss.dataSync()).every(Number.isFinite)).toBe(true);
      expectTensorClose(loss, [[200, 0]], { atol: 1e-4 });
    });
  });

  it('is the stable form: matches −y·ln σ(x) − (1−y)·ln(1−σ(x)) for moderate logits', () => {
    tf.tidy(() => {
      const x = [-3, -0.5, 0.25, 1.5];
      const y = [1, 0, 1, 0];
      const sigma = (v: number) => 1 / (1 + Math.exp(-v));
      const naive = x.reduce((sum, v, i) => sum - y[i] * Math.log(sigma(v)) - (1 - y[i]) * Math.log(1 - sigma(v)), 0);
      expectTensorClose(sigmoidCrossEntropy(tf.tensor3d([[x]]), tf.tensor3d([[y]])), [[naive]]);
    });
  });

  it('has the gradient σ(x) − y: finite differences of a float64 reference and the former autodiff agree', () => {
    const classes = 3;
    const y = Array.from({ length: 6 * classes }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
    const labels = tf.tensor3d(y, [2, 3, classes]);
    const former = (x: tf.Tensor) => tf.sum(tf.add(tf.sub(tf.relu(x), tf.mul(x, labels)), tf.softplus(tf.neg(tf.abs(x)))), -1);
    // −y·log σ(x) − (1 − y)·log(1 − σ(x)) = y·softplus(−x) + (1 − y)·softplus(x)
    const reference = (x: number[], u: number) =>
      x.reduce((sum, v, j) => sum + y[u * classes + j] * softplus(-v) + (1 - y[u * classes + j]) * softplus(v), 0);
    expectGradientsMatch((x) => sigmoidCrossEntropy(x, labels), former, reference, classes);
    labels.dispose();
  });

  it('leaks no tensors and leaves its inputs alive', async () => {
    const logits = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    const labels = tf.ones([2, 3, 4]);
    try {
      await expectNoTensorLeak(() => sigmoidCrossEntropy(logits, labels).dispose());
      expect(logits.isDisposed || labels.isDisposed).toBe(false);
    } finally {
      tf.dispose([logits, labels]);
    }
  });
});
