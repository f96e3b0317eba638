import { expectNoTensorLeak, expectSelectiveKdError, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contrastMask } from './contrast-mask.js';
import type { DistillationInputs } from './modality-plugin.js';
import { initBackend } from './runtime/init-backend.js';
import { selectiveDistillationLoss } from './selective-distillation-loss.js';

// The loss and the mask on wrongly-typed, disposed, empty and huge inputs: each answers with a
// SelectiveKdError whose code and message name the problem (never a tfjs error, never NaN) and
// leaves no tensor behind. The shape, label and validity errors are in selective-distillation-loss.spec.ts.

const modality = testModality();
const untyped = <T>(value: unknown) => value as T;

beforeAll(async () => {
  await initBackend('cpu');
});

const inputs = (): DistillationInputs => ({
  student: tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1),
  teacher: tf.randomNormal([2, 3, 4], 0, 1, 'float32', 2),
  labels: tf.tensor2d([[0, 1, 2], [3, 2, 1]], [2, 3], 'int32'),
});
const dispose = (i: DistillationInputs) => tf.dispose([i.student, i.teacher, i.labels, ...(i.valid ? [i.valid] : [])]);

describe('selectiveDistillationLoss on wrongly-typed input', () => {
  it('refuses a field that is not a tensor, naming the field', () => {
    for (const field of ['student', 'teacher', 'labels', 'valid'] as const) {
      for (const value of [null, [[0.1, 0.2]], 3, 'logits']) {
        const batch = inputs();
        const bad = { ...batch, [field]: untyped(value) };
        if (field === 'valid' && value === null) continue; // null validity means "all valid"
        expectSelectiveKdError(() => selectiveDistillationLoss(bad, modality), 'INVALID_INPUT', field, 'not a tensor');
        dispose(batch);
      }
    }
  });

  it('refuses no inputs object at all and string tensors', () => {
    expectSelectiveKdError(() => selectiveDistillationLoss(untyped(undefined), modality), 'INVALID_INPUT', 'student');
    const batch = inputs();
    const words = tf.tensor(['a', 'b', 'c', 'd', 'e', 'f'], [2, 3]);
    expectSelectiveKdError(() => selectiveDistillationLoss({ ...batch, labels: words }, modality), 'INVALID_INPUT', 'labels', 'string');
    tf.dispose([words]);
    dispose(batch);
  });

  it('refuses a disposed tensor, naming it', () => {
    const batch = inputs();
    batch.teacher.dispose();
    expectSelectiveKdError(() => selectiveDistillationLoss(batch, modality), 'INVALID_INPUT', 'teacher', 'disposed');
    dispose({ ...batch, teacher: tf.scalar(0) });
  });

  it('leaves no tensor behind when it refuses', async () => {
    const batch = inputs();
    await expectNoTensorLeak(() => {
      expect(() => selectiveDistillationLoss({ ...batch, student: untyped([1]) }, modality)).toThrow();
    });
    dispose(batch);
  });

  it('a large batch gives a finite loss', () => {
    const student = tf.randomNormal([16, 128, 10], 0, 30, 'float32', 5);
    const teacher = tf.randomNormal([16, 128, 10], 0, 30, 'float32', 6);
    const labels = tf.randomUniformInt([16, 128], 0, 10, 7);
    const result = selectiveDistillationLoss({ student, teacher, labels }, modality);
    expect(Number.isFinite(result.loss.dataSync()[0])).toBe(true);
    tf.dispose([student, teacher, labels, result.loss, result.groundTruthLoss, result.distillLoss, result.teacherBetterFraction, result.mask]);
  });
});

describe('contrastMask on wrongly-typed input', () => {
  it('refuses losses or a validity that are not tensors, naming the argument', () => {
    const loss = tf.ones([2, 3]);
    expectSelectiveKdError(() => contrastMask(untyped([1, 2]), loss), 'INVALID_INPUT', 'teacherUnitLoss', 'not a tensor');
    expectSelectiveKdError(() => contrastMask(loss, untyped(null)), 'INVALID_INPUT', 'studentUnitLoss', 'not a tensor');
    expectSelectiveKdError(() => contrastMask(loss, loss, { valid: untyped([[1, 1, 1]]) }), 'INVALID_INPUT', 'valid', 'not a tensor');
    loss.dispose();
  });
});
