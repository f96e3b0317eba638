import * as tf from '@tensorflow/tfjs-core';

/** The forward pass of a one-input op with its own gradient, as `tf.customGrad` takes it. */
export type ForwardWithGradient = (
  x: tf.Tensor,
  save: tf.GradSaveFunc,
) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor };

/**
 * `tf.customGrad` for one input, typed: `forward`'s ops are not recorded on
 * the tape, and the input's gradient is what `gradFunc` returns. Tensors the
 * gradient needs go through `save` (the forward's own are freed before the
 * backward pass runs).
 */
export function withGradient(x: tf.Tensor, forward: ForwardWithGradient): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => forward(args[0] as tf.Tensor, args[1] as tf.GradSaveFunc));
  return op(x);
}
