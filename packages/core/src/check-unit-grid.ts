import * as tf from '@tensorflow/tfjs-core';
import type { DistillationInputs, UnitGrid } from './modality-plugin.js';
import type { ProcessingUnit } from './processing-unit.js';
import { SelectiveKdError } from './selective-kd-error.js';

/**
 * Refuses a batch core cannot compute on, naming the shapes involved: an empty
 * batch, shapes that disagree, non-finite logits, labels out of range at
 * valid units. Reads a handful of numbers back in one synchronous call.
 */
export function checkUnitGrid(grid: UnitGrid, unit: ProcessingUnit, inputs: DistillationInputs): void {
  const logits =
    inputs.student === inputs.teacher
      ? `teacher [${inputs.teacher.shape}]`
      : `student [${inputs.student.shape}], teacher [${inputs.teacher.shape}]`;
  const given = `(given ${logits}, labels [${inputs.labels.shape}]${inputs.valid ? `, valid [${inputs.valid.shape}]` : ''})`;
  checkShapes(grid, unit, given);

  const classes = grid.student.shape[grid.student.rank - 1];
  const [studentFinite, teacherFinite, badLabels, minLabel, maxLabel, badValid] = tf.tidy(() => {
    const validUnit = tf.greater(grid.valid, 0);
    const labels = tf.cast(grid.labels, 'float32');
    const atValid = unit.target === 'class-index' ? validUnit : tf.expandDims(validUnit, -1);
    const inRange =
      unit.target === 'class-index'
        ? tf.logicalAnd(tf.greaterEqual(labels, 0), tf.less(labels, classes))
        : tf.logicalOr(tf.equal(labels, 0), tf.equal(labels, 1));
    const bad = tf.logicalAnd(tf.broadcastTo(atValid, labels.shape), tf.logicalNot(inRange));
    const validLabels = tf.broadcastTo(atValid, labels.shape);
    return tf.stack([
      tf.cast(tf.all(tf.isFinite(grid.student)), 'float32'),
      tf.cast(tf.all(tf.isFinite(grid.teacher)), 'float32'),
      tf.sum(tf.cast(bad, 'float32')),
      tf.min(tf.where(validLabels, labels, tf.fill(labels.shape, Infinity))),
      tf.max(tf.where(validLabels, labels, tf.fill(labels.shape, -Infinity))),
      tf.sum(tf.cast(tf.logicalAnd(tf.notEqual(grid.valid, 0), tf.notEqual(grid.valid, 1)), 'float32')),
    ]).dataSync();
  });

  if (!studentFinite) throw nonFinite('student', given);
  if (!teacherFinite) throw nonFinite('teacher', given);
  if (badValid > 0) {
    throw new SelectiveKdError('INVALID_VALIDITY', `valid must hold only 0 and 1; ${badValid} entries do not ${given}`);
  }
  if (badLabels > 0) {
    const rule = unit.target === 'class-index' ? `class indices in [0, ${classes})` : '0 or 1';
    throw new SelectiveKdError(
      'LABEL_OUT_OF_RANGE',
      `labels at valid ${unit.name}s must be ${rule}; ${badLabels} are not (valid labels range from ${minLabel} to ${maxLabel}) ${given}`,
    );
  }
}

function checkShapes(grid: UnitGrid, unit: ProcessingUnit, given: string): void {
  const { student, teacher, labels, valid } = grid;
  const rank = unit.axes.length + 2;
  if (student.shape[0] === 0 || student.size === 0) {
    throw new SelectiveKdError('EMPTY_BATCH', `the batch has no ${unit.name}s ${given}`);
  }
  if (student.rank !== rank) {
    throw mismatch(
      `student logits must have rank ${rank} [batch, ${unit.axes.join(', ')}, classes]; got [${student.shape}] ${given}`,
    );
  }
  if (!tf.util.arraysEqual(teacher.shape, student.shape)) {
    throw mismatch(`teacher logits [${teacher.shape}] and student logits [${student.shape}] must match ${given}`);
  }
  const unitShape = student.shape.slice(0, -1);
  const labelShape = unit.target === 'class-index' ? unitShape : student.shape;
  if (!tf.util.arraysEqual(labels.shape, labelShape)) {
    throw mismatch(`labels must have shape [${labelShape}] to match logits [${student.shape}]; got [${labels.shape}] ${given}`);
  }
  if (unit.target === 'class-index' && labels.dtype !== 'int32') {
    throw mismatch(`class-index labels must be int32; got ${labels.dtype} ${given}`);
  }
  if (!tf.util.arraysEqual(valid.shape, unitShape)) {
    throw mismatch(`valid must have the unit-grid shape [${unitShape}]; got [${valid.shape}] ${given}`);
  }
}

function mismatch(message: string): SelectiveKdError {
  return new SelectiveKdError('SHAPE_MISMATCH', message);
}

function nonFinite(which: string, given: string): SelectiveKdError {
  return new SelectiveKdError('NON_FINITE_LOGITS', `${which} logits contain NaN or Infinity ${given}`);
}
