import { describe, expect, it } from 'vitest';
import { sampleStatistics, tQuantile975 } from './sample-statistics.js';

describe('sampleStatistics', () => {
  it('matches numpy (ddof=1) and scipy t.ppf(0.975, n-1)', () => {
    const s = sampleStatistics([2, 0.75, 2]);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(1.5833333333333333, 14);
    expect(s.std).toBeCloseTo(0.7216878364870323, 14);
    expect(s.ci95).toBeCloseTo(1.7927719707289425, 8);
  });

  it('has no spread and no interval for one value', () => {
    expect(sampleStatistics([4])).toEqual({ n: 1, mean: 4, std: 0, ci95: 0 });
  });

  it('t(0.975; df) matches scipy in and beyond the table', () => {
    // scipy.stats.t.ppf(0.975, df)
    const golden: [number, number][] = [[1, 12.706204736174698], [5, 2.5705818356363146], [30, 2.0422724563012373], [31, 2.0395134463964077], [40, 2.0210753903062737], [100, 1.9839715185235518]];
    for (const [df, t] of golden) expect(Math.abs(tQuantile975(df) - t)).toBeLessThan(1e-5);
  });
});
