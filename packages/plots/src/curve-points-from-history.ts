import type { CurvePoint, EpochSummary } from './curve-point.js';

/**
 * Curve points of one run from its per-epoch summaries. A run without a
 * teacher (gate 'none') has no distillation term and no teacher-better share,
 * so those series are left out rather than drawn as zeros. `hasTeacher`
 * defaults to whether any epoch has a non-zero distillation term or share
 * (a run with a teacher that never distilled a unit looks the same: pass it).
 */
export function curvePointsFromHistory(
  history: readonly EpochSummary[],
  run: string,
  regime?: string,
  hasTeacher = history.some((e) => e.distillLoss !== 0 || e.teacherBetterFraction !== 0),
): CurvePoint[] {
  const at = regime === undefined ? {} : { regime };
  return history.flatMap((e) => [
    { run, ...at, epoch: e.epoch, series: 'loss' as const, value: e.loss },
    { run, ...at, epoch: e.epoch, series: 'ground-truth term' as const, value: e.groundTruthLoss },
    ...(hasTeacher
      ? [
          { run, ...at, epoch: e.epoch, series: 'distillation term' as const, value: e.distillLoss },
          { run, ...at, epoch: e.epoch, series: 'teacher-better share' as const, value: e.teacherBetterFraction },
        ]
      : []),
    ...(e.dev === undefined ? [] : [{ run, ...at, epoch: e.epoch, series: 'dev metric' as const, value: e.dev }]),
  ]);
}
