import * as tf from '@tensorflow/tfjs-core';
import type { ProcessingUnit } from './processing-unit.js';

/**
 * 1 where the teacher's prediction equals the truth, per unit: argmax for
 * class-index units; for multi-label units every label's thresholded
 * prediction (σ(logit) > 0.5, i.e. logit > 0) must match. `[...U, C]` → `U`.
 */
export function teacherCorrect(teacher: tf.Tensor, labels: tf.Tensor, target: ProcessingUnit['target']): tf.Tensor {
  return tf.tidy(() => {
    if (target === 'class-index') {
      return tf.cast(tf.equal(tf.argMax(teacher, -1), tf.cast(labels, 'int32')), 'float32');
    }
    const predicted = tf.greater(teacher, 0);
    const truth = tf.greater(labels, 0.5);
    return tf.cast(tf.all(tf.equal(predicted, truth), -1), 'float32');
  });
}
