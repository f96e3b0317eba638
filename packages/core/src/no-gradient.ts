import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `compute` off the gradient tape, like TensorFlow's `stop_gradient` over
 * a whole computation: its result is a constant to every gradient. (tfjs has
 * no such op; the forward pass of a custom-gradient op is not recorded, and
 * this one has no inputs to pass a gradient to.) Comparisons and argmax inside
 * need no gradient of their own this way.
 */
export function noGradient<T extends tf.Tensor>(compute: () => T): T {
  const constant = tf.customGrad(() => ({ value: compute(), gradFunc: () => [] }));
  return constant() as T;
}
