import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { readMetricsLog } from './curve-points-from-metrics-log.js';
import { PlotInputError } from './plot-input-error.js';
import { trainingCurvesSpec } from './training-curves-spec.js';
import { writeFigure } from './write-figure.js';

/**
 * Reads a metrics log (`metrics.jsonl`) and writes its training-curve figure
 * as `<out>.svg` and `<out>.png`; returns both paths. The run is named after
 * the log's folder, e.g. the output folder of `selective-kd distill`.
 */
export async function plotMetricsLog(
  logPath: string,
  outPathWithoutExtension: string,
  options: { monitor?: string; title?: string } = {},
): Promise<{ svg: string; png: string }> {
  let text: string;
  try {
    text = readFileSync(logPath, 'utf8');
  } catch (error) {
    throw new PlotInputError(`cannot read the metrics log ${logPath}: ${(error as Error).message}`);
  }
  const run = basename(dirname(logPath)) || 'run';
  const { points, monitor } = readMetricsLog(text, { run, monitor: options.monitor });
  const spec = trainingCurvesSpec(points, { devMetric: monitor === undefined ? undefined : `dev ${monitor}`, title: options.title ?? `training curves: ${logPath}` });
  return writeFigure(outPathWithoutExtension, spec);
}
