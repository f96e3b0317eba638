import { initBackend } from '@selective-kd/core';
import { expectSeededModel } from '@selective-kd/testing';
import { beforeAll, describe, it } from 'vitest';
import { buildStudent } from './models.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('buildStudent', () => {
  // Every gate's student must start from the same weights for a given seed.
  it('gives the same initial weights for the same seed, seed 0 included, and different ones otherwise', () => {
    expectSeededModel((seed) => buildStudent({ inputDim: 50, length: 6 }, seed));
  });
});
