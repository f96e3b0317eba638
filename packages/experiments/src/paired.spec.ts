import { expectSelectiveKdError } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { paired } from './paired.js';

// Golden values from python3 with numpy 2 / SciPy 1.17.1 in float64:
// d = a - b; d.mean(), d.std(ddof=1), scipy.stats.ttest_rel(a, b).confidence_interval(), scipy.stats.binomtest(wins, wins + losses).pvalue.
describe('paired', () => {
  it('gives the mean and sample std of the per-seed differences, the 95% t-interval and the sign test', () => {
    const a = [0.9612, 0.9608, 0.962, 0.9611, 0.9615];
    const b = [0.9561, 0.957, 0.9555, 0.9562, 0.956];
    const p = paired(a, b);
    expect(p).toMatchObject({ n: 5, wins: 5, ties: 0, losses: 0 });
    expect(p.mean).toBeCloseTo(0.00516, 12);
    expect(p.std).toBeCloseTo(0.0009787747442593566, 12);
    expect(p.interval[0]).toBeCloseTo(0.00394469063770207, 7);
    expect(p.interval[1]).toBeCloseTo(0.006375309362297949, 7);
    expect(p.signTestP).toBeCloseTo(0.0625, 12);
  });

  it('counts a difference below 1e-9 as a tie, leaves ties out of the sign test, and gives an interval spanning 0', () => {
    const p = paired([0.5, 0.7, 0.6, 0.4], [0.55, 0.6, 0.6, 0.3]);
    expect(p).toMatchObject({ n: 4, wins: 2, ties: 1, losses: 1, signTestP: 1 });
    expect(p.mean).toBeCloseTo(0.0375, 12);
    expect(p.std).toBeCloseTo(0.075, 12);
    expect(p.interval[0]).toBeCloseTo(-0.08184173644813907, 7);
    expect(p.interval[1]).toBeCloseTo(0.15684173644813904, 7);
    expect(paired([0.25 + 1e-10], [0.25]).ties).toBe(1);
  });

  it('gives the sign test for uneven records', () => {
    expect(paired([1, 0, 0, 0], [0, 1, 1, 1]).signTestP).toBeCloseTo(0.625, 12);
    expect(paired([1, 1, 0, 0, 0, 0, 0], [0, 0, 1, 1, 1, 1, 1]).signTestP).toBeCloseTo(0.453125, 12);
  });

  it('claims no interval from one seed', () => {
    expect(paired([0.75], [0.5])).toEqual({ n: 1, mean: 0.25, std: 0, wins: 1, ties: 0, losses: 0, interval: [-Infinity, Infinity], signTestP: 1 });
  });

  it('refuses unpaired or empty inputs', () => {
    expectSelectiveKdError(() => paired([1, 2], [1]), 'INVALID_OPTION', 'a has 2 values and b 1');
    expectSelectiveKdError(() => paired([], []), 'INVALID_OPTION', 'no values');
  });
});
