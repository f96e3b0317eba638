import * as tf from '@tensorflow/tfjs-core';
import { withGradient } from './with-gradient.js';

/**
 * Per-unit binary cross-entropy of independent sigmoid outputs, summed over the
 * last axis: logits and 0/1 labels `[...U, C]` → `U`. Uses the stable form
 * max(x, 0) − x·y + log(1 + e^−|x|).
 *
 * The gradient to the logits is written out, `(σ(x) − y)·dy`, instead of the
 * autodiff of relu, abs and softplus. Labels get no gradient.
 */
export function sigmoidCrossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const y = tf.cast(labels, 'float32');
    return withGradient(logits, (x, save) => {
      save([x, y]);
      const perLabel = tf.add(tf.sub(tf.relu(x), tf.mul(x, y)), tf.softplus(tf.neg(tf.abs(x))));
      return {
        value: tf.sum(perLabel, -1),
        gradFunc: (dy, [xSaved, ySaved]) => tf.mul(tf.expandDims(dy, -1), tf.sub(tf.sigmoid(xSaved), ySaved)),
      };
    });
  });
}
