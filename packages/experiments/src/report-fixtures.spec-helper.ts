import type { Gate } from '@selective-kd/core';
import type { ModalityReport } from './modality-report.js';
import type { StudentRun } from './student-run.js';

/** A report as an example declares it, for the specs. */
export const REPORT = {
  modality: 'pixel',
  units: 'pixels',
  columns: [
    { metric: 'meanIoU', title: 'test mIoU (mean ± std)' },
    { metric: 'pixelAccuracy', title: 'pixel accuracy' },
  ],
  points: 'mIoU points',
  headline: 'test mIoU (%)',
  progress: [{ metric: 'meanIoU', title: 'test mIoU' }],
} as const satisfies ModalityReport;

/** A run whose test mIoU is `meanIoU`, dev mIoU 0.1 above it and pixel accuracy 0.25 above it. */
export function run(regime: string, gate: Gate, seed: number, meanIoU: number, more: Partial<StudentRun> = {}): StudentRun {
  return {
    regime,
    gate,
    seed,
    settings: {},
    dev: { meanIoU: meanIoU + 0.1 },
    test: { meanIoU, pixelAccuracy: meanIoU + 0.25 },
    epochs: 10 + seed,
    bestEpoch: 5,
    teacherBetterFraction: gate === 'none' ? 0 : 1,
    seconds: 20 + seed,
    ...more,
  };
}

/** Per gate the test mIoU of seeds 0, 1, 2. */
export function runs(regime: string, values: Partial<Record<Gate, readonly number[]>>, more: Partial<StudentRun> = {}): StudentRun[] {
  return [0, 1, 2].flatMap((seed) => Object.entries(values).map(([gate, v]) => run(regime, gate as Gate, seed, v[seed], more)));
}
