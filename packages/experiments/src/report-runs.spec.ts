import { expect, it } from 'vitest';
import { headline } from './headline.js';
import { REPORT, run } from './report-fixtures.js';
import { reportRuns } from './report-runs.js';
import { resultsTable } from './results-table.js';
import { summarize } from './summarize.js';
import { verdict } from './verdict.js';

it('summarizes over the report’s columns and derives the table, verdict and headline from the same rows', () => {
  const runs = [run('all', 0, 0.25), run('loss-compare', 0, 0.5)];
  const rows = summarize(runs, ['meanIoU', 'pixelAccuracy']);
  expect(reportRuns(runs, { meanIoU: 0.75, pixelAccuracy: 0.875 }, REPORT)).toEqual({
    rows,
    table: resultsTable(rows, { meanIoU: 0.75, pixelAccuracy: 0.875 }, REPORT),
    verdict: verdict(rows, REPORT),
    headline: headline(rows, { meanIoU: 0.75, pixelAccuracy: 0.875 }, REPORT),
  });
});
