import * as tf from '@tensorflow/tfjs-core';
import { withGradient } from './with-gradient.js';

/**
 * Per-unit binary KL(σ(teacher/τ) ‖ σ(student/τ)) summed over the last axis:
 * `[...U, C]` → `U`. Log-probabilities come from softplus, so saturated logits
 * stay finite. The caller multiplies by τ².
 *
 * The gradient to the student's logits is written out,
 * `(σ(s/τ) − σ(t/τ))·dy/τ`, instead of the autodiff of four softpluses. The
 * teacher is a constant: no gradient flows to it (core never asks for one).
 */
export function binaryKlDivergence(teacher: tf.Tensor, student: tf.Tensor, temperature: number): tf.Tensor {
  return tf.tidy(() => {
    return withGradient(student, (studentLogits, save) => {
      const t = tf.div(teacher, temperature);
      const s = tf.div(studentLogits, temperature);
      const p = tf.sigmoid(t);
      save([s, p]);
      // log σ(x) = −softplus(−x), log(1 − σ(x)) = −softplus(x), and softplus(±x) = relu(±x) + softplus(−|x|):
      // two softplus passes (a slow kernel on wasm) instead of four, with the same terms.
      const tail = (x: tf.Tensor) => tf.softplus(tf.neg(tf.abs(x)));
      const positive = tf.mul(p, tf.sub(tf.relu(tf.neg(s)), tf.relu(tf.neg(t))));
      const negative = tf.mul(tf.sub(1, p), tf.sub(tf.relu(s), tf.relu(t)));
      return {
        value: tf.sum(tf.add(tf.add(positive, negative), tf.sub(tail(s), tail(t))), -1),
        gradFunc: (dy, [sSaved, pSaved]) => tf.mul(tf.expandDims(tf.div(dy, temperature), -1), tf.sub(tf.sigmoid(sSaved), pSaved)),
      };
    });
  });
}
