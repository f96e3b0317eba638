import * as tf from '@tensorflow/tfjs-core';
import { shiftedSoftmax } from './shifted-softmax.js';
import { withGradient } from './with-gradient.js';

/**
 * Per-unit softmax cross-entropy: logits `[...U, C]`, int32 class labels `U` → `U`.
 * Computed as logsumexp − the label's logit (on logits shifted by their
 * maximum), which stays finite for large logits.
 *
 * The gradient to the logits is written out, `(softmax − one-hot)·dy`: the
 * autodiff of logsumexp runs `tf.max`'s gradient, a broadcast `Equal` that
 * the wasm backend runs as a slow loop (55–62 ms of a 248 ms pixel step).
 * Labels get no gradient.
 */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const classes = logits.shape[logits.rank - 1];
    // An int32 one-hot, then a cast: wasm's shipped OneHot writes int32 values whatever dtype it is asked for.
    const oneHot = tf.cast(tf.oneHot(tf.cast(labels, 'int32'), classes), 'float32');
    return withGradient(logits, (x, save) => {
      const { shifted, expShifted, sumExp } = shiftedSoftmax(x);
      save([tf.div(expShifted, tf.expandDims(sumExp, -1)), oneHot]);
      return {
        value: tf.sub(tf.log(sumExp), tf.sum(tf.mul(shifted, oneHot), -1)),
        gradFunc: (dy, [probs, target]) => tf.mul(tf.expandDims(dy, -1), tf.sub(probs, target)),
      };
    });
  });
}
