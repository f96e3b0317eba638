import * as tf from '@tensorflow/tfjs-core';
import { checkTensorArgument } from './check-tensor-argument.js';
import { checkUnitGridShapes, checkUnitGridValues } from './check-unit-grid.js';
import { gateWeights } from './gate-weights.js';
import type { AnyModalityPlugin, DistillationInputs, UnitGrid } from './modality-plugin.js';
import { resolveSelectiveOptions, type SelectiveOptions } from './selective-options.js';
import { SelectiveKdError } from './selective-kd-error.js';
import { noGradient } from './no-gradient.js';
import { rectifiedTeacherLogits } from './rectified-teacher-logits.js';

/** What one selective-distillation step reports. Scalars and the mask are tensors the caller disposes. */
export type SelectiveLossResult = {
  /** `α·L_gt + λ·L_kd`. */
  loss: tf.Scalar;
  groundTruthLoss: tf.Scalar;
  distillLoss: tf.Scalar;
  /** `Σ m_i / max(Σ v_i, 1)`. */
  teacherBetterFraction: tf.Scalar;
  /** Per-unit weight `m_i` on the unit grid `[B, ...unitDims]`: 1/0 for hard gates. */
  mask: tf.Tensor;
};

/**
 * The selective distillation loss of one batch (docs/algorithm.md): the student
 * follows the teacher only at units the gate selects, and the ground truth
 * everywhere (or only where it is better). Teacher logits carry no gradient.
 */
export function selectiveDistillationLoss(
  inputs: DistillationInputs,
  modality: AnyModalityPlugin,
  options?: Partial<SelectiveOptions>,
): SelectiveLossResult {
  const resolved = resolveSelectiveOptions(options);
  return tf.tidy(() => selectiveLossOnUnits(toCheckedUnits(inputs, modality), modality, resolved));
}

/** The modality's unit grid for a batch, refused with a clear error if core cannot compute on it. */
export function toCheckedUnits(inputs: DistillationInputs, modality: AnyModalityPlugin): UnitGrid {
  const grid = toUnitGrid(inputs, modality);
  checkUnitGridValues(grid, modality.unit, inputs);
  return grid;
}

/**
 * The modality's unit grid for a batch with its shapes checked in plain JS,
 * values unchecked (the training loop checks them on the device with
 * `unitGridFaults`, together with the step's losses).
 */
export function toUnitGrid(inputs: DistillationInputs, modality: AnyModalityPlugin): UnitGrid {
  if (typeof inputs !== 'object' || inputs === null) {
    throw new SelectiveKdError('INVALID_INPUT', 'the inputs must be an object { student, teacher, labels, valid? } of tensors');
  }
  const { student, teacher, labels, valid } = inputs;
  checkTensorArgument('student', student);
  checkTensorArgument('teacher', teacher);
  checkTensorArgument('labels', labels);
  if (valid != null) checkTensorArgument('valid', valid);
  if (student.rank === 0 || student.shape[0] === 0) {
    throw new SelectiveKdError('EMPTY_BATCH', `the batch is empty: student logits have shape [${student.shape}]`);
  }
  if (teacher.shape[0] !== student.shape[0] || labels.shape[0] !== student.shape[0]) {
    throw new SelectiveKdError(
      'SHAPE_MISMATCH',
      `batch sizes differ: student [${student.shape}], teacher [${teacher.shape}], labels [${labels.shape}]`,
    );
  }
  const grid = modality.toUnits(inputs);
  checkUnitGridShapes(grid, modality.unit, inputs);
  return grid;
}

/** The loss on a checked unit grid with resolved options; call inside a tidy. */
export function selectiveLossOnUnits(
  grid: UnitGrid,
  modality: AnyModalityPlugin,
  options: SelectiveOptions,
): SelectiveLossResult {
  const { labels, valid, student } = grid;
  const studentLoss = modality.unitLoss(student, labels);
  if (options.gate === 'none') {
    // Ground truth alone: the teacher's logits are never read, so a run without a teacher may pass any stand-in.
    const mask = tf.zerosLike(valid);
    const groundTruthLoss = weightedMean(studentLoss, valid, tf.sum(valid));
    return finish(groundTruthLoss, tf.scalar(0), mask, valid, options);
  }
  const teacher = noGradient(() => tf.clone(grid.teacher));
  // The weights decide where to learn; they are not something to learn through.
  const mask = noGradient(() =>
    gateWeights(options.gate, {
      teacherLoss: modality.unitLoss(teacher, labels),
      studentLoss,
      teacherLogits: teacher,
      labels,
      valid,
      margin: options.margin,
      target: modality.unit.target,
    }),
  );

  const truthWeights = options.groundTruthScope === 'all' ? valid : tf.mul(valid, tf.sub(1, mask));
  const groundTruthLoss = weightedMean(studentLoss, truthWeights, tf.sum(truthWeights));

  const tau = options.temperature;
  const target =
    options.gate === 'rectified' ? noGradient(() => rectifiedTeacherLogits(teacher, labels, modality.unit.target)) : teacher;
  const distillLoss = tf.mul(
    tau * tau,
    weightedMean(modality.unitDivergence(target, student, tau), mask, tf.sum(options.normalizer === 'valid' ? valid : mask)),
  );
  return finish(groundTruthLoss, distillLoss, mask, valid, options);
}

/** `α·L_gt + λ·L_kd` and the teacher-better fraction, packed as the result. */
function finish(
  groundTruthLoss: tf.Tensor,
  distillLoss: tf.Tensor,
  mask: tf.Tensor,
  valid: tf.Tensor,
  options: SelectiveOptions,
): SelectiveLossResult {
  const loss = tf.add(tf.mul(options.alpha, groundTruthLoss), tf.mul(options.lambda, distillLoss));
  const teacherBetterFraction = tf.div(tf.sum(mask), tf.maximum(tf.sum(valid), 1));
  return {
    loss: loss as tf.Scalar,
    groundTruthLoss: groundTruthLoss as tf.Scalar,
    distillLoss: distillLoss as tf.Scalar,
    teacherBetterFraction: teacherBetterFraction as tf.Scalar,
    mask,
  };
}

/** `Σ w·x / max(n, 1)`: zero, never NaN, when nothing is weighted (per-unit values are finite for finite logits). */
function weightedMean(values: tf.Tensor, weights: tf.Tensor, count: tf.Tensor): tf.Tensor {
  return tf.div(tf.sum(tf.mul(values, weights)), tf.maximum(count, 1));
}
