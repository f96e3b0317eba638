import * as tf from '@tensorflow/tfjs-core';

/**
 * Per-unit KL(softmax(teacher/τ) ‖ softmax(student/τ)): `[...U, C]` → `U`.
 * The caller multiplies by τ² (the Hinton et al. gradient scale).
 */
export function softmaxKlDivergence(teacher: tf.Tensor, student: tf.Tensor, temperature: number): tf.Tensor {
  return tf.tidy(() => {
    const logP = tf.logSoftmax(tf.div(teacher, temperature));
    const logQ = tf.logSoftmax(tf.div(student, temperature));
    return tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), -1);
  });
}
