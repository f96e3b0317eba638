import { describe, expect, it } from 'vitest';
import { REPORT, run } from './report-fixtures.js';
import { summarize } from './summarize.js';
import { verdict } from './verdict.js';

/** Three seeds per gate: mean and sample std of each gate's mIoU are set by `values`. */
function rows(values: Partial<Record<'none' | 'all' | 'loss-compare', [number, number, number]>>) {
  const runs = Object.entries(values).flatMap(([gate, v]) => v.map((x, seed) => run(gate as 'none', seed, x)));
  return summarize(runs, ['meanIoU', 'pixelAccuracy']);
}

describe('verdict', () => {
  it('says selective beat vanilla and the ground truth when the gap exceeds the larger std', () => {
    expect(verdict(rows({ none: [0.25, 0.25, 0.25], all: [0.25, 0.25, 0.25], 'loss-compare': [0.5, 0.5, 0.5] }), REPORT)).toBe(
      'Selective distillation beat vanilla distillation: +25.00 mIoU points over 3 seeds (largest std 0.00). ' +
        'Selective distillation beat training on the ground truth alone: +25.00 mIoU points over 3 seeds (largest std 0.00).',
    );
  });

  it('says selective did worse, or is within noise', () => {
    expect(verdict(rows({ none: [0.125, 0.375, 0.25], all: [0.5, 0.5, 0.5], 'loss-compare': [0.25, 0.25, 0.25] }), REPORT)).toBe(
      'Selective distillation did worse than vanilla distillation: -25.00 mIoU points over 3 seeds (largest std 0.00). ' +
        'Selective distillation and training on the ground truth alone are within noise of each other: +0.00 mIoU points over 3 seeds (largest std 12.50).',
    );
  });

  it('warns that one seed measures no spread, and compares with vanilla only', () => {
    const one = summarize([run('none', 0, 0.125), run('all', 0, 0.25), run('loss-compare', 0, 0.375)], ['meanIoU', 'pixelAccuracy']);
    expect(verdict(one, REPORT)).toBe(
      'One seed only, so no spread was measured: selective − vanilla distillation = +12.50 mIoU points; run more seeds before reading anything into it.',
    );
  });

  it('is empty without a selective or a vanilla student, and leaves out a missing ground-truth student', () => {
    expect(verdict(rows({ all: [0.25, 0.25, 0.25] }), REPORT)).toBe('');
    expect(verdict(rows({ all: [0.25, 0.25, 0.25], 'loss-compare': [0.25, 0.25, 0.25] }), REPORT)).toBe(
      'Selective distillation and vanilla distillation are within noise of each other: +0.00 mIoU points over 3 seeds (largest std 0.00).',
    );
  });
});
