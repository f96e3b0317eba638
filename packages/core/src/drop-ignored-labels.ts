import * as tf from '@tensorflow/tfjs-core';

/**
 * Class-index labels and validity with the units labelled `ignoreLabel` made
 * invalid: their validity becomes 0 (multiplied into `valid` when given) and
 * their label 0, an in-range value core requires but never reads at invalid
 * units. What a plugin with an ignore label does in `toUnits`. Disposes nothing.
 */
export function dropIgnoredLabels(labels: tf.Tensor, ignoreLabel: number, valid?: tf.Tensor): { labels: tf.Tensor; valid: tf.Tensor } {
  return tf.tidy(() => {
    const ignored = tf.equal(labels, ignoreLabel);
    const kept = tf.cast(tf.logicalNot(ignored), 'float32');
    return {
      labels: tf.where(ignored, tf.zerosLike(labels), labels),
      valid: valid ? tf.mul(tf.cast(valid, 'float32'), kept) : kept,
    };
  });
}
