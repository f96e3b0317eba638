import { expectSelectiveKdError } from '@selective-kd/testing';
import { expect, it } from 'vitest';
import { tQuantile975 } from './t-quantile.js';

it('gives the 0.975 quantile of t from the table and beyond it', () => {
  // scipy.stats.t.ppf(0.975, df) for df = 1, 4, 30, 31, 40, 100.
  expect(tQuantile975(1)).toBeCloseTo(12.706205, 6);
  expect(tQuantile975(4)).toBeCloseTo(2.776445, 6);
  expect(tQuantile975(30)).toBeCloseTo(2.042272, 6);
  expect(tQuantile975(31)).toBeCloseTo(2.039513446396408, 5);
  expect(tQuantile975(40)).toBeCloseTo(2.021075390306273, 5);
  expect(tQuantile975(100)).toBeCloseTo(1.9839715185235518, 5);
});

it('refuses a degree of freedom that is not a positive integer', () => {
  expectSelectiveKdError(() => tQuantile975(0), 'INVALID_OPTION', 'df must be a positive integer, got 0');
});
