import { expectSelectiveKdError } from '@selective-kd/testing';
import { expect, it } from 'vitest';
import { run } from './report-fixtures.js';
import { summarize } from './summarize.js';

it('summarizes each gate over its seeds, in the order the gates were trained', () => {
  const rows = summarize([run('all', 0, 0.25, 1, 4), run('none', 0, 0.5, 0, 2), run('all', 1, 0.75, 1, 6)], ['meanIoU']);
  expect(rows).toEqual([
    { gate: 'all', runs: 2, meanIoU: { mean: 0.5, std: Math.sqrt(0.125) }, teacherBetterFraction: 1, seconds: 5 },
    { gate: 'none', runs: 1, meanIoU: { mean: 0.5, std: 0 }, teacherBetterFraction: 0, seconds: 2 },
  ]);
});

it('names a metric the runs do not have, and one that clashes with a summary field', () => {
  expectSelectiveKdError(() => summarize([run('all', 0, 0.25)], ['f1']), 'INVALID_OPTION', "the all student of seed 0 has no test metric 'f1'; it has meanIoU, pixelAccuracy");
  expectSelectiveKdError(() => summarize([run('all', 0, 0.25)], ['seconds']), 'INVALID_OPTION', "metric 'seconds' clashes");
});
