import { describe, expect, it } from 'vitest';
import type { Headline } from '@selective-kd/experiments';
import { combinedTable } from './combined-table.js';

const pixel: Headline = {
  modality: 'pixel',
  metric: 'test mIoU (%)',
  rows: [
    { gate: 'none', mean: 30.371, std: 1.77 },
    { gate: 'all', mean: 27.46, std: 3.63 },
    { gate: 'teacher-correct', mean: 27.21, std: 3.04 },
    { gate: 'loss-compare', mean: 28.154, std: 2.57 },
  ],
  teacher: 62.634,
  teacherBetterFraction: 0.734,
};

describe('combinedTable', () => {
  it('shows ground truth only, vanilla, selective, the teacher and the gap per modality', () => {
    const lines = combinedTable([pixel]).split('\n');
    expect(lines[0]).toBe(
      '| modality | metric | ground truth only | vanilla KD | selective (loss-compare) | teacher | selective − vanilla | teacher-better units |',
    );
    expect(lines[1]).toBe('|---|---|---|---|---|---|---|---|');
    expect(lines[2]).toBe('| pixel | test mIoU (%) | 30.37 ± 1.77 | 27.46 ± 3.63 | 28.15 ± 2.57 | 62.63 | +0.69 | 73.4% |');
  });

  it('prints one-seed means without a spread and a negative gap with its sign', () => {
    const text: Headline = {
      modality: 'text',
      metric: 'token accuracy (%)',
      rows: [
        { gate: 'all', mean: 91.5, std: 0 },
        { gate: 'loss-compare', mean: 91.25, std: 0 },
      ],
      teacher: 95,
      teacherBetterFraction: 0.05,
    };
    expect(combinedTable([text]).split('\n')[2]).toBe('| text | token accuracy (%) | — | 91.50 | 91.25 | 95.00 | -0.25 | 5.0% |');
  });

  it('marks a missing selective run and an unknown teacher-better fraction with a dash', () => {
    const partial: Headline = { ...pixel, rows: pixel.rows.slice(0, 2), teacherBetterFraction: Number.NaN };
    expect(combinedTable([partial]).split('\n')[2]).toBe('| pixel | test mIoU (%) | 30.37 ± 1.77 | 27.46 ± 3.63 | — | 62.63 | — | — |');
  });
});
