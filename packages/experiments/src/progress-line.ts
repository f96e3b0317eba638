import type { ModalityReport } from './modality-report.js';
import type { StudentRun } from './train-students.js';

type Progress = Pick<ModalityReport, 'progress'>;

/** The log line of a finished student: its progress metrics, how often it followed the teacher, and its time. */
export function studentLine(run: StudentRun, report: Progress): string {
  return (
    `student ${run.gate} seed ${run.seed}: ${metricsText(run.test, report)}, ` +
    `teacher-better ${(100 * run.teacherBetterFraction).toFixed(1)}%, ${run.seconds.toFixed(0)} s`
  );
}

/** The log line of the teacher's test metrics. */
export function teacherLine(metrics: Record<string, number>, report: Progress): string {
  return `teacher: ${metricsText(metrics, report)}`;
}

function metricsText(metrics: Record<string, number>, { progress }: Progress): string {
  return progress.map(({ metric, title }) => `${title} ${(100 * (metrics[metric] ?? Number.NaN)).toFixed(2)}`).join(', ');
}
