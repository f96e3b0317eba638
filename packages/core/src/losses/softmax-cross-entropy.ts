import * as tf from '@tensorflow/tfjs-core';

/**
 * Per-unit softmax cross-entropy: logits `[...U, C]`, int32 class labels `U` → `U`.
 * Computed as logsumexp − the label's logit, which stays finite for large logits.
 */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const classes = logits.shape[logits.rank - 1];
    const picked = tf.sum(tf.mul(logits, tf.oneHot(tf.cast(labels, 'int32'), classes)), -1);
    return tf.sub(tf.logSumExp(logits, -1), picked);
  });
}
