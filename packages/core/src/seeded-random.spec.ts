import { expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';

it('repeats its sequence for a seed and differs between seeds', () => {
  const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
  expect(take(7)).toEqual(take(7));
  expect(take(7)).not.toEqual(take(8));
  // mulberry32's first output for seed 0 (reference value of the published algorithm).
  expect(seededRandom(0)()).toBeCloseTo(0.26642920868471265, 15);
});

it('stays in [0, 1) with a mean near 1/2', () => {
  const next = seededRandom(123);
  const values = Array.from({ length: 10000 }, next);
  expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...values)).toBeLessThan(1);
  expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 1);
});
