import type { ModalityReport } from '@selective-kd/experiments';

/** How the table, the verdict, the progress lines and the combined headline name pixels and their metrics. */
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

export type PixelMetric = (typeof REPORT.columns)[number]['metric'];
