import { expect, it } from 'vitest';
import { studentLine, teacherLine } from './progress-line.js';
import { run } from './report-fixtures.js';

const report = { progress: [{ metric: 'tokenAccuracy', title: 'test token accuracy' }, { metric: 'macroF1', title: 'macro F1' }] };

it('logs a student with its progress metrics, teacher-better fraction and seconds', () => {
  const done = { ...run('loss-compare', 2, 0), test: { tokenAccuracy: 0.91234, macroF1: 0.5 }, teacherBetterFraction: 0.0625, seconds: 12.6 };
  expect(studentLine(done, report)).toBe('student loss-compare seed 2: test token accuracy 91.23, macro F1 50.00, teacher-better 6.3%, 13 s');
});

it('logs the teacher with the same metrics', () => {
  expect(teacherLine({ tokenAccuracy: 0.95, macroF1: 0.875 }, report)).toBe('teacher: test token accuracy 95.00, macro F1 87.50');
});
