import * as tf from '@tensorflow/tfjs-core';

/**
 * Per-unit binary cross-entropy of independent sigmoid outputs, summed over the
 * last axis: logits and 0/1 labels `[...U, C]` → `U`. Uses the stable form
 * max(x, 0) − x·y + log(1 + e^−|x|).
 */
export function sigmoidCrossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const y = tf.cast(labels, 'float32');
    const perLabel = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, y)), tf.softplus(tf.neg(tf.abs(logits))));
    return tf.sum(perLabel, -1);
  });
}
