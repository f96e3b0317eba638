import { expectNoTensorLeak, expectSelectiveKdError, expectTensorClose, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistillationInputs } from './modality-plugin.js';
import { initBackend } from './runtime/init-backend.js';
import { selectiveDistillationLoss, type SelectiveLossResult } from './selective-distillation-loss.js';
import { SelectiveKdError } from './selective-kd-error.js';
import { GATES, type SelectiveOptions } from './selective-options.js';

// Error paths and properties; golden numbers are checked elsewhere.

const classIndex = testModality();
const multiLabel = testModality({ target: 'multi-label' });
const ignoring = testModality({ ignoreLabel: 255 });

const SCOPES = ['all', 'student-better'] as const;
const NORMALIZERS = ['valid', 'selected'] as const;

/** A class-index batch of 2 samples × 5 items × 4 classes, some items padding. */
let batch: DistillationInputs;
/** The same layout as multi-label. */
let multiBatch: DistillationInputs;

beforeAll(async () => {
  await initBackend('cpu');
  batch = {
    student: tf.randomNormal([2, 5, 4], 0, 2, 'float32', 1),
    teacher: tf.randomNormal([2, 5, 4], 0, 2, 'float32', 2),
    labels: tf.tensor2d([[0, 1, 2, 3, 0], [3, 2, 1, 0, 1]], [2, 5], 'int32'),
    valid: tf.tensor2d([[1, 1, 1, 0, 1], [1, 0, 1, 1, 1]]),
  };
  multiBatch = {
    student: tf.randomNormal([2, 5, 4], 0, 2, 'float32', 3),
    teacher: tf.randomNormal([2, 5, 4], 0, 2, 'float32', 4),
    labels: tf.cast(tf.greater(tf.randomUniform([2, 5, 4], 0, 1, 'float32', 5), 0.5), 'float32'),
    valid: tf.tensor2d([[1, 1, 0, 1, 1], [0, 1, 1, 1, 1]]),
  };
});

afterAll(() => {
  for (const b of [batch, multiBatch]) tf.dispose([b.student, b.teacher, b.labels, b.valid!]);
});

const scalars = (r: SelectiveLossResult) => ({
  loss: r.loss.dataSync()[0],
  groundTruthLoss: r.groundTruthLoss.dataSync()[0],
  distillLoss: r.distillLoss.dataSync()[0],
  teacherBetterFraction: r.teacherBetterFraction.dataSync()[0],
});

const disposeResult = (r: SelectiveLossResult) =>
  tf.dispose([r.loss, r.groundTruthLoss, r.distillLoss, r.teacherBetterFraction, r.mask]);

/** A copy of `t` with one element (by flat index) replaced. */
function withValueAt(t: tf.Tensor, index: number, value: number): tf.Tensor {
  const data = Array.from(t.dataSync());
  data[index] = value;
  return tf.tensor(data, t.shape);
}

/** Every combination of gate, scope and normalizer. */
const everyOption: Partial<SelectiveOptions>[] = GATES.flatMap((gate) =>
  SCOPES.flatMap((groundTruthScope) => NORMALIZERS.map((normalizer) => ({ gate, groundTruthScope, normalizer }))),
);

describe('selectiveDistillationLoss', () => {
  describe('refuses bad batches', () => {
    it('teacher logits of another shape → SHAPE_MISMATCH naming both', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => selectiveDistillationLoss({ ...batch, teacher: tf.zeros([2, 5, 3]) }, classIndex),
          'SHAPE_MISMATCH',
          'teacher logits [2,5,3] and student logits [2,5,4] must match',
          'given student [2,5,4], teacher [2,5,3], labels [2,5], valid [2,5]',
        );
      });
    });

    it('a batch size that differs → SHAPE_MISMATCH naming all three shapes', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => selectiveDistillationLoss({ ...batch, teacher: tf.zeros([3, 5, 4]) }, classIndex),
          'SHAPE_MISMATCH',
          'batch sizes differ: student [2,5,4], teacher [3,5,4], labels [2,5]',
        );
        expectSelectiveKdError(
          () => selectiveDistillationLoss({ ...batch, labels: tf.zeros([1, 5], 'int32') }, classIndex),
          'SHAPE_MISMATCH',
          'labels [1,5]',
        );
      });
    });

    it('labels of another shape → SHAPE_MISMATCH naming the expected and given shapes', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => selectiveDistillationLoss({ ...batch, labels: tf.zeros([2, 4], 'int32'), valid: undefined }, classIndex),
          'SHAPE_MISMATCH',
          'labels must have shape [2,5] to match logits [2,5,4]; got [2,4]',
        );
        expectSelectiveKdError(
          () => selectiveDistillationLoss({ ...multiBatch, labels: tf.zeros([2, 5]) }, multiLabel),
          'SHAPE_MISMATCH',
          'labels must have shape [2,5,4] to match logits [2,5,4]; got [2,5]',
        );
      });
    });

    it('float labels for class-index units → SHAPE_MISMATCH', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => selectiveDistillationLoss({ ...batch, labels: tf.cast(batch.labels, 'float32') }, classIndex),
          'SHAPE_MISMATCH',
          'class-index labels must be int32; got float32',
          'labels [2,5]',
        );
      });
    });

    it('a class index out of range at a valid unit → LABEL_OUT_OF_RANGE naming the range', () => {
      tf.tidy(() => {
        // item 1 of sample 0 is valid and labelled 4, with 4 classes
        expectSelectiveKdError(
          () =>
            selectiveDistillationLoss({ ...batch, labels: tf.tensor2d([[0, 4, 2, 3, 0], [3, 2, 1, 0, 1]], [2, 5], 'int32') }, classIndex),
          'LABEL_OUT_OF_RANGE',
          'labels at valid items must be class indices in [0, 4)',
          'given student [2,5,4], teacher [2,5,4], labels [2,5], valid [2,5]',
        );
      });
    });

    it('…but any label at an invalid unit is allowed', () => {
      // item 3 of sample 0 and item 1 of sample 1 are padding
      const labels = tf.tensor2d([[0, 1, 2, 99, 0], [3, -7, 1, 0, 1]], [2, 5], 'int32');
      const result = selectiveDistillationLoss({ ...batch, labels }, classIndex);
      expect(Number.isFinite(scalars(result).loss)).toBe(true);
      disposeResult(result);
      labels.dispose();
    });

    it('NaN or Infinity in the student or teacher logits → NON_FINITE_LOGITS', () => {
      tf.tidy(() => {
        const nan = withValueAt(batch.student, 7, NaN);
        expectSelectiveKdError(() => selectiveDistillationLoss({ ...batch, student: nan }, classIndex), 'NON_FINITE_LOGITS', 'student logits');
        const inf = withValueAt(batch.teacher, 3, Infinity);
        expectSelectiveKdError(() => selectiveDistillationLoss({ ...batch, teacher: inf }, classIndex), 'NON_FINITE_LOGITS', 'teacher logits');
        expectSelectiveKdError(
          () => selectiveDistillationLoss({ ...multiBatch, teacher: tf.fill([2, 5, 4], -Infinity) }, multiLabel),
          'NON_FINITE_LOGITS',
          'teacher logits contain NaN or Infinity',
        );
      });
    });

    it('an empty batch → EMPTY_BATCH naming the shape', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () =>
            selectiveDistillationLoss(
              { student: tf.zeros([0, 5, 4]), teacher: tf.zeros([0, 5, 4]), labels: tf.zeros([0, 5], 'int32') },
              classIndex,
            ),
          'EMPTY_BATCH',
          'the batch is empty: student logits have shape [0,5,4]',
        );
        expectSelectiveKdError(
          () => selectiveDistillationLoss({ student: tf.scalar(1), teacher: tf.scalar(1), labels: tf.scalar(0, 'int32') }, classIndex),
          'EMPTY_BATCH',
        );
        expectSelectiveKdError(
          () =>
            selectiveDistillationLoss(
              { student: tf.zeros([2, 0, 4]), teacher: tf.zeros([2, 0, 4]), labels: tf.zeros([2, 0], 'int32') },
              classIndex,
            ),
          'EMPTY_BATCH',
          '[2,0,4]',
        );
      });
    });

    it('a validity with values other than 0/1 → INVALID_VALIDITY', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => selectiveDistillationLoss({ ...batch, valid: tf.fill([2, 5], 0.5) }, classIndex),
          'INVALID_VALIDITY',
          'valid must hold only 0 and 1; 10 entries do not',
          'valid [2,5]',
        );
      });
    });

    it('bad options → INVALID_OPTION before any tensor work', () => {
      const before = tf.memory().numTensors;
      expectSelectiveKdError(
        () => selectiveDistillationLoss(batch, classIndex, { gate: 'teacher' as never }),
        'INVALID_OPTION',
        `gate must be one of`,
      );
      expectSelectiveKdError(() => selectiveDistillationLoss(batch, classIndex, { temperature: 0 }), 'INVALID_OPTION', 'temperature');
      expect(tf.memory().numTensors).toBe(before);
    });

    it('leaves no tensors behind when it refuses a batch', () => {
      const badLabels = tf.tensor2d([[0, 9, 2, 3, 0], [3, 2, 1, 0, 1]], [2, 5], 'int32');
      const ignored = tf.tensor2d([[0, 255, 2, 3, 0], [3, 2, 1, 0, 9]], [2, 5], 'int32');
      try {
        const before = tf.memory().numTensors;
        expect(() => selectiveDistillationLoss({ ...batch, labels: badLabels }, classIndex)).toThrow(SelectiveKdError);
        // the plugin's toUnits made new tensors here before the check failed
        expect(() => selectiveDistillationLoss({ ...batch, labels: ignored }, ignoring)).toThrow(SelectiveKdError);
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        tf.dispose([badLabels, ignored]);
      }
    });
  });

  describe('properties', () => {
    it('returns scalars and a float32 mask on the unit grid', () => {
      const result = selectiveDistillationLoss(batch, classIndex);
      try {
        for (const key of ['loss', 'groundTruthLoss', 'distillLoss', 'teacherBetterFraction'] as const) {
          expect(result[key].shape, key).toEqual([]);
          expect(result[key].dtype, key).toBe('float32');
        }
        expect(result.mask.shape).toEqual([2, 5]);
        expect(result.mask.dtype).toBe('float32');
        const { loss, groundTruthLoss, distillLoss } = scalars(result);
        // defaults α = λ = 1
        expect(loss).toBeCloseTo(groundTruthLoss + distillLoss, 5);
        expect(groundTruthLoss).toBeGreaterThan(0);
      } finally {
        disposeResult(result);
      }
    });

    it('combines the terms as α·L_gt + λ·L_kd', () => {
      const base = selectiveDistillationLoss(batch, classIndex);
      const weighted = selectiveDistillationLoss(batch, classIndex, { alpha: 2, lambda: 3 });
      try {
        const b = scalars(base);
        const w = scalars(weighted);
        expect(w.groundTruthLoss).toBeCloseTo(b.groundTruthLoss, 6);
        expect(w.distillLoss).toBeCloseTo(b.distillLoss, 6);
        expect(w.loss).toBeCloseTo(2 * b.groundTruthLoss + 3 * b.distillLoss, 5);
      } finally {
        disposeResult(base);
        disposeResult(weighted);
      }
    });

    it('gives a finite loss of 0 for every gate, scope and normalizer on an all-invalid batch', () => {
      for (const [modality, inputs] of [
        [classIndex, batch],
        [multiLabel, multiBatch],
      ] as const) {
        const valid = tf.zeros([2, 5]);
        for (const options of everyOption) {
          const result = selectiveDistillationLoss({ ...inputs, valid }, modality, options);
          const values = scalars(result);
          for (const [name, value] of Object.entries(values)) expect(value, `${name} ${JSON.stringify(options)}`).toBe(0);
          expect(Array.from(result.mask.dataSync()).every((m) => m === 0)).toBe(true);
          disposeResult(result);
        }
        valid.dispose();
      }
    });

    it('gives a finite loss for every gate when the ignore label covers the whole batch', () => {
      const labels = tf.fill([2, 5], 255, 'int32');
      for (const gate of GATES) {
        const result = selectiveDistillationLoss({ student: batch.student, teacher: batch.teacher, labels }, ignoring, { gate });
        expect(scalars(result).loss, gate).toBe(0);
        disposeResult(result);
      }
      labels.dispose();
    });

    it('gives finite losses for every gate, scope and normalizer when the mask is empty', () => {
      // teacher = student: no unit has dT < dS, so loss-compare selects nothing
      for (const [modality, inputs] of [
        [classIndex, batch],
        [multiLabel, multiBatch],
      ] as const) {
        for (const options of everyOption) {
          const result = selectiveDistillationLoss({ ...inputs, teacher: inputs.student }, modality, options);
          const values = scalars(result);
          for (const [name, value] of Object.entries(values)) {
            expect(Number.isFinite(value), `${name} ${JSON.stringify(options)}`).toBe(true);
          }
          if (options.gate === 'loss-compare') {
            expect(values.distillLoss).toBe(0);
            expect(values.teacherBetterFraction).toBe(0);
            expect(Array.from(result.mask.dataSync()).every((m) => m === 0)).toBe(true);
          }
          disposeResult(result);
        }
      }
    });

    it('gives finite losses with a near-perfect teacher (dT ≈ 0) for the soft gate', () => {
      tf.tidy(() => {
        // teacher logits 100 at the true class, 0 elsewhere: dT ≈ 4·e⁻¹⁰⁰ → 0 in float32
        const teacher = tf.mul(tf.oneHot(batch.labels, 4), 100);
        for (const normalizer of NORMALIZERS) {
          const values = scalars(selectiveDistillationLoss({ ...batch, teacher }, classIndex, { gate: 'soft', normalizer }));
          for (const value of Object.values(values)) expect(Number.isFinite(value)).toBe(true);
        }
      });
    });

    it.each(GATES)('passes no gradient to the teacher and some to the student (gate %s)', (gate) => {
      tf.tidy(() => {
        const labels = batch.labels;
        const valid = batch.valid;
        // The 0·Σt term puts the teacher on the tape (tf.grads refuses an input that is not), adding exactly 0 to its gradient.
        const [dStudent, dTeacher] = tf.grads((student: tf.Tensor, teacher: tf.Tensor) =>
          tf.add(selectiveDistillationLoss({ student, teacher, labels, valid }, classIndex, { gate }).loss, tf.mul(0, tf.sum(teacher))),
        )([batch.student, batch.teacher]);
        expect(dTeacher.shape).toEqual([2, 5, 4]);
        expect(Array.from(dTeacher.dataSync()).every((g) => g === 0)).toBe(true);
        expect(dStudent.shape).toEqual([2, 5, 4]);
        expect(Math.max(...Array.from(dStudent.dataSync()).map(Math.abs))).toBeGreaterThan(0);
      });
    });

    it('passes no gradient to multi-label teacher logits either', () => {
      tf.tidy(() => {
        const { labels, valid } = multiBatch;
        for (const gate of GATES) {
          const [dStudent, dTeacher] = tf.grads((student: tf.Tensor, teacher: tf.Tensor) =>
            tf.add(selectiveDistillationLoss({ student, teacher, labels, valid }, multiLabel, { gate }).loss, tf.mul(0, tf.sum(teacher))),
          )([multiBatch.student, multiBatch.teacher]);
          expect(Array.from(dTeacher.dataSync()).every((g) => g === 0), gate).toBe(true);
          expect(Math.max(...Array.from(dStudent.dataSync()).map(Math.abs)), gate).toBeGreaterThan(0);
        }
      });
    });

    it('the distillation term does pull the student toward the teacher (gate all, α = 0)', () => {
      tf.tidy(() => {
        const { labels, valid } = batch;
        const [dStudent] = tf.grads((student: tf.Tensor) =>
          selectiveDistillationLoss({ student, teacher: batch.teacher, labels, valid }, classIndex, { gate: 'all', alpha: 0 }).loss,
        )([batch.student]);
        // Only valid items get a gradient: items (0, 3) and (1, 1) are padding.
        const perUnit = tf.sum(tf.abs(dStudent), -1).arraySync() as number[][];
        expect(perUnit[0][3]).toBe(0);
        expect(perUnit[1][1]).toBe(0);
        expect(perUnit[0][0]).toBeGreaterThan(0);
      });
    });

    it('gate none gives distillLoss 0 and an all-zero mask, so loss = α·L_gt', () => {
      for (const normalizer of NORMALIZERS) {
        const result = selectiveDistillationLoss(batch, classIndex, { gate: 'none', normalizer, alpha: 2, lambda: 5 });
        const values = scalars(result);
        expect(values.distillLoss).toBe(0);
        expect(values.teacherBetterFraction).toBe(0);
        expect(Array.from(result.mask.dataSync()).every((m) => m === 0)).toBe(true);
        expect(values.loss).toBeCloseTo(2 * values.groundTruthLoss, 6);
        disposeResult(result);
      }
    });

    it('gate all selects exactly the valid units', () => {
      const result = selectiveDistillationLoss(batch, classIndex, { gate: 'all' });
      try {
        expectTensorClose(result.mask, batch.valid!);
        expect(scalars(result).teacherBetterFraction).toBe(1);
      } finally {
        disposeResult(result);
      }
    });

    it('gate rectified distils at every valid unit (mask = v, teacherBetterFraction 1) with the ground-truth term of all', () => {
      for (const [modality, inputs] of [
        [classIndex, batch],
        [multiLabel, multiBatch],
      ] as const) {
        const rectified = selectiveDistillationLoss(inputs, modality, { gate: 'rectified' });
        const all = selectiveDistillationLoss(inputs, modality, { gate: 'all' });
        try {
          expectTensorClose(rectified.mask, inputs.valid!);
          expect(scalars(rectified).teacherBetterFraction).toBe(1);
          expect(scalars(rectified).groundTruthLoss).toBe(scalars(all).groundTruthLoss);
          // The random teachers err somewhere, so the targets differ.
          expect(scalars(rectified).distillLoss).not.toBeCloseTo(scalars(all).distillLoss, 3);
        } finally {
          disposeResult(rectified);
          disposeResult(all);
        }
      }
    });

    it('gate rectified equals gate all when the teacher is right at every unit', () => {
      tf.tidy(() => {
        // Class-index: the teacher's top logit on the label plus noise below it; multi-label: the truth's sign.
        const rightClass = tf.add(tf.mul(tf.oneHot(batch.labels, 4), 10), batch.teacher);
        const rightMulti = tf.mul(tf.sub(tf.mul(multiBatch.labels, 2), 1), tf.add(tf.abs(multiBatch.teacher), 0.1));
        for (const [modality, inputs] of [
          [classIndex, { ...batch, teacher: rightClass }],
          [multiLabel, { ...multiBatch, teacher: rightMulti }],
        ] as const) {
          for (const temperature of [1, 2]) {
            const rectified = scalars(selectiveDistillationLoss(inputs, modality, { gate: 'rectified', temperature }));
            const all = scalars(selectiveDistillationLoss(inputs, modality, { gate: 'all', temperature }));
            expect(rectified).toEqual(all);
          }
        }
      });
    });

    it('gate rectified still distils where the teacher is the student and wrong (the target is corrected)', () => {
      tf.tidy(() => {
        const same = scalars(selectiveDistillationLoss({ ...batch, teacher: batch.student }, classIndex, { gate: 'rectified' }));
        expect(same.distillLoss).toBeGreaterThan(0);
        expect(scalars(selectiveDistillationLoss({ ...batch, teacher: batch.student }, classIndex, { gate: 'all' })).distillLoss).toBeCloseTo(0, 6);
      });
    });

    it('teacherBetterFraction is the mean of the mask over valid units, for every gate', () => {
      for (const [modality, inputs] of [
        [classIndex, batch],
        [multiLabel, multiBatch],
      ] as const) {
        const validity = Array.from(inputs.valid!.dataSync());
        for (const gate of GATES) {
          const result = selectiveDistillationLoss(inputs, modality, { gate });
          const mask = Array.from(result.mask.dataSync());
          // masks are already 0 at invalid units
          mask.forEach((m, i) => {
            if (validity[i] === 0) expect(m).toBe(0);
          });
          const expected = mask.reduce((s, m, i) => s + m * validity[i], 0) / validity.reduce((s, v) => s + v, 0);
          expect(scalars(result).teacherBetterFraction, gate).toBeCloseTo(expected, 6);
          disposeResult(result);
        }
      }
    });

    it('the loss-compare mask is the same whatever the normalizer, scope and weights', () => {
      const reference = selectiveDistillationLoss(batch, classIndex);
      const referenceMask = Array.from(reference.mask.dataSync());
      // some units chosen, some not, on this batch
      expect(new Set(referenceMask)).toEqual(new Set([0, 1]));
      for (const options of [
        { normalizer: 'selected' as const },
        { groundTruthScope: 'student-better' as const },
        { alpha: 0, lambda: 7, temperature: 3 },
      ]) {
        const result = selectiveDistillationLoss(batch, classIndex, options);
        expect(Array.from(result.mask.dataSync())).toEqual(referenceMask);
        disposeResult(result);
      }
      disposeResult(reference);
    });

    it('returns exactly five new tensors and leaks none across repeated calls', async () => {
      const before = tf.memory().numTensors;
      const result = selectiveDistillationLoss(batch, classIndex);
      expect(tf.memory().numTensors).toBe(before + 5);
      disposeResult(result);
      expect(tf.memory().numTensors).toBe(before);

      await expectNoTensorLeak(() => {
        for (const options of everyOption) {
          disposeResult(selectiveDistillationLoss(batch, classIndex, options));
          disposeResult(selectiveDistillationLoss(multiBatch, multiLabel, options));
        }
        disposeResult(selectiveDistillationLoss({ student: batch.student, teacher: batch.teacher, labels: batch.labels }, ignoring));
      });
    });

    it('leaves its inputs alive', () => {
      disposeResult(selectiveDistillationLoss(batch, classIndex));
      for (const t of [batch.student, batch.teacher, batch.labels, batch.valid!]) expect(t.isDisposed).toBe(false);
    });
  });
});
