import { expectNoTensorLeak, expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './runtime/init-backend.js';
import { teacherCorrect } from './teacher-correct.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('teacherCorrect', () => {
  describe('class-index units', () => {
    it('is 1 where argmax of the teacher equals the label', () => {
      tf.tidy(() => {
        const teacher = tf.tensor3d([
          [
            [2, 1, 0], // argmax 0
            [0, 1, 2], // argmax 2
            [0, 3, 1], // argmax 1
          ],
          [
            [-1, -3, -2], // argmax 0
            [5, 6, 7], // argmax 2
            [0.1, 0.2, 0.15], // argmax 1
          ],
        ]);
        const labels = tf.tensor2d(
          [
            [0, 1, 1],
            [2, 2, 0],
          ],
          [2, 3],
          'int32',
        );
        // [0=0, 2≠1, 1=1], [0≠2, 2=2, 1≠0]
        const correct = teacherCorrect(teacher, labels, 'class-index');
        expect(correct.dtype).toBe('float32');
        expect(correct.shape).toEqual([2, 3]);
        expectTensorClose(correct, [
          [1, 0, 1],
          [0, 1, 0],
        ]);
      });
    });

    it('accepts float32 labels holding class indices', () => {
      tf.tidy(() => {
        const teacher = tf.tensor3d([[[0, 1], [1, 0]]]);
        // argmax [1, 0] against labels [1, 1]
        expectTensorClose(teacherCorrect(teacher, tf.tensor2d([[1, 1]]), 'class-index'), [[1, 0]]);
      });
    });

    it('handles rank-4 logits [B, H, W, C] → [B, H, W]', () => {
      tf.tidy(() => {
        // one image 2×2, 2 classes; argmax [[1, 0], [0, 1]]
        const teacher = tf.tensor4d([[[[0, 1], [1, 0]], [[3, -3], [-3, 3]]]]);
        const labels = tf.tensor3d([[[1, 1], [0, 0]]], [1, 2, 2], 'int32');
        const correct = teacherCorrect(teacher, labels, 'class-index');
        expect(correct.shape).toEqual([1, 2, 2]);
        expectTensorClose(correct, [[[1, 0], [1, 0]]]);
      });
    });
  });

  describe('multi-label units', () => {
    it('is 1 only where every label’s thresholded prediction (logit > 0) equals the truth', () => {
      tf.tidy(() => {
        const teacher = tf.tensor3d([
          [
            [1, -1, 2], // predicted [1, 0, 1]
            [1, -1, -2], // predicted [1, 0, 0]
            [-5, -5, -5], // predicted [0, 0, 0]
            [0, 0.001, -0.001], // σ(0) = 0.5 is not > 0.5 → predicted [0, 1, 0]
          ],
        ]);
        const labels = tf.tensor3d([
          [
            [1, 0, 1], // all match → 1
            [1, 0, 1], // third differs → 0
            [0, 0, 0], // all match → 1
            [0, 1, 0], // all match → 1
          ],
        ]);
        const correct = teacherCorrect(teacher, labels, 'multi-label');
        expect(correct.dtype).toBe('float32');
        expect(correct.shape).toEqual([1, 4]);
        expectTensorClose(correct, [[1, 0, 1, 1]]);
      });
    });

    it('thresholds the truth at 0.5 too', () => {
      tf.tidy(() => {
        const teacher = tf.tensor3d([[[1, -1], [1, -1]]]); // predicted [1, 0] twice
        const labels = tf.tensor3d([[[0.9, 0.2], [0.5, 0]]]); // truth [1, 0] and [0, 0]
        expectTensorClose(teacherCorrect(teacher, labels, 'multi-label'), [[1, 0]]);
      });
    });

    it('handles rank-4 logits [B, F, K, C] → [B, F, K]', () => {
      tf.tidy(() => {
        const teacher = tf.tensor4d([[[[1, -1], [1, 1]], [[-1, -1], [-1, 1]]]]);
        const labels = tf.tensor4d([[[[1, 0], [1, 0]], [[0, 0], [1, 1]]]]);
        // [1,0]=[1,0] → 1; [1,1]≠[1,0] → 0; [0,0]=[0,0] → 1; [0,1]≠[1,1] → 0
        const correct = teacherCorrect(teacher, labels, 'multi-label');
        expect(correct.shape).toEqual([1, 2, 2]);
        expectTensorClose(correct, [[[1, 0], [1, 0]]]);
      });
    });
  });

  it('leaks no tensors', async () => {
    const teacher = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 3);
    const classLabels = tf.tensor2d([[0, 1, 2], [3, 0, 1]], [2, 3], 'int32');
    const multiLabels = tf.ones([2, 3, 4]);
    try {
      await expectNoTensorLeak(() => {
        teacherCorrect(teacher, classLabels, 'class-index').dispose();
        teacherCorrect(teacher, multiLabels, 'multi-label').dispose();
      });
    } finally {
      tf.dispose([teacher, classLabels, multiLabels]);
    }
  });
});
