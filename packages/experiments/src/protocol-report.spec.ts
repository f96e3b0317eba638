import { expectSelectiveKdError } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { protocolReport } from './protocol-report.js';
import { REPORT, run, runs } from './report-fixtures.spec-helper.js';

// Expected differences from python3 + numpy/SciPy 1.17.1 (float64): d = a − b per seed; mean, std(ddof=1),
// wins/ties/losses at |d| < 1e-9, mean ± t.ppf(0.975, n−1)·std/√n, all ×100 to 2 decimals.
const STRONG = runs('strong', { none: [0.5, 0.52, 0.54], all: [0.53, 0.54, 0.58], rectified: [0.55, 0.55, 0.59] });
const WEAK = runs('weak', { none: [0.4, 0.4, 0.4], all: [0.3, 0.3, 0.3], rectified: [0.41, 0.39, 0.4] });
const TEACHERS = { strong: { dev: { meanIoU: 0.7 }, test: { meanIoU: 0.65 } }, weak: { dev: { meanIoU: 0.45 }, test: { meanIoU: 0.4412 } } };

describe('protocolReport', () => {
  const report = protocolReport({ runs: [...STRONG, ...WEAK] }, TEACHERS, REPORT);
  const [strong, weak] = report.regimes;

  it('gives per gate the test mean ± std, dev mean and the paired differences against both baselines', () => {
    expect(report.regimes.map((r) => r.regime)).toEqual(['strong', 'weak']);
    const rectified = strong.rows[2];
    expect(rectified.gate).toBe('rectified');
    expect(rectified.test.meanIoU.mean).toBeCloseTo(0.5633333333333334, 12);
    expect(rectified.test.meanIoU.std).toBeCloseTo(0.023094010767584985, 12);
    expect(rectified.dev.mean).toBeCloseTo(0.6633333333333334, 12);
    expect(rectified.vsGroundTruth).toMatchObject({ n: 3, wins: 3, ties: 0, losses: 0 });
    expect(rectified).toMatchObject({ runs: 3, epochs: 11, teacherBetterFraction: 1, seconds: 21 });
    expect(strong.rows[0].vsGroundTruth).toBeUndefined();
    expect(strong.rows[1].vsVanilla).toBeUndefined();
  });

  it('writes the teacher line and the table with the differences as mean ± std (wins/ties/losses) [95% interval]', () => {
    expect(strong.table.split('\n')).toEqual([
      "Teacher on the students' splits: dev 70.00, test 65.00 (meanIoU).",
      '',
      '| student trained with | test mIoU (mean ± std) | pixel accuracy | dev | settings | Δ vs ground truth only | Δ vs vanilla KD | epochs | teacher-better | s/run |',
      '|---|---|---|---|---|---|---|---|---|---|',
      '| ground truth only | 52.00 ± 2.00 | 77.00 ± 2.00 | 62.00 | defaults | — | -3.00 ± 1.00 (0/0/3) [-5.48, -0.52] | 11.0 | 0.0% | 21 |',
      '| vanilla KD (all pixels) | 55.00 ± 2.65 | 80.00 ± 2.65 | 65.00 | defaults | +3.00 ± 1.00 (3/0/0) [0.52, 5.48] | — | 11.0 | 100.0% | 21 |',
      '| rectified teacher | 56.33 ± 2.31 | 81.33 ± 2.31 | 66.33 | defaults | +4.33 ± 1.15 (3/0/0) [1.46, 7.20] | +1.33 ± 0.58 (3/0/0) [-0.10, 2.77] | 11.0 | 100.0% | 21 |',
    ]);
  });

  it('says beat, tied with or lost to, counting only intervals that exclude 0', () => {
    expect(strong.verdict).toBe(
      'Vanilla KD (all pixels) beat ground truth only (+3.00 ± 1.00 (3/0/0) [0.52, 5.48] mIoU points). ' +
        'Rectified teacher beat ground truth only (+4.33 ± 1.15 (3/0/0) [1.46, 7.20] mIoU points) and tied with vanilla KD (+1.33 ± 0.58 (3/0/0) [-0.10, 2.77] mIoU points).',
    );
    expect(weak.verdict).toBe(
      'Vanilla KD (all pixels) lost to ground truth only (-10.00 ± 0.00 (0/0/3) [-10.00, -10.00] mIoU points). ' +
        'Rectified teacher tied with ground truth only (+0.00 ± 1.00 (1/1/1) [-2.48, 2.48] mIoU points) and beat vanilla KD (+10.00 ± 1.00 (3/0/0) [7.52, 12.48] mIoU points).',
    );
    expect(report.markdown).toBe(`### Regime \`strong\`\n\n${strong.table}\n\n${strong.verdict}\n\n### Regime \`weak\`\n\n${weak.table}\n\n${weak.verdict}\n`);
  });

  it('gives no verdict from one seed, and names the chosen settings', () => {
    const one = protocolReport(
      { runs: [run('strong', 'none', 0, 0.5), run('strong', 'loss-compare', 0, 0.6, { settings: { margin: -0.1, temperature: 2 } })] },
      TEACHERS,
      REPORT,
    ).regimes[0];
    expect(one.verdict).toBe('One seed only: no paired interval, so no verdict; run two seeds or more (five in full mode).');
    expect(one.table).toContain('| selective (loss-compare) | 60.00 ± 0.00 | 85.00 ± 0.00 | 70.00 | τ=2 margin=-0.1 | +10.00 ± 0.00 (1/0/0) [no interval from one seed] | — |');
  });

  it('refuses a regime without teacher scores and a run without the main metric', () => {
    expectSelectiveKdError(() => protocolReport({ runs: STRONG }, { weak: TEACHERS.weak }, REPORT), 'INVALID_OPTION', "teachers has no scores for regime 'strong'");
    expectSelectiveKdError(
      () => protocolReport({ runs: [run('strong', 'none', 0, 0.5, { test: { accuracy: 0.5 } })] }, TEACHERS, REPORT),
      'INVALID_OPTION',
      "the strong none student of seed 0 has no test metric 'meanIoU'; it has accuracy",
    );
  });
});
