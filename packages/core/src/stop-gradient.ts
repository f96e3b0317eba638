import * as tf from '@tensorflow/tfjs-core';

// tfjs-core has no stop_gradient op: an identity whose gradient is zero.
const stop = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/** `x` as a value that passes no gradient back, like TensorFlow's `stop_gradient`. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}
