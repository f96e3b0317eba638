import { expectNoTensorLeak, expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { expectGradientsMatch, softplus, testLogits } from './loss-gradient.spec-helper.js';
import { binaryKlDivergence } from './binary-kl-divergence.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// σ(0) = 1/2 against σ(ln 3) = 3/4: KL = 1/2·ln((1/2)/(3/4)) + 1/2·ln((1/2)/(1/4)) = 1/2·ln(4/3) = 0.143841
const KL_HALF_THREE_QUARTERS = 0.5 * Math.log(4 / 3);

describe('binaryKlDivergence', () => {
  it('sums each label’s Bernoulli KL over the last axis, by hand', () => {
    tf.tidy(() => {
      const teacher = tf.tensor3d([[[0, 0], [Math.log(3), 0]]]);
      const student = tf.tensor3d([[[Math.log(3), -Math.log(3)], [0, 0]]]);
      // unit 0: two labels of KL(1/2 ‖ 3/4) = KL(1/2 ‖ 1/4) = 0.143841 → 0.287682
      // unit 1: KL(3/4 ‖ 1/2) = 3/4·ln(3/2) + 1/4·ln(1/2) = 0.130812, plus KL(1/2 ‖ 1/2) = 0
      expectTensorClose(binaryKlDivergence(teacher, student, 1), [
        [2 * KL_HALF_THREE_QUARTERS, 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5)],
      ]);
      expectTensorClose([2 * KL_HALF_THREE_QUARTERS], [0.287682], { atol: 1e-6 });
    });
  });

  it('divides both logits by the temperature (without the τ² factor)', () => {
    tf.tidy(() => {
      // teacher 0, student 2 ln 3 at τ = 2 → σ(0) vs σ(ln 3): 0.143841
      const teacher = tf.zeros([1, 1, 1]);
      const student = tf.tensor3d([[[2 * Math.log(3)]]]);
      expectTensorClose(binaryKlDivergence(teacher, student, 2), [[KL_HALF_THREE_QUARTERS]]);
      // at τ = 1: σ(2 ln 3) = 9/10; KL(1/2 ‖ 9/10) = 1/2·ln(5/9) + 1/2·ln 5 = 1/2·ln(25/9) = 0.510826
      expectTensorClose(binaryKlDivergence(teacher, student, 1), [[0.5 * Math.log(25 / 9)]]);
    });
  });

  it('is zero for identical inputs at any temperature', () => {
    tf.tidy(() => {
      const logits = tf.randomNormal([2, 3, 5], 0, 3, 'float32', 4);
      for (const tau of [0.5, 1, 4]) {
        expectTensorClose(binaryKlDivergence(logits, logits, tau), tf.zeros([2, 3]), { atol: 1e-6 });
      }
    });
  });

  it('maps [B, N, C] to [B, N] and rank-4 [B, H, W, C] to [B, H, W], non-negative', () => {
    tf.tidy(() => {
      const three = binaryKlDivergence(
        tf.randomNormal([2, 3, 4], 0, 2, 'float32', 1),
        tf.randomNormal([2, 3, 4], 0, 2, 'float32', 2),
        1,
      );
      expect(three.shape).toEqual([2, 3]);
      expect(three.dtype).toBe('float32');
      expect(Math.min(...three.dataSync())).toBeGreaterThan(0);

      const four = binaryKlDivergence(
        tf.randomNormal([2, 2, 3, 5], 0, 2, 'float32', 3),
        tf.randomNormal([2, 2, 3, 5], 0, 2, 'float32', 4),
        2,
      );
      expect(four.shape).toEqual([2, 2, 3]);
      expect(Math.min(...four.dataSync())).toBeGreaterThan(0);
    });
  });

  it('stays finite for saturated logits of ±100', () => {
    tf.tidy(() => {
      const teacher = tf.tensor3d([[[100, -100], [100, -100]]]);
      const student = tf.tensor3d([[[-100, 100], [100, -100]]]);
      // unit 0: p = 1 vs q = e⁻¹⁰⁰ → ln(1/q) = 100, and p = 0 vs q = 1 → 100: sum 200; unit 1: 0
      const kl = binaryKlDivergence(teacher, student, 1);
      expect(Array.from(kl.dataSync()).every(Number.isFinite)).toBe(true);
      expectTensorClose(kl, [[200, 0]], { atol: 1e-4 });
    });
  });

  it('has the gradient (σ(s/τ) − σ(t/τ))/τ: finite differences of a float64 reference and the former autodiff agree', () => {
    const classes = 3;
    const teacher = tf.tensor3d(testLogits(classes)[1].values.slice().reverse(), [2, 3, classes]);
    const t = Array.from(teacher.dataSync());
    for (const tau of [1, 2.5]) {
      const former = (student: tf.Tensor) => {
        const tt = tf.div(teacher, tau);
        const s = tf.div(student, tau);
        const p = tf.sigmoid(tt);
        const positive = tf.mul(p, tf.sub(tf.softplus(tf.neg(s)), tf.softplus(tf.neg(tt))));
        const negative = tf.mul(tf.sub(1, p), tf.sub(tf.softplus(s), tf.softplus(tt)));
        return tf.sum(tf.add(positive, negative), -1);
      };
      // p·(log p − log q) + (1 − p)·(log(1 − p) − log(1 − q)), with log σ(z) = −softplus(−z)
      const reference = (s: number[], u: number) =>
        s.reduce((sum, sv, j) => {
          const tv = t[u * classes + j] / tau;
          const z = sv / tau;
          const p = 1 / (1 + Math.exp(-tv));
          return sum + p * (softplus(-z) - softplus(-tv)) + (1 - p) * (softplus(z) - softplus(tv));
        }, 0);
      expectGradientsMatch((s) => binaryKlDivergence(teacher, s, tau), former, reference, classes);
    }
    teacher.dispose();
  });

  it('leaks no tensors and leaves its inputs alive', async () => {
    const teacher = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    const student = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 2);
    try {
      await expectNoTensorLeak(() => binaryKlDivergence(teacher, student, 2).dispose());
      expect(teacher.isDisposed || student.isDisposed).toBe(false);
    } finally {
      tf.dispose([teacher, student]);
    }
  });
});
