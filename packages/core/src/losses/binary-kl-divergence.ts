import * as tf from '@tensorflow/tfjs-core';

/**
 * Per-unit binary KL(σ(teacher/τ) ‖ σ(student/τ)) summed over the last axis:
 * `[...U, C]` → `U`. Log-probabilities come from softplus, so saturated logits
 * stay finite. The caller multiplies by τ².
 */
export function binaryKlDivergence(teacher: tf.Tensor, student: tf.Tensor, temperature: number): tf.Tensor {
  return tf.tidy(() => {
    const t = tf.div(teacher, temperature);
    const s = tf.div(student, temperature);
    const p = tf.sigmoid(t);
    // log σ(x) = −softplus(−x), log(1 − σ(x)) = −softplus(x)
    const positive = tf.mul(p, tf.sub(tf.softplus(tf.neg(s)), tf.softplus(tf.neg(t))));
    const negative = tf.mul(tf.sub(1, p), tf.sub(tf.softplus(s), tf.softplus(t)));
    return tf.sum(tf.add(positive, negative), -1);
  });
}
