import * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs's AdamOptimizer this reads and writes (they are not in its public type). */
interface AdamInternals {
  beta1: number;
  beta2: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  iterations: number;
}

/**
 * Puts back an Adam optimizer's bias-correction powers β₁ⁿ⁺¹ and β₂ⁿ⁺¹ exactly
 * as a run that never stopped holds them. Training builds them as a running
 * float32 product, one multiplication per step; tfjs's `setWeights` recomputes
 * them with `pow`, which differs in the last bits, so a resumed run drifted
 * from the uninterrupted one by about 1e-6. `Math.fround` of the product of
 * two float32 values is exactly the device's float32 multiplication.
 */
export function restoreAdamBiasCorrection(optimizer: tf.Optimizer): void {
  // By class name: tfjs gives every optimizer class Optimizer's duck-typed
  // Symbol.hasInstance, so `instanceof tf.AdamOptimizer` is true for SGD too.
  if (optimizer.getClassName() !== 'Adam') return;
  const adam = optimizer as unknown as AdamInternals;
  const power = (beta: number) => {
    const factor = Math.fround(beta);
    let product = factor;
    for (let step = 0; step < adam.iterations; step++) product = Math.fround(product * factor);
    return product;
  };
  tf.tidy(() => {
    adam.accBeta1.assign(tf.scalar(power(adam.beta1)));
    adam.accBeta2.assign(tf.scalar(power(adam.beta2)));
  });
}
