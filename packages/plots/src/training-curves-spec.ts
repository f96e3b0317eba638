import { CURVE_SERIES, type CurvePoint, type CurveSeries } from './curve-point.js';
import { PlotInputError } from './plot-input-error.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

export interface TrainingCurvesOptions {
  /** Name of the dev metric (its panel title and axis), e.g. 'dev mIoU'; default 'dev metric'. */
  devMetric?: string;
  /** Default: 'training curves'. */
  title?: string;
}

const SERIES_TITLES: Record<CurveSeries, string> = {
  loss: 'training loss',
  'ground-truth term': 'ground-truth term',
  'distillation term': 'distillation term',
  'teacher-better share': 'teacher-better share',
  'dev metric': 'dev metric',
};

/**
 * Training curves: a panel per series that has points (x epoch, y value, a
 * line per run, one colour legend of the runs), and a row per regime when the
 * points name regimes.
 */
export function trainingCurvesSpec(points: readonly CurvePoint[], options: TrainingCurvesOptions = {}): VegaLiteSpec {
  checkPoints(points);
  const titles = { ...SERIES_TITLES, 'dev metric': options.devMetric ?? SERIES_TITLES['dev metric'] };
  const runs = [...new Set(points.map((p) => p.run))];
  const regimes = [...new Set(points.map((p) => p.regime))];
  const rows = regimes.map((regime) => {
    const inRegime = points.filter((p) => p.regime === regime);
    const panels = CURVE_SERIES.filter((series) => inRegime.some((p) => p.series === series)).map((series) => ({
      title: titles[series],
      width: 180,
      height: 140,
      data: { values: inRegime.filter((p) => p.series === series).map(({ run, epoch, value }) => ({ run, epoch, value })) },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: titles[series], scale: { zero: false } },
        color: { field: 'run', type: 'nominal', scale: { domain: runs }, legend: { title: 'run', labelLimit: 400 } },
        tooltip: [{ field: 'run' }, { field: 'epoch' }, { field: 'value' }],
      },
    }));
    return regime === undefined ? { hconcat: panels } : { title: `regime: ${regime}`, hconcat: panels };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? 'training curves',
    vconcat: rows,
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
  } as VegaLiteSpec;
}

function checkPoints(points: readonly CurvePoint[]): void {
  if (!Array.isArray(points) || points.length === 0) throw new PlotInputError('trainingCurvesSpec: points must be a non-empty array of { run, epoch, series, value } (a log with no epoch record gives none)');
  points.forEach((p, i) => {
    if (typeof p?.run !== 'string' || p.run === '') throw new PlotInputError(`trainingCurvesSpec: points[${i}].run must be a non-empty string; got ${JSON.stringify(p?.run)}`);
    if (p.regime !== undefined && (typeof p.regime !== 'string' || p.regime === '')) throw new PlotInputError(`trainingCurvesSpec: points[${i}].regime must be a non-empty string or absent; got ${JSON.stringify(p.regime)}`);
    if (!CURVE_SERIES.includes(p.series)) throw new PlotInputError(`trainingCurvesSpec: points[${i}].series must be one of ${CURVE_SERIES.map((s) => `'${s}'`).join(', ')}; got ${JSON.stringify(p.series)}`);
    if (typeof p.epoch !== 'number' || !Number.isFinite(p.epoch)) throw new PlotInputError(`trainingCurvesSpec: points[${i}].epoch must be a finite number; got ${JSON.stringify(p.epoch)}`);
    // A diverged run's NaN loss is dropped by vega (a gap), so only the type is checked.
    if (typeof p.value !== 'number') throw new PlotInputError(`trainingCurvesSpec: points[${i}].value must be a number; got ${JSON.stringify(p.value)}`);
  });
}
