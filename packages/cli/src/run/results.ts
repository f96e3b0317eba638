import type { EpochLogs, ModelEvaluation } from '@selective-kd/core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What `distill` reports in results.json (and, as tables, results.md). */
export interface RunResults {
  modality: string;
  backend: string;
  seed: number;
  student: { name: string; parameters: number };
  /** The teacher's path; absent for a run on the ground truth alone. */
  teacher?: string;
  gate: string;
  /** 1-based epoch whose weights the student keeps, and why training stopped. */
  bestEpoch?: number;
  stoppedEarly: boolean;
  epochs: { epoch: number; loss: number; teacherBetterFraction?: number; dev: ModelEvaluation['metrics'] & { loss: number }; seconds: number }[];
  /** Scores on the test split (the teacher's on its own inputs). */
  test?: { student: ModelEvaluation; teacher?: ModelEvaluation };
  pictures: string[];
  seconds: number;
}

/** Summarises `fit`'s history per epoch; the teacher-better share only where there is a teacher to be better. */
export function epochRows(history: EpochLogs[], distilling: boolean): RunResults['epochs'] {
  return history.map((logs) => ({
    epoch: logs.epoch + 1,
    loss: logs.loss,
    ...(distilling ? { teacherBetterFraction: logs.teacherBetterFraction } : {}),
    dev: { loss: logs.validation?.loss ?? NaN, ...logs.validation?.metrics },
    seconds: logs.millis / 1000,
  }));
}

/** Writes results.json and results.md into `dir` (replacing earlier ones), so each stage's results are on disk as soon as they exist. */
export async function writeResults(dir: string, results: RunResults): Promise<void> {
  await writeFile(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(dir, 'results.md'), resultsMarkdown(results));
}

/** The headline metrics first, per-class ones (`iou/3`, `f1/NOUN`) after them. */
function metricNames(scores: Record<string, number>[]): string[] {
  const names = [...new Set(scores.flatMap((s) => Object.keys(s)))];
  return [...names.filter((n) => !n.includes('/')), ...names.filter((n) => n.includes('/'))];
}

/** A markdown table of models' test scores: loss, then every metric. */
export function scoreTable(rows: readonly (readonly [string, ModelEvaluation])[]): string {
  const names = metricNames(rows.map(([, e]) => e.metrics));
  const lines = [`| model | loss | ${names.join(' | ')} |`, `|---|---:|${names.map(() => '---:').join('|')}|`];
  for (const [who, e] of rows) lines.push(`| ${who} | ${e.loss.toFixed(4)} | ${names.map((n) => (e.metrics[n] === undefined ? '–' : e.metrics[n].toFixed(4))).join(' | ')} |`);
  return lines.join('\n');
}

function resultsMarkdown(r: RunResults): string {
  const parts = [
    `# ${r.student.name}: ${r.teacher ? `distilled from ${r.teacher}` : 'trained on the ground truth alone'}`,
    '',
    `Modality ${r.modality}, gate ${r.gate}, seed ${r.seed}, backend ${r.backend}; student ${r.student.parameters} parameters; ` +
      `${r.epochs.length} epochs${r.stoppedEarly ? ' (stopped early)' : ''}${r.bestEpoch ? `, weights of epoch ${r.bestEpoch} kept (best on dev)` : ''}; ${r.seconds.toFixed(1)} s.`,
    '',
  ];
  if (r.test) {
    parts.push('## Test', '', scoreTable([['student', r.test.student], ...(r.test.teacher ? [['teacher', r.test.teacher] as const] : [])]), '');
  }
  const dev = metricNames(r.epochs.map((e) => e.dev)).filter((n) => !n.includes('/'));
  const share = r.teacher !== undefined && r.gate !== 'none';
  parts.push(
    '## Epochs',
    '',
    `| epoch | train loss |${share ? ' teacher-better |' : ''} ${dev.map((n) => `dev ${n}`).join(' | ')} | seconds |`,
    `|---:|---:|${share ? '---:|' : ''}${dev.map(() => '---:').join('|')}|---:|`,
    ...r.epochs.map(
      (e) =>
        `| ${e.epoch} | ${e.loss.toFixed(4)} |${share ? ` ${(100 * (e.teacherBetterFraction ?? 0)).toFixed(1)}% |` : ''} ` +
        `${dev.map((n) => e.dev[n]?.toFixed(4) ?? '–').join(' | ')} | ${e.seconds.toFixed(1)} |`,
    ),
    '',
  );
  if (r.pictures.length > 0) parts.push('## Contrast masks', '', ...r.pictures.map((p) => `- [${p}](${p})`), '');
  else parts.push('## Contrast masks', '', r.teacher ? 'None drawn (config.pictures is 0).' : 'None: without a teacher there is no contrast mask.', '');
  return parts.join('\n');
}
