import type { ModalityReport } from './modality-report.js';
import { settingsText } from './student-job.js';
import type { StudentRun } from './student-run.js';

/**
 * The log line of a finished student: where it stands in its phase, its job,
 * the dev and test `monitor` (in percent), the epochs it trained and its time:
 * `[final 3/30] strong loss-compare seed 1 (τ=2 margin=-0.1): dev accuracy 91.20, test accuracy 90.85, 14 epochs (best 9), 38 s`.
 */
export function studentLine(run: StudentRun, phase: string, count: number, total: number, monitor: string): string {
  const metric = (split: Record<string, number>) => (100 * (split[monitor] ?? Number.NaN)).toFixed(2);
  return (
    `[${phase} ${count}/${total}] ${run.regime} ${run.gate} seed ${run.seed} (${settingsText(run.settings)}): ` +
    `dev ${monitor} ${metric(run.dev)}, test ${monitor} ${metric(run.test)}, ` +
    `${run.epochs} epochs (best ${run.bestEpoch + 1}), ${run.seconds.toFixed(0)} s`
  );
}

/** The log line of the teacher's metrics on a split. */
export function teacherLine(metrics: Record<string, number>, report: Pick<ModalityReport, 'progress'>): string {
  return `teacher: ${report.progress.map(({ metric, title }) => `${title} ${(100 * (metrics[metric] ?? Number.NaN)).toFixed(2)}`).join(', ')}`;
}
