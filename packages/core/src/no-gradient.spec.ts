import { expectNoTensorLeak, expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { noGradient } from './no-gradient.js';
import { initBackend } from './runtime/init-backend.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('noGradient (stop-gradient)', () => {
  it('passes the value through unchanged, with its shape and dtype', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([
        [1, -2],
        [3, 0.5],
      ]);
      const y = noGradient(() => tf.mul(x, 2));
      expect(y.shape).toEqual([2, 2]);
      expect(y.dtype).toBe('float32');
      expectTensorClose(y, [
        [2, -4],
        [6, 1],
      ]);
      const ints = noGradient(() => tf.argMax(x, -1));
      expect(ints.dtype).toBe('int32');
      expect(Array.from(ints.dataSync())).toEqual([0, 0]);
    });
  });

  it('contributes zero gradient: d/dx [Σx + Σ sg(x²)] = 1, not 1 + 2x', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([1, -2, 3]);
      const stopped = tf.grad((v: tf.Tensor) => tf.add(tf.sum(v), noGradient(() => tf.sum(tf.square(v)))))(x);
      expectTensorClose(stopped, [1, 1, 1]);
      // Without it the same function has gradient 1 + 2x = [3, −3, 7].
      const through = tf.grad((v: tf.Tensor) => tf.add(tf.sum(v), tf.sum(tf.square(v))))(x);
      expectTensorClose(through, [3, -3, 7]);
    });
  });

  it('acts as a constant in a product: d/dx [x · sg(x)] = sg(x) = x, not 2x', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([1, -2, 3]);
      const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(v, noGradient(() => tf.clone(v)))))(x);
      expectTensorClose(grad, [1, -2, 3]);
    });
  });

  it('gives zero gradients to the variables used inside', () => {
    const a = tf.variable(tf.tensor1d([2, 4]), true, 'no-gradient-spec-a');
    const b = tf.variable(tf.tensor1d([1, 1]), true, 'no-gradient-spec-b');
    try {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.add(tf.mul(a, b), noGradient(() => tf.mul(a, tf.mul(a, b))))) as tf.Scalar,
        [a, b],
      );
      // value: Σ a·b + Σ a²·b = (2 + 4) + (4 + 16) = 26; gradients only through a·b: d/da = b, d/db = a
      expect(value.dataSync()[0]).toBe(26);
      expectTensorClose(grads[a.name], [1, 1]);
      expectTensorClose(grads[b.name], [2, 4]);
      tf.dispose([value, grads]);
    } finally {
      tf.dispose([a, b]);
    }
  });

  it('leaks no tensors', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    try {
      await expectNoTensorLeak(() => noGradient(() => tf.tidy(() => tf.mul(tf.add(x, 1), 2))).dispose());
      await expectNoTensorLeak(() => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(v, noGradient(() => tf.clone(v)))))(x).dispose());
      expect(x.isDisposed).toBe(false);
    } finally {
      x.dispose();
    }
  });
});
