import * as tf from '@tensorflow/tfjs-core';
import type { DistillationInputs, UnitGrid } from './modality-plugin.js';
import type { ProcessingUnit } from './processing-unit.js';
import { SelectiveKdError } from './selective-kd-error.js';

/**
 * Refuses a batch core cannot compute on, naming the shapes involved: an empty
 * batch, shapes that disagree, non-finite logits, labels out of range at
 * valid units. Reads four numbers back in one synchronous call.
 *
 * The training loop uses the parts instead: `checkUnitGridShapes` in plain JS,
 * `unitGridFaults` on the device inside the step, read back together with the
 * step's losses, and `throwUnitGridFaults` on those numbers.
 */
export function checkUnitGrid(grid: UnitGrid, unit: ProcessingUnit, inputs: DistillationInputs): void {
  checkUnitGridShapes(grid, unit, inputs);
  checkUnitGridValues(grid, unit, inputs);
}

/** The value half of `checkUnitGrid`, for a grid whose shapes are checked. */
export function checkUnitGridValues(grid: UnitGrid, unit: ProcessingUnit, inputs: DistillationInputs): void {
  const faults = tf.tidy(() => unitGridFaults(grid, unit));
  const values = faults.dataSync();
  faults.dispose();
  throwUnitGridFaults(values, grid, unit, inputs);
}

/**
 * The caller's own shapes, for messages: `(given student [..], teacher [..], labels [..], valid [..])`;
 * `logits [..]` when one model's logits stand in for both (a model scored alone, a run without a teacher).
 */
export function givenShapes({ student, teacher, labels, valid }: DistillationInputs): string {
  const logits =
    student === teacher ? `logits [${student.shape}]` : `student [${student.shape}], teacher [${teacher.shape}]`;
  return `(given ${logits}, labels [${labels.shape}]${valid ? `, valid [${valid.shape}]` : ''})`;
}

/** Refuses a grid whose shapes or label dtype do not fit the unit; reads nothing from the device. */
export function checkUnitGridShapes(grid: UnitGrid, unit: ProcessingUnit, inputs: DistillationInputs): void {
  const { student, teacher, labels, valid } = grid;
  const given = givenShapes(inputs);
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

/**
 * A shape-checked grid's value faults as a float32 `[4]` on the device:
 * `[student, teacher, valid, labels]`, each 0 when clean and non-zero or NaN
 * when not. Only elementwise ops with scalars or same-shape operands and
 * full sums: no broadcast of the unit grid over the classes (a `Tile`) and no
 * comparison kernels (slow broadcast loops on wasm). A non-zero label or
 * validity entry is a screen: `throwUnitGridFaults` counts exactly.
 */
export function unitGridFaults(grid: UnitGrid, unit: ProcessingUnit): tf.Tensor1D {
  return tf.tidy(() => {
    const { student, teacher, valid } = grid;
    // x·0 is 0 for every finite x and NaN for NaN and ±Infinity, so the sum is 0 exactly when all are finite.
    const nonFinite = (logits: tf.Tensor) => tf.sum(tf.mul(logits, 0));
    // v·(v − 1) is 0 exactly for 0 and 1.
    const offBinary = (x: tf.Tensor) => tf.abs(tf.mul(x, tf.sub(x, 1)));
    const labels = tf.cast(grid.labels, 'float32');
    const classes = student.shape[student.rank - 1];
    // Class indices below 0 or above C − 1 give a positive distance to [0, C − 1].
    const perUnit =
      unit.target === 'class-index'
        ? tf.add(tf.relu(tf.neg(labels)), tf.relu(tf.sub(labels, classes - 1)))
        : tf.sum(offBinary(labels), -1);
    return tf.stack([nonFinite(student), nonFinite(teacher), tf.sum(offBinary(valid)), tf.sum(tf.mul(perUnit, valid))]) as tf.Tensor1D;
  });
}

/**
 * Throws the error that the read-back `unitGridFaults` stand for, in the order
 * non-finite logits, validity, labels. For a validity or label fault it counts
 * the bad entries exactly (one more readback, only on this path) and names the
 * range of the valid labels.
 */
export function throwUnitGridFaults(
  faults: ArrayLike<number>,
  grid: Pick<UnitGrid, 'labels' | 'valid'> & { student: { shape: number[] } },
  unit: ProcessingUnit,
  inputs: DistillationInputs,
): void {
  const flagged = (value: number) => value !== 0; // NaN !== 0
  const [student, teacher, valid, labels] = Array.from(faults, flagged);
  if (!(student || teacher || valid || labels)) return;
  const given = givenShapes(inputs);
  if (student || teacher) {
    const which = [student ? 'student' : '', teacher ? 'teacher' : ''].filter(Boolean).join(' and ');
    throw new SelectiveKdError('NON_FINITE_LOGITS', `${which} logits contain NaN or Infinity ${given}`);
  }
  const classes = grid.student.shape[grid.student.shape.length - 1];
  const [badValid, badLabels, minLabel, maxLabel] = tf.tidy(() => {
    const validUnit = tf.greater(grid.valid, 0);
    const labels = tf.cast(grid.labels, 'float32');
    const atValid = unit.target === 'class-index' ? validUnit : tf.expandDims(validUnit, -1);
    const validLabels = tf.broadcastTo(atValid, labels.shape);
    const inRange =
      unit.target === 'class-index'
        ? tf.logicalAnd(tf.greaterEqual(labels, 0), tf.less(labels, classes))
        : tf.logicalOr(tf.equal(labels, 0), tf.equal(labels, 1));
    return tf
      .stack([
        tf.sum(tf.cast(tf.logicalAnd(tf.notEqual(grid.valid, 0), tf.notEqual(grid.valid, 1)), 'float32')),
        tf.sum(tf.cast(tf.logicalAnd(validLabels, tf.logicalNot(inRange)), 'float32')),
        tf.min(tf.where(validLabels, labels, tf.fill(labels.shape, Infinity))),
        tf.max(tf.where(validLabels, labels, tf.fill(labels.shape, -Infinity))),
      ])
      .dataSync();
  });
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
  // Only the screen saw something (say a NaN label at an invalid multi-label unit): nothing core refuses.
}

function mismatch(message: string): SelectiveKdError {
  return new SelectiveKdError('SHAPE_MISMATCH', message);
}
