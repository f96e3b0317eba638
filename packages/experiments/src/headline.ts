import type { Gate } from '@selective-kd/core';
import type { ModalityReport } from './modality-report.js';
import type { GateSummary } from './summarize.js';

/** The numbers the combined table across modalities shows for one example. */
export interface Headline<Modality extends string = string> {
  modality: Modality;
  /** The main metric's name ('test mIoU (%)'). */
  metric: string;
  /** The main metric in percent, one row per gate trained. */
  rows: { gate: Gate; mean: number; std: number }[];
  /** The teacher's main metric in percent. */
  teacher: number;
  /** 0..1, mean over the loss-compare runs; NaN when no loss-compare student was trained. */
  teacherBetterFraction: number;
}

export function headline<Metric extends string, Modality extends string>(
  rows: readonly GateSummary<Metric>[],
  teacher: Record<string, number>,
  { modality, columns, headline: metric }: Pick<ModalityReport<Metric, Modality>, 'modality' | 'columns' | 'headline'>,
): Headline<Modality> {
  const main = columns[0].metric;
  return {
    modality,
    metric,
    rows: rows.map((r) => ({ gate: r.gate, mean: 100 * r[main].mean, std: 100 * r[main].std })),
    teacher: 100 * (teacher[main] ?? Number.NaN),
    teacherBetterFraction: rows.find((r) => r.gate === 'loss-compare')?.teacherBetterFraction ?? Number.NaN,
  };
}
