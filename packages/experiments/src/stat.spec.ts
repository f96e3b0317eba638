import { expect, it } from 'vitest';
import { mean, stat } from './stat.js';

it('gives the mean and the sample standard deviation', () => {
  expect(stat([1, 2, 3])).toEqual({ mean: 2, std: 1 });
  expect(stat([0.5])).toEqual({ mean: 0.5, std: 0 });
});

it('takes the mean of nothing as 0', () => {
  expect(mean([])).toBe(0);
});
