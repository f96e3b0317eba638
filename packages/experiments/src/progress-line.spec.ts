import { expect, it } from 'vitest';
import { studentLine, teacherLine } from './progress-line.js';
import type { StudentRun } from './student-run.js';

it('logs a student with its phase count, job, dev and test monitor, epochs and seconds', () => {
  const run: StudentRun = {
    regime: 'shifted',
    gate: 'loss-compare',
    seed: 2,
    settings: { temperature: 2, margin: -0.1 },
    dev: { accuracy: 0.91234 },
    test: { accuracy: 0.9085 },
    epochs: 14,
    bestEpoch: 8,
    teacherBetterFraction: 0.5,
    seconds: 37.6,
  };
  expect(studentLine(run, 'final', 3, 30, 'accuracy')).toBe(
    '[final 3/30] shifted loss-compare seed 2 (τ=2 margin=-0.1): dev accuracy 91.23, test accuracy 90.85, 14 epochs (best 9), 38 s',
  );
  expect(studentLine({ ...run, settings: {} }, 'tuning', 1, 4, 'f1')).toMatch(/^\[tuning 1\/4\] shifted loss-compare seed 2 \(defaults\): dev f1 NaN, test f1 NaN/);
});

it('logs the teacher with the report’s metrics', () => {
  const report = { progress: [{ metric: 'tokenAccuracy', title: 'test token accuracy' }, { metric: 'macroF1', title: 'macro F1' }] };
  expect(teacherLine({ tokenAccuracy: 0.95, macroF1: 0.875 }, report)).toBe('teacher: test token accuracy 95.00, macro F1 87.50');
});
