import { expect, it } from 'vitest';
import { headline } from './headline.js';
import { REPORT, run } from './report-fixtures.js';
import { summarize } from './summarize.js';

it('gives the main metric per gate and the teacher in percent, and the selective students’ teacher-better fraction', () => {
  const rows = summarize([run('none', 0, 0.25, 0), run('loss-compare', 0, 0.5, 0.75), run('loss-compare', 1, 0.75, 0.25)], ['meanIoU', 'pixelAccuracy']);
  expect(headline(rows, { meanIoU: 0.625 }, REPORT)).toEqual({
    modality: 'pixel',
    metric: 'test mIoU (%)',
    rows: [
      { gate: 'none', mean: 25, std: 0 },
      { gate: 'loss-compare', mean: 62.5, std: 100 * Math.sqrt(0.03125) },
    ],
    teacher: 62.5,
    teacherBetterFraction: 0.5,
  });
});

it('has no teacher-better fraction without a selective student', () => {
  expect(headline(summarize([run('none', 0, 0.25)], ['meanIoU', 'pixelAccuracy']), { meanIoU: 0.5 }, REPORT).teacherBetterFraction).toBeNaN();
});
