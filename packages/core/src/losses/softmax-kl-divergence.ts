import * as tf from '@tensorflow/tfjs-core';
import { shiftedSoftmax } from './shifted-softmax.js';
import { withGradient } from './with-gradient.js';

/**
 * Per-unit KL(softmax(teacher/τ) ‖ softmax(student/τ)): `[...U, C]` → `U`.
 * The caller multiplies by τ² (the Hinton et al. gradient scale).
 *
 * The gradient to the student's logits is written out,
 * `(softmax(s/τ) − softmax(t/τ))·dy/τ`, one elementwise pass instead of the
 * autodiff chain through two log-softmaxes. The teacher is a constant: no
 * gradient flows to it (core never asks for one).
 */
export function softmaxKlDivergence(teacher: tf.Tensor, student: tf.Tensor, temperature: number): tf.Tensor {
  return tf.tidy(() =>
    withGradient(student, (s, save) => {
      const [p, logP] = probabilities(tf.div(teacher, temperature));
      const [q, logQ] = probabilities(tf.div(s, temperature));
      save([p, q]);
      return {
        value: tf.sum(tf.mul(p, tf.sub(logP, logQ)), -1),
        gradFunc: (dy, [pSaved, qSaved]) => tf.mul(tf.expandDims(tf.div(dy, temperature), -1), tf.sub(qSaved, pSaved)),
      };
    }),
  );
}

/** Softmax over the last axis and its logarithm, from one exp. */
function probabilities(x: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const { shifted, expShifted, sumExp } = shiftedSoftmax(x);
  const sum = tf.expandDims(sumExp, -1);
  return [tf.div(expShifted, sum), tf.sub(shifted, tf.log(sum))];
}
