import type { ModalityReport } from '@selective-kd/experiments';

/** How the table, the verdict, the progress lines and the combined headline name note frames and their metrics. */
export const REPORT = {
  modality: 'audio',
  units: 'frames',
  columns: [
    { metric: 'f1', title: 'test frame F1 (mean ± std)' },
    { metric: 'precision', title: 'precision' },
    { metric: 'recall', title: 'recall' },
    { metric: 'f1DevThreshold', title: 'test F1 at the dev-chosen threshold' },
  ],
  points: 'F1 points',
  headline: 'frame F1 (%)',
  progress: [{ metric: 'f1', title: 'test frame F1' }],
} as const satisfies ModalityReport;

export type AudioMetric = (typeof REPORT.columns)[number]['metric'];
