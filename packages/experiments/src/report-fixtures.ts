import type { Gate } from '@selective-kd/core';
import type { ModalityReport } from './modality-report.js';
import type { StudentRun } from './train-students.js';

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

export function run(gate: Gate, seed: number, meanIoU: number, teacherBetterFraction = 0.5, seconds = 10): StudentRun {
  return { gate, seed, test: { meanIoU, pixelAccuracy: meanIoU + 0.5 }, teacherBetterFraction, seconds };
}
