import type { CurvePoint } from './curve-point.js';
import { curvePointsFromHistory } from './curve-points-from-history.js';
import { PlotInputError } from './plot-input-error.js';

export interface MetricsLogCurveOptions {
  /** Run name in the legend; default 'run'. */
  run?: string;
  /**
   * The validation metric drawn as the dev metric ('loss' for the validation
   * loss); default: early stopping's monitor if the log has one, else the
   * first validation metric.
   */
  monitor?: string;
}

interface EpochRecord {
  type: 'epoch';
  epoch: number;
  loss: number;
  groundTruthLoss: number;
  distillLoss: number;
  teacherBetterFraction: number;
  validation?: { loss: number; metrics: Record<string, number> };
  earlyStopping?: { monitor: string };
}

/**
 * Curve points from the JSON lines core's `MetricsLog` writes (`metricsLog`
 * option of `fit`): one point per series per `epoch` record. A resumed run
 * appends to the same log and trains its epochs again from the checkpoint,
 * so a later record of an epoch replaces an earlier one. A run without a
 * teacher (train-begin `teacher: false` or gate 'none') has no distillation
 * term or teacher-better share. Epochs are counted from 1, as the CLI's
 * progress and results.md count them (the log's `epoch` is 0-based).
 */
export function curvePointsFromMetricsLog(jsonl: string, options: MetricsLogCurveOptions = {}): CurvePoint[] {
  return readMetricsLog(jsonl, options).points;
}

/** `curvePointsFromMetricsLog` and the monitor it drew as the dev metric (undefined without validation), for the label. */
export function readMetricsLog(jsonl: string, options: MetricsLogCurveOptions = {}): { points: CurvePoint[]; monitor: string | undefined } {
  const { run = 'run' } = options;
  const epochs = new Map<number, EpochRecord>();
  let hasTeacher = true;
  jsonl.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let record: { type?: unknown; teacher?: unknown; options?: { gate?: unknown } };
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new PlotInputError(`metrics log line ${i + 1} is not JSON (${(error as Error).message}): ${line.slice(0, 80)}`);
    }
    if (record.type === 'train-begin') hasTeacher = record.teacher !== false && record.options?.gate !== 'none';
    if (record.type !== 'epoch') return;
    const epoch = record as EpochRecord;
    for (const field of ['epoch', 'loss', 'groundTruthLoss', 'distillLoss', 'teacherBetterFraction'] as const) {
      if (typeof epoch[field] !== 'number') throw new PlotInputError(`metrics log line ${i + 1}: the epoch record's ${field} must be a number; got ${JSON.stringify(epoch[field])}`);
    }
    epochs.set(epoch.epoch, epoch);
  });
  const history = [...epochs.values()].sort((a, b) => a.epoch - b.epoch);
  if (history.length === 0) throw new PlotInputError('the metrics log has no epoch record: was it written by a run that finished an epoch?');
  const monitor = options.monitor ?? history.find((e) => e.earlyStopping)?.earlyStopping?.monitor ?? Object.keys(history.find((e) => e.validation)?.validation?.metrics ?? {})[0];
  const withValidation = history.filter((e) => e.validation);
  if (options.monitor !== undefined && withValidation.length > 0 && monitor !== 'loss' && !(monitor in withValidation[0].validation!.metrics)) {
    const known = ['loss', ...Object.keys(withValidation[0].validation!.metrics)];
    throw new PlotInputError(`monitor ${JSON.stringify(monitor)} is not in the log's validation records; they have ${known.map((k) => `'${k}'`).join(', ')}`);
  }
  const dev = (e: EpochRecord) => (e.validation === undefined || monitor === undefined ? undefined : monitor === 'loss' ? e.validation.loss : e.validation.metrics[monitor]);
  const points = curvePointsFromHistory(
    history.map((e) => ({ epoch: e.epoch + 1, loss: e.loss, groundTruthLoss: e.groundTruthLoss, distillLoss: e.distillLoss, teacherBetterFraction: e.teacherBetterFraction, dev: dev(e) })),
    run,
    undefined,
    hasTeacher,
  );
  return { points, monitor: withValidation.length === 0 ? undefined : monitor };
}
