import type { Gate } from '@selective-kd/core';
import { curvePointsFromHistory, resultsFigureSpec, trainingCurvesSpec, writeFigure } from '@selective-kd/plots';
import { join } from 'node:path';
import type { ModalityReport } from './modality-report.js';
import type { ProtocolConfig } from './protocol-config.js';
import type { StudentRun } from './student-run.js';

/**
 * The gates on the figures' axes and legends: the baselines as the tables name
 * them, the others by their option value, which the tables' names contain
 * (the tables' longer names are cut short on a slanted axis).
 */
const GATE_LABELS: Record<Gate, string> = {
  none: 'ground truth only',
  all: 'vanilla KD',
  'teacher-correct': 'teacher-correct',
  'loss-compare': 'loss-compare',
  soft: 'soft',
  rectified: 'rectified',
};

export interface ResultFiguresOptions {
  /** The folder RESULTS.md is written to: the figures go to `figures/<mode>/` in it. */
  outDir: string;
  config: Pick<ProtocolConfig, 'mode' | 'seeds' | 'monitor'>;
  /** The final runs (every regime × gate × seed). */
  runs: readonly StudentRun[];
  report: Pick<ModalityReport, 'headline' | 'columns'>;
}

/** The written files of one figure. */
export interface FigureFiles {
  svg: string;
  png: string;
}

export interface ResultFigures {
  /** The main test metric per gate, every seed, with the paired differences: `figures/<mode>/results.{svg,png}`. */
  results: FigureFiles;
  /** The curve runs' training curves, a row per regime: `figures/<mode>/curves.{svg,png}`; absent when no curve run has a history. */
  curves?: FigureFiles;
}

/**
 * The pictures of a protocol run, beside RESULTS.md: the results figure over
 * the main test metric of every final run, and the training curves of each
 * regime × gate's first-seed run. Metrics are drawn in % as the tables show
 * them, epochs counted from 1 as the progress lines count them.
 */
export async function writeResultFigures({ outDir, config, runs, report }: ResultFiguresOptions): Promise<ResultFigures> {
  const dir = join(outDir, 'figures', config.mode);
  const main = report.columns[0].metric;
  // The headline names the main test metric ('test mIoU (%)', 'frame F1 (%)'); the figures name its split.
  const metricName = report.headline.replace(/^test /, '');
  const gateLabels: Record<string, string> = GATE_LABELS;
  const points = runs.map((r) => ({ regime: r.regime, gate: r.gate, seed: r.seed, value: 100 * (r.test[main] ?? Number.NaN) }));
  const results = await writeFigure(
    join(dir, 'results'),
    resultsFigureSpec(points, { metric: `test ${metricName}`, gateLabels, title: `test ${metricName} per gate and regime, ${config.seeds.length} seeds` }),
  );

  // The curve runs (`curveJobs`): the first seed's.
  const curveRuns = runs.filter((r) => r.seed === config.seeds[0] && r.history !== undefined);
  if (curveRuns.length === 0) return { results };
  const curvePoints = curveRuns.flatMap((r) =>
    curvePointsFromHistory(
      r.history!.map((e) => ({ ...e, epoch: e.epoch + 1, dev: typeof e.dev === 'number' ? 100 * e.dev : undefined })),
      GATE_LABELS[r.gate],
      r.regime,
      r.gate !== 'none',
    ),
  );
  // The dev curve is the early-stopping monitor: named like the headline when it is the main metric.
  const devMetric = config.monitor === main ? `dev ${metricName}` : `dev ${config.monitor} (%)`;
  const curves = await writeFigure(
    join(dir, 'curves'),
    trainingCurvesSpec(curvePoints, { devMetric, title: `training curves of seed ${config.seeds[0]}'s students, per regime` }),
  );
  return { results, curves };
}
