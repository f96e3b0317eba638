import { expectNoTensorLeak, expectTensorClose, selectiveKdErrorFrom } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contrastMask } from './contrast-mask.js';
import { initBackend } from './runtime/init-backend.js';
import { SelectiveKdError } from './selective-kd-error.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// Per-unit losses on a [2, 3] unit grid; all values exact in float32.
const TEACHER = [
  [0.5, 2, 3],
  [1, 0.25, 4],
];
const STUDENT = [
  [1, 2, 1],
  [3, 0.5, 4.5],
];

describe('contrastMask', () => {
  it('marks units where the teacher loss is lower, margin 0', () => {
    tf.tidy(() => {
      const mask = contrastMask(tf.tensor2d(TEACHER), tf.tensor2d(STUDENT));
      // 0.5<1 → 1, 2<2 → 0 (tie), 3<1 → 0; 1<3 → 1, 0.25<0.5 → 1, 4<4.5 → 1
      expectTensorClose(mask, [
        [1, 0, 0],
        [1, 1, 1],
      ]);
    });
  });

  it('demands a lead of more than the margin', () => {
    tf.tidy(() => {
      const teacher = tf.tensor2d(TEACHER);
      const student = tf.tensor2d(STUDENT);
      // margin 0.5: 1<1 → 0 (tie), 2.5<2 → 0, 3.5<1 → 0; 1.5<3 → 1, 0.75<0.5 → 0, 4.5<4.5 → 0 (tie)
      expectTensorClose(contrastMask(teacher, student, { margin: 0.5 }), [
        [0, 0, 0],
        [1, 0, 0],
      ]);
      // margin 0.25: 0.75<1 → 1, 2.25<2 → 0, 3.25<1 → 0; 1.25<3 → 1, 0.5<0.5 → 0 (tie), 4.25<4.5 → 1
      expectTensorClose(contrastMask(teacher, student, { margin: 0.25 }), [
        [1, 0, 0],
        [1, 0, 1],
      ]);
      // margin 2: only 1+2=3 < 3 is close, and a tie goes to the student → all 0
      expectTensorClose(contrastMask(teacher, student, { margin: 2 }), [
        [0, 0, 0],
        [0, 0, 0],
      ]);
    });
  });

  it('widens toward every unit with a negative margin: the teacher may trail by less than |margin|', () => {
    tf.tidy(() => {
      const teacher = tf.tensor2d(TEACHER);
      const student = tf.tensor2d(STUDENT);
      // margin -0.5: 0<1 → 1, 1.5<2 → 1, 2.5<1 → 0; 0.5<3 → 1, -0.25<0.5 → 1, 3.5<4.5 → 1
      expectTensorClose(contrastMask(teacher, student, { margin: -0.5 }), [
        [1, 1, 0],
        [1, 1, 1],
      ]);
      // margin -2: 3-2=1 < 1 is a tie, still the student's
      expectTensorClose(contrastMask(teacher, student, { margin: -2 }), [
        [1, 1, 0],
        [1, 1, 1],
      ]);
      // margin -2.5: every unit
      expectTensorClose(contrastMask(teacher, student, { margin: -2.5 }), [
        [1, 1, 1],
        [1, 1, 1],
      ]);
    });
  });

  it('gives ties to the student', () => {
    tf.tidy(() => {
      const losses = tf.tensor1d([0, 0.5, 7]);
      expectTensorClose(contrastMask(losses, losses), [0, 0, 0]);
      expectTensorClose(contrastMask(losses, tf.clone(losses), { margin: 0 }), [0, 0, 0]);
    });
  });

  it('zeros invalid units whatever the losses say', () => {
    tf.tidy(() => {
      const valid = tf.tensor2d([
        [1, 1, 0],
        [0, 1, 1],
      ]);
      // margin-0 mask [[1,0,0],[1,1,1]] × valid
      expectTensorClose(contrastMask(tf.tensor2d(TEACHER), tf.tensor2d(STUDENT), { valid }), [
        [1, 0, 0],
        [0, 1, 1],
      ]);
      // An int32 or all-zero validity works the same way.
      const validInt = tf.tensor2d([1, 0, 1, 0, 0, 1], [2, 3], 'int32');
      expectTensorClose(contrastMask(tf.tensor2d(TEACHER), tf.tensor2d(STUDENT), { valid: validInt }), [
        [1, 0, 0],
        [0, 0, 1],
      ]);
      expectTensorClose(contrastMask(tf.tensor2d(TEACHER), tf.tensor2d(STUDENT), { valid: tf.zeros([2, 3]) }), [
        [0, 0, 0],
        [0, 0, 0],
      ]);
    });
  });

  it('returns float32 of the unit-grid shape for any rank', () => {
    tf.tidy(() => {
      const teacher = tf.tensor3d([0, 1, 2, 3, 4, 5, 6, 7], [2, 2, 2]);
      const student = tf.fill([2, 2, 2], 3.5);
      const mask = contrastMask(teacher, student);
      expect(mask.dtype).toBe('float32');
      expect(mask.shape).toEqual([2, 2, 2]);
      // 0..3 < 3.5 → 1, 4..7 → 0
      expectTensorClose(mask, [
        [
          [1, 1],
          [1, 1],
        ],
        [
          [0, 0],
          [0, 0],
        ],
      ]);
      // int32 losses still give a float32 mask.
      const intMask = contrastMask(tf.tensor1d([1, 3], 'int32'), tf.tensor1d([2, 2], 'int32'));
      expect(intMask.dtype).toBe('float32');
      expectTensorClose(intMask, [1, 0]);
    });
  });

  it('refuses losses of different shapes with SHAPE_MISMATCH naming both shapes', () => {
    tf.tidy(() => {
      const error = selectiveKdErrorFrom(() => contrastMask(tf.zeros([2, 3]), tf.zeros([3, 2])));
      expect(error.code).toBe('SHAPE_MISMATCH');
      expect(error.message).toBe(
        'teacherUnitLoss has shape [2,3] but studentUnitLoss has shape [3,2]; they must match',
      );
      const rank = selectiveKdErrorFrom(() => contrastMask(tf.zeros([6]), tf.zeros([2, 3])));
      expect(rank.code).toBe('SHAPE_MISMATCH');
      expect(rank.message).toContain('[6]');
      expect(rank.message).toContain('[2,3]');
    });
  });

  it('refuses a validity of another shape with SHAPE_MISMATCH naming both shapes', () => {
    tf.tidy(() => {
      const error = selectiveKdErrorFrom(() => contrastMask(tf.zeros([2, 3]), tf.zeros([2, 3]), { valid: tf.ones([2, 3, 1]) }));
      expect(error.code).toBe('SHAPE_MISMATCH');
      expect(error.message).toBe('valid has shape [2,3,1] but studentUnitLoss has shape [2,3]; they must match');
    });
  });

  it.each([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    ['0.5', '"0.5"'],
  ])('refuses margin %j with INVALID_OPTION', (margin, shown) => {
    tf.tidy(() => {
      const error = selectiveKdErrorFrom(() => contrastMask(tf.zeros([2]), tf.zeros([2]), { margin: margin as number }));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toBe(`margin must be a finite number; got ${shown}`);
    });
  });

  it('leaks no tensors and leaves its inputs alive', async () => {
    const teacher = tf.tensor2d(TEACHER);
    const student = tf.tensor2d(STUDENT);
    const valid = tf.ones([2, 3]);
    try {
      await expectNoTensorLeak(() => {
        contrastMask(teacher, student).dispose();
        contrastMask(teacher, student, { margin: 0.25, valid }).dispose();
      });
      for (const t of [teacher, student, valid]) expect(t.isDisposed).toBe(false);
      // An error leaves nothing behind either.
      const other = tf.zeros([1]);
      const before = tf.memory().numTensors;
      expect(() => contrastMask(teacher, other)).toThrow(SelectiveKdError);
      expect(tf.memory().numTensors).toBe(before);
      other.dispose();
    } finally {
      tf.dispose([teacher, student, valid]);
    }
  });
});
