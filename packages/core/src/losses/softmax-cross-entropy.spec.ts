import { expectNoTensorLeak, expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { expectGradientsMatch, logSumExp } from './loss-gradient.spec-helper.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const LSE_123 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)); // ln(e + e² + e³) = 3.4076059644…

describe('softmaxCrossEntropy', () => {
  it('is logsumexp minus the label logit, by hand', () => {
    tf.tidy(() => {
      const logits = tf.tensor3d([[[0, 0], [1, 3]]]); // [1, 2, 2]
      const labels = tf.tensor2d([[1, 0]], [1, 2], 'int32');
      // unit 0: ln(e⁰ + e⁰) − 0 = ln 2 = 0.693147; unit 1: ln(e¹ + e³) − 1 = 2 + ln(1 + e⁻²) = 2.126928
      expectTensorClose(softmaxCrossEntropy(logits, labels), [[Math.log(2), 2 + Math.log(1 + Math.exp(-2))]]);
    });
  });

  it('picks the labelled class among three', () => {
    tf.tidy(() => {
      const logits = tf.tensor3d([[[1, 2, 3], [1, 2, 3], [1, 2, 3]]]);
      const labels = tf.tensor2d([[0, 1, 2]], [1, 3], 'int32');
      // ln(e + e² + e³) − {1, 2, 3} = {2.407606, 1.407606, 0.407606}
      expectTensorClose(softmaxCrossEntropy(logits, labels), [[LSE_123 - 1, LSE_123 - 2, LSE_123 - 3]]);
      expectTensorClose([LSE_123 - 3], [0.40760596]);
    });
  });

  it('accepts float32 labels holding class indices', () => {
    tf.tidy(() => {
      const logits = tf.tensor3d([[[1, 2, 3]]]);
      expectTensorClose(softmaxCrossEntropy(logits, tf.tensor2d([[2]])), [[LSE_123 - 3]]);
    });
  });

  it('maps [B, N, C] to [B, N] and rank-4 [B, H, W, C] to [B, H, W]', () => {
    tf.tidy(() => {
      const three = softmaxCrossEntropy(tf.zeros([2, 3, 4]), tf.zeros([2, 3], 'int32'));
      expect(three.shape).toEqual([2, 3]);
      expect(three.dtype).toBe('float32');
      // uniform logits over 4 classes: ln 4 everywhere
      expectTensorClose(three, tf.fill([2, 3], Math.log(4)));

      const four = softmaxCrossEntropy(tf.zeros([2, 2, 3, 5]), tf.ones([2, 2, 3], 'int32'));
      expect(four.shape).toEqual([2, 2, 3]);
      expectTensorClose(four, tf.fill([2, 2, 3], Math.log(5)));
    });
  });

  it('stays finite for logits of ±100', () => {
    tf.tidy(() => {
      const logits = tf.tensor3d([[[100, -100, 0], [100, -100, 0], [-100, -100, 100]]]);
      const labels = tf.tensor2d([[0, 1, 0]], [1, 3], 'int32');
      // ≈ 100 − 100 = 0; 100 − (−100) = 200; 100 − (−100) = 200
      const loss = softmaxCrossEntropy(logits, labels);
      expect(Array.from(loss.dataSync()).every(Number.isFinite)).toBe(true);
      expectTensorClose(loss, [[0, 200, 200]], { atol: 1e-4 });
    });
  });

  it('has a finite gradient at ±100 (softmax − one-hot)', () => {
    tf.tidy(() => {
      const labels = tf.tensor2d([[1]], [1, 1], 'int32');
      const grad = tf.grad((x: tf.Tensor) => tf.sum(softmaxCrossEntropy(x, labels)))(tf.tensor3d([[[100, -100]]]));
      // softmax([100, −100]) = [1, e⁻²⁰⁰≈0]; minus one-hot [0, 1] → [1, −1]
      expectTensorClose(grad, [[[1, -1]]]);
    });
  });

  it('has the gradient softmax − one-hot: finite differences of a float64 reference and the former autodiff agree', () => {
    const labels = [0, 3, 4, 1, 2, 4];
    const labelTensor = tf.tensor2d(labels, [2, 3], 'int32');
    // The former formula: logsumexp − the label's logit, through tfjs's own gradients.
    const former = (x: tf.Tensor) => tf.sub(tf.logSumExp(x, -1), tf.sum(tf.mul(x, tf.oneHot(labelTensor, 5)), -1));
    expectGradientsMatch((x) => softmaxCrossEntropy(x, labelTensor), former, (v, u) => logSumExp(v) - v[labels[u]], 5);
    labelTensor.dispose();
  });

  it('leaks no tensors and leaves its inputs alive', async () => {
    const logits = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    const labels = tf.tensor2d([[0, 1, 2], [3, 0, 1]], [2, 3], 'int32');
    try {
      await expectNoTensorLeak(() => softmaxCrossEntropy(logits, labels).dispose());
      expect(logits.isDisposed || labels.isDisposed).toBe(false);
    } finally {
      tf.dispose([logits, labels]);
    }
  });
});
