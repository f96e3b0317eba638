import * as tf from '@tensorflow/tfjs-core';
import { checkTensorArgument } from './check-tensor-argument.js';
import { SelectiveKdError } from './selective-kd-error.js';

export interface ContrastMaskOptions {
  /**
   * The teacher wins a unit only when `dT + margin < dS`. Default 0; ties go to
   * the student. Any finite number: a negative margin lets the teacher win
   * units where it is behind by less than `|margin|`.
   */
  margin?: number;
  /** 0/1 validity of each unit, same shape as the losses; invalid units are 0 in the mask. */
  valid?: tf.Tensor;
}

/**
 * The contrast mask: 1 where the teacher's per-unit loss is lower than the
 * student's by more than `margin`, else 0. float32, same shape as the losses.
 */
export function contrastMask(
  teacherUnitLoss: tf.Tensor,
  studentUnitLoss: tf.Tensor,
  { margin = 0, valid }: ContrastMaskOptions = {},
): tf.Tensor {
  checkTensorArgument('teacherUnitLoss', teacherUnitLoss);
  checkTensorArgument('studentUnitLoss', studentUnitLoss);
  if (valid != null) checkTensorArgument('valid', valid);
  sameShape('teacherUnitLoss', teacherUnitLoss, 'studentUnitLoss', studentUnitLoss);
  if (valid) sameShape('valid', valid, 'studentUnitLoss', studentUnitLoss);
  if (typeof margin !== 'number' || !Number.isFinite(margin)) {
    throw new SelectiveKdError('INVALID_OPTION', `margin must be a finite number; got ${typeof margin === 'number' ? margin : JSON.stringify(margin)}`);
  }
  return tf.tidy(() => {
    const better = tf.cast(tf.less(tf.add(teacherUnitLoss, margin), studentUnitLoss), 'float32');
    return valid ? tf.mul(better, tf.cast(valid, 'float32')) : better;
  });
}

function sameShape(aName: string, a: tf.Tensor, bName: string, b: tf.Tensor): void {
  if (!tf.util.arraysEqual(a.shape, b.shape)) {
    throw new SelectiveKdError(
      'SHAPE_MISMATCH',
      `${aName} has shape [${a.shape}] but ${bName} has shape [${b.shape}]; they must match`,
    );
  }
}
