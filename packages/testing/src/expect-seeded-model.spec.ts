import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@selective-kd/core';
import { expectSeededModel } from './expect-seeded-model.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// A one-weight "model" whose initial value comes from a seeded draw, as tfjs initialisers do.
const drawnWith = (seedOf: (seed: number) => number) => (seed: number) => {
  const weight = tf.randomNormal([4], 0, 1, 'float32', seedOf(seed));
  return { getWeights: () => [weight], dispose: () => weight.dispose() };
};

describe('expectSeededModel', () => {
  it('passes a model seeded from 1 upwards', () => {
    expectSeededModel(drawnWith((seed) => 1 + seed * 1000));
  });

  it('fails a model whose seed 0 reaches tfjs as 0, which tfjs takes as no seed', () => {
    expect(() => expectSeededModel(drawnWith((seed) => seed * 1000))).toThrow(/the same weights for seed 0 twice/);
  });

  it('fails a model that ignores the seed', () => {
    expect(() => expectSeededModel(drawnWith(() => 7))).toThrow(/other weights for seed 1 than for seed 0/);
  });
});
