import type { Tensor } from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** What `expectSeededModel` needs of a model: a `tf.LayersModel` has both. */
export interface SeededModel {
  getWeights(): Tensor[];
  dispose(): void;
}

/**
 * Fails unless `build(seed)` gives the same initial weights for the same
 * seed, seed 0 included, and other weights for another seed — what comparing
 * gates from one initialisation per seed relies on. tfjs takes an initialiser
 * seed of 0 as "no seed" and draws from Math.random, so a model that seeds
 * its layers with `seed * k + layer` is random at seed 0; this catches it.
 */
export function expectSeededModel(build: (seed: number) => SeededModel): void {
  const weights = (seed: number) => {
    const model = build(seed);
    const values = model.getWeights().map((w) => Array.from(w.dataSync()));
    model.dispose();
    return values;
  };
  expect(weights(0), 'the same weights for seed 0 twice').toEqual(weights(0));
  expect(weights(0), 'other weights for seed 1 than for seed 0').not.toEqual(weights(1));
}
