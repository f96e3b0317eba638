import { headline, type Headline } from './headline.js';
import type { ModalityReport } from './modality-report.js';
import { resultsTable } from './results-table.js';
import { summarize, type GateSummary } from './summarize.js';
import type { StudentRun } from './train-students.js';
import { verdict } from './verdict.js';

export interface RunsReport<Metric extends string, Modality extends string> {
  rows: GateSummary<Metric>[];
  table: string;
  verdict: string;
  headline: Headline<Modality>;
}

/** Everything an example reports on its students: the summaries, the table, the verdict and the headline. */
export function reportRuns<Metric extends string, Modality extends string>(
  runs: readonly StudentRun[],
  teacher: Record<string, number>,
  report: ModalityReport<Metric, Modality>,
): RunsReport<Metric, Modality> {
  const rows = summarize(runs, report.columns.map((c) => c.metric));
  return { rows, table: resultsTable(rows, teacher, report), verdict: verdict(rows, report), headline: headline(rows, teacher, report) };
}
