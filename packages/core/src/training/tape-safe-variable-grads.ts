import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.variableGrads(f, variables)` that strands no tensors when `f` throws.
 *
 * When `f` throws inside `tf.variableGrads`, tfjs ends the forward scope but
 * never frees the tensors the tape saved for the backward pass (they are
 * kept, and the tape is only dropped by the next gradient call), so every
 * failed step leaked them. Here `f`'s error is caught inside the tape and a
 * constant returned instead: tfjs then finishes the gradient call normally,
 * which frees the tape; its "no connection to any variable" complaint is
 * discarded, the value it made is freed by the surrounding tidy, and `f`'s
 * own error is rethrown. Tensors `f` kept (`tf.keep`) stay the caller's.
 */
export function tapeSafeVariableGrads(
  f: () => tf.Scalar,
  variables: tf.Variable[],
): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  let failure: { error: unknown } | undefined;
  try {
    return tf.tidy(() =>
      tf.variableGrads(() => {
        try {
          return f();
        } catch (error) {
          failure = { error };
          return tf.scalar(0);
        }
      }, variables),
    );
  } catch (error) {
    throw failure ? failure.error : error;
  }
}
