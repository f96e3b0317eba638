import { expectNoTensorLeak, expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { rectifiedTeacherLogits } from './rectified-teacher-logits.js';
import { initBackend } from './runtime/init-backend.js';
import { teacherCorrect } from './teacher-correct.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('rectifiedTeacherLogits', () => {
  describe('class-index units', () => {
    it('swaps the top and the gold logit where the teacher is wrong, and changes nothing where it is right', () => {
      tf.tidy(() => {
        const teacher = tf.tensor3d([
          [
            [2, 0, -1], // label 0: right → unchanged
            [2, 0, -1], // label 2: top 0 ↔ gold 2
            [0.5, 3, 1], // label 0: top 1 ↔ gold 0
            [2, 2, 0], // label 2, tie at the top: the first maximum (0) ↔ gold 2
            [2, 2, 0], // label 1, tied with the top: swapping equal logits changes nothing
            [2, 2, 0], // label 0: right (first maximum) → unchanged
          ],
        ]);
        const labels = tf.tensor2d([[0, 2, 0, 2, 1, 0]], [1, 6], 'int32');
        expectTensorClose(rectifiedTeacherLogits(teacher, labels, 'class-index'), [
          [
            [2, 0, -1],
            [-1, 0, 2],
            [3, 0.5, 1],
            [0, 2, 2],
            [2, 2, 0],
            [2, 2, 0],
          ],
        ]);
      });
    });

    it('works on a pixel grid [B, H, W, C] and keeps the shape', () => {
      tf.tidy(() => {
        const teacher = tf.tensor4d([[[[1, 4, 0], [0, 0, 5]], [[-2, -1, -3], [7, 7.5, 6]]]]);
        const labels = tf.tensor3d([[[1, 0], [2, 2]]], [1, 2, 2], 'int32');
        const rectified = rectifiedTeacherLogits(teacher, labels, 'class-index');
        expect(rectified.shape).toEqual([1, 2, 2, 3]);
        expect(rectified.dtype).toBe('float32');
        expectTensorClose(rectified, [[[[1, 4, 0], [5, 0, 0]], [[-2, -3, -1], [7, 6, 7.5]]]]);
      });
    });

    it('on random logits: a permutation of each unit that puts the teacher’s top logit on the gold class', () => {
      tf.tidy(() => {
        const teacher = tf.randomNormal([3, 7, 5], 0, 3, 'float32', 21);
        const labels = tf.randomUniform([3, 7], 0, 5, 'int32', 22);
        const rectified = rectifiedTeacherLogits(teacher, labels, 'class-index');
        // Every unit is right afterwards (random logits have no ties)…
        expect(Array.from(teacherCorrect(rectified, labels, 'class-index').dataSync()).every((v) => v === 1)).toBe(true);
        // …with the same logits, only moved: the sorted values per unit agree.
        expectTensorClose(tf.topk(rectified, 5).values, tf.topk(teacher, 5).values);
        // Units the teacher had right are untouched.
        const right = tf.expandDims(teacherCorrect(teacher, labels, 'class-index'), -1);
        expectTensorClose(tf.mul(rectified, right), tf.mul(teacher, right));
        // Some units were wrong, so the test did move something.
        expect(tf.sum(right).dataSync()[0]).toBeLessThan(21);
      });
    });
  });

  describe('multi-label units', () => {
    it('flips the sign of every logit whose thresholded prediction disagrees with the truth (frame units [B, F, K])', () => {
      tf.tidy(() => {
        const teacher = tf.tensor3d([
          [
            [2, -1, 0.5, -3], // all right → unchanged
            [2, -1, 0.5, -3], // wrong at keys 0, 1, 3
            [0, 0, -0.5, 1], // logit 0 reads as absent: wrong against 1 (stays 0), right against 0; key 3 wrong
          ],
        ]);
        const labels = tf.tensor3d([
          [
            [1, 0, 1, 0],
            [0, 1, 1, 1],
            [1, 0, 0, 0],
          ],
        ]);
        expectTensorClose(rectifiedTeacherLogits(teacher, labels, 'multi-label'), [
          [
            [2, -1, 0.5, -3],
            [-2, 1, 0.5, 3],
            [0, 0, -0.5, -1],
          ],
        ]);
      });
    });

    it('works on note-frame units [B, F, K, 1] the same way', () => {
      tf.tidy(() => {
        const teacher = tf.tensor4d([[[[1], [-2], [0.5]], [[-1], [3], [0]]]]);
        const labels = tf.tensor4d([[[[0], [0], [1]], [[1], [1], [0]]]]);
        const rectified = rectifiedTeacherLogits(teacher, labels, 'multi-label');
        expect(rectified.shape).toEqual([1, 2, 3, 1]);
        expectTensorClose(rectified, [[[[-1], [-2], [0.5]], [[1], [3], [0]]]]);
      });
    });

    it('on random logits: every key right afterwards, magnitudes kept', () => {
      tf.tidy(() => {
        const teacher = tf.randomNormal([2, 6, 88], 0, 2, 'float32', 23);
        const labels = tf.cast(tf.greater(tf.randomUniform([2, 6, 88], 0, 1, 'float32', 24), 0.8), 'float32');
        const rectified = rectifiedTeacherLogits(teacher, labels, 'multi-label');
        expect(Array.from(teacherCorrect(rectified, labels, 'multi-label').dataSync()).every((v) => v === 1)).toBe(true);
        expectTensorClose(tf.abs(rectified), tf.abs(teacher));
      });
    });
  });

  it('leaks no tensors and leaves its inputs alive', async () => {
    const teacher = tf.randomNormal([2, 4, 3], 0, 2, 'float32', 25);
    const labels = tf.tensor2d([[0, 1, 2, 0], [2, 2, 1, 0]], [2, 4], 'int32');
    const bits = tf.cast(tf.greater(teacher, 0.5), 'float32');
    try {
      await expectNoTensorLeak(() => {
        rectifiedTeacherLogits(teacher, labels, 'class-index').dispose();
        rectifiedTeacherLogits(teacher, bits, 'multi-label').dispose();
      });
      for (const t of [teacher, labels, bits]) expect(t.isDisposed).toBe(false);
    } finally {
      tf.dispose([teacher, labels, bits]);
    }
  });
});
