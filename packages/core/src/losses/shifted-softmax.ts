import * as tf from '@tensorflow/tfjs-core';

/**
 * The stable pieces of softmax and logsumexp over the last axis: `x − max(x)`,
 * its exp, and the sum of that (`[...U]`, ≥ 1). Call inside a tidy.
 */
export function shiftedSoftmax(x: tf.Tensor): { shifted: tf.Tensor; expShifted: tf.Tensor; sumExp: tf.Tensor } {
  const shifted = tf.sub(x, tf.max(x, -1, true));
  const expShifted = tf.exp(shifted);
  return { shifted, expShifted, sumExp: tf.sum(expShifted, -1) };
}
