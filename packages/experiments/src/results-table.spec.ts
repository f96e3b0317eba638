import { expect, it } from 'vitest';
import { REPORT, run } from './report-fixtures.js';
import { resultsTable } from './results-table.js';
import { summarize } from './summarize.js';

it('shows one column per metric, the gate names with the unit word, and the teacher last', () => {
  const rows = summarize([run('none', 0, 0.25, 0, 12), run('all', 0, 0.5, 1, 9.6), run('teacher-correct', 0, 0.125, 0.75, 3), run('loss-compare', 0, 0.375, 0.5625, 3)], ['meanIoU', 'pixelAccuracy']);
  expect(resultsTable(rows, { meanIoU: 0.625, pixelAccuracy: 0.875 }, REPORT).split('\n')).toEqual([
    '| student trained with | test mIoU (mean ± std) | pixel accuracy | teacher-better fraction | seconds per run |',
    '|---|---|---|---|---|',
    '| ground truth only | 25.00 ± 0.00 | 75.00 ± 0.00 | 0.0% | 12 |',
    '| vanilla KD (all pixels) | 50.00 ± 0.00 | 100.00 ± 0.00 | 100.0% | 10 |',
    '| teacher-correct pixels | 12.50 ± 0.00 | 62.50 ± 0.00 | 75.0% | 3 |',
    '| selective (loss-compare) | 37.50 ± 0.00 | 87.50 ± 0.00 | 56.3% | 3 |',
    '| *teacher* | 62.50 | 87.50 | | |',
  ]);
});

it('takes as many metric columns as the example names', () => {
  const report = { units: 'frames', columns: [{ metric: 'f1', title: 'F1' }, { metric: 'precision', title: 'P' }, { metric: 'recall', title: 'R' }] } as const;
  const rows = summarize([{ gate: 'all', seed: 0, test: { f1: 0.5, precision: 0.25, recall: 0.75 }, teacherBetterFraction: 1, seconds: 1 }], ['f1', 'precision', 'recall']);
  expect(resultsTable(rows, { f1: 0.5, precision: 0.5, recall: 0.5 }, report).split('\n')).toEqual([
    '| student trained with | F1 | P | R | teacher-better fraction | seconds per run |',
    '|---|---|---|---|---|---|',
    '| vanilla KD (all frames) | 50.00 ± 0.00 | 25.00 ± 0.00 | 75.00 ± 0.00 | 100.0% | 1 |',
    '| *teacher* | 50.00 | 50.00 | 50.00 | | |',
  ]);
});
