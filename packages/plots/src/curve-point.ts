/** The quantities a training-curve figure draws, one panel each, in this order. */
export const CURVE_SERIES = ['loss', 'ground-truth term', 'distillation term', 'teacher-better share', 'dev metric'] as const;
export type CurveSeries = (typeof CURVE_SERIES)[number];

/** One value of one run's `series` after `epoch`. */
export interface CurvePoint {
  run: string;
  regime?: string;
  epoch: number;
  series: CurveSeries;
  value: number;
}

/** A run's per-epoch summary as the experiments store it (`dev`: the monitored dev metric). */
export interface EpochSummary {
  epoch: number;
  loss: number;
  groundTruthLoss: number;
  distillLoss: number;
  teacherBetterFraction: number;
  dev?: number;
}
