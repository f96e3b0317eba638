import type { ModalityReport } from '@selective-kd/experiments';

/** How the table, the verdict, the progress lines and the combined headline name tokens and their metrics. */
export const REPORT = {
  modality: 'text',
  units: 'tokens',
  columns: [
    { metric: 'tokenAccuracy', title: 'test token accuracy (mean ± std)' },
    { metric: 'macroF1', title: 'macro F1 (12 tags)' },
  ],
  points: 'token-accuracy points',
  headline: 'token accuracy (%)',
  progress: [
    { metric: 'tokenAccuracy', title: 'test token accuracy' },
    { metric: 'macroF1', title: 'macro F1' },
  ],
} as const satisfies ModalityReport;

export type TextMetric = (typeof REPORT.columns)[number]['metric'];
