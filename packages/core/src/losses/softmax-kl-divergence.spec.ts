import { expectNoTensorLeak, expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { expectGradientsMatch, logSumExp, testLogits } from './loss-gradient.spec-helper.js';
import { softmaxKlDivergence } from './softmax-kl-divergence.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// softmax([0, ln 3]) = [1/4, 3/4] against softmax([0, 0]) = [1/2, 1/2]:
// KL = 1/4·ln(1/2) + 3/4·ln(3/2) = −0.173287 + 0.304099 = 0.130812
const KL_QUARTER_HALF = 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5);

describe('softmaxKlDivergence', () => {
  it('is KL(teacher ‖ student) by hand', () => {
    tf.tidy(() => {
      const teacher = tf.tensor3d([[[0, Math.log(3)], [0, 0]]]);
      const student = tf.tensor3d([[[0, 0], [0, Math.log(3)]]]);
      // unit 0 as above; unit 1: KL([1/2,1/2] ‖ [1/4,3/4]) = 1/2·ln 2 + 1/2·ln(2/3) = 0.143841
      expectTensorClose(softmaxKlDivergence(teacher, student, 1), [[KL_QUARTER_HALF, 0.5 * Math.log(4 / 3)]]);
      expectTensorClose([KL_QUARTER_HALF], [0.130812], { atol: 1e-6 });
    });
  });

  it('divides both logits by the temperature (without the τ² factor)', () => {
    tf.tidy(() => {
      // [0, 2 ln 3] / 2 = [0, ln 3]; [0, 0] / 2 = [0, 0] → the same 0.130812
      const teacher = tf.tensor3d([[[0, 2 * Math.log(3)]]]);
      const student = tf.zeros([1, 1, 2]);
      expectTensorClose(softmaxKlDivergence(teacher, student, 2), [[KL_QUARTER_HALF]]);
      // at τ = 1: softmax([0, 2 ln 3]) = [1/10, 9/10]; KL = 0.1·ln 0.2 + 0.9·ln 1.8 = 0.368064
      expectTensorClose(softmaxKlDivergence(teacher, student, 1), [[0.1 * Math.log(0.2) + 0.9 * Math.log(1.8)]]);
    });
  });

  it('is zero for identical inputs at any temperature', () => {
    tf.tidy(() => {
      const logits = tf.randomNormal([2, 3, 5], 0, 3, 'float32', 4);
      for (const tau of [0.5, 1, 4]) {
        expectTensorClose(softmaxKlDivergence(logits, logits, tau), tf.zeros([2, 3]), { atol: 1e-6 });
      }
    });
  });

  it('shifting a unit’s logits by a constant changes nothing', () => {
    tf.tidy(() => {
      const teacher = tf.tensor3d([[[0, Math.log(3)]]]);
      expectTensorClose(softmaxKlDivergence(tf.add(teacher, 7), tf.fill([1, 1, 2], -3), 1), [[KL_QUARTER_HALF]]);
    });
  });

  it('maps [B, N, C] to [B, N] and rank-4 [B, H, W, C] to [B, H, W], non-negative', () => {
    tf.tidy(() => {
      const three = softmaxKlDivergence(
        tf.randomNormal([2, 3, 4], 0, 2, 'float32', 1),
        tf.randomNormal([2, 3, 4], 0, 2, 'float32', 2),
        1,
      );
      expect(three.shape).toEqual([2, 3]);
      expect(three.dtype).toBe('float32');
      expect(Math.min(...three.dataSync())).toBeGreaterThan(0);

      const four = softmaxKlDivergence(
        tf.randomNormal([2, 2, 3, 5], 0, 2, 'float32', 3),
        tf.randomNormal([2, 2, 3, 5], 0, 2, 'float32', 4),
        2,
      );
      expect(four.shape).toEqual([2, 2, 3]);
      expect(Math.min(...four.dataSync())).toBeGreaterThan(0);
    });
  });

  it('stays finite for logits of ±100', () => {
    tf.tidy(() => {
      const teacher = tf.tensor3d([[[100, -100], [100, -100]]]);
      const student = tf.tensor3d([[[-100, 100], [100, -100]]]);
      // unit 0: log p = [0, −200], log q = [−200, 0] → 1·(0 − (−200)) + e⁻²⁰⁰·(…) = 200; unit 1: 0
      const kl = softmaxKlDivergence(teacher, student, 1);
      expect(Array.from(kl.dataSync()).every(Number.isFinite)).toBe(true);
      expectTensorClose(kl, [[200, 0]], { atol: 1e-4 });
    });
  });

  it('has the gradient (softmax(s/τ) − softmax(t/τ))/τ: finite differences of a float64 reference and the former autodiff agree', () => {
    const classes = 4;
    const teacherValues = testLogits(classes)[1].values.slice().reverse(); // large magnitudes, other places
    const teacher = tf.tensor3d(teacherValues, [2, 3, classes]);
    const t = Array.from(teacher.dataSync());
    for (const tau of [1, 2.5]) {
      const former = (s: tf.Tensor) => {
        const logP = tf.logSoftmax(tf.div(teacher, tau));
        return tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, tf.logSoftmax(tf.div(s, tau)))), -1);
      };
      const reference = (s: number[], u: number) => {
        const tu = t.slice(u * classes, (u + 1) * classes).map((v) => v / tau);
        const su = s.map((v) => v / tau);
        const lseT = logSumExp(tu);
        const lseS = logSumExp(su);
        return tu.reduce((sum, v, j) => sum + Math.exp(v - lseT) * (v - lseT - (su[j] - lseS)), 0);
      };
      expectGradientsMatch((s) => softmaxKlDivergence(teacher, s, tau), former, reference, classes);
    }
    teacher.dispose();
  });

  it('leaks no tensors and leaves its inputs alive', async () => {
    const teacher = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    const student = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 2);
    try {
      await expectNoTensorLeak(() => softmaxKlDivergence(teacher, student, 2).dispose());
      expect(teacher.isDisposed || student.isDisposed).toBe(false);
    } finally {
      tf.dispose([teacher, student]);
    }
  });
});
