/** One metric column of the results table. */
export interface ReportColumn<Metric extends string> {
  /** The key in the evaluation's metrics ('meanIoU'). */
  metric: Metric;
  /** Its column header ('test mIoU (mean ± std)'). */
  title: string;
}

/**
 * How an example names its modality, its units and its metrics in the table,
 * the verdict and the combined headline. The first column is the main metric:
 * the one the verdict compares and the headline shows.
 */
export interface ModalityReport<Metric extends string = string, Modality extends string = string> {
  modality: Modality;
  /** A processing unit in the plural, for the gate names: 'pixels' → "vanilla KD (all pixels)". */
  units: string;
  columns: readonly [ReportColumn<Metric>, ...ReportColumn<Metric>[]];
  /** The main metric's gap unit in the verdict ('mIoU points'). */
  points: string;
  /** The main metric's name in the combined table across modalities ('test mIoU (%)'). */
  headline: string;
  /** The metrics a progress line shows for a student or the teacher, with their labels ('test mIoU'). */
  progress: readonly ReportColumn<Metric>[];
}
