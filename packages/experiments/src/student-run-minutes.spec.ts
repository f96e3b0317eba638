import { expect, it } from 'vitest';
import { run } from './report-fixtures.spec-helper.js';
import { studentRunMinutes } from './student-run-minutes.js';

it('sums each distinct run once, a tuning run reused as a final run counted once', () => {
  const tuned = run('strong', 'all', 0, 0.5, { settings: { temperature: 2 }, seconds: 60 });
  const other = run('strong', 'all', 0, 0.5, { settings: { temperature: 4 }, seconds: 30 });
  const final = [tuned, run('strong', 'all', 1, 0.5, { settings: { temperature: 2 }, seconds: 90 }), run('strong', 'none', 0, 0.5, { seconds: 120 })];
  expect(studentRunMinutes({ runs: final, tuning: [tuned, other] })).toBe((60 + 30 + 90 + 120) / 60);
  expect(studentRunMinutes({ runs: [], tuning: [] })).toBe(0);
});
