import type { GateResultPoint } from './gate-result-point.js';
import { PlotInputError } from './plot-input-error.js';
import { sampleStatistics } from './sample-statistics.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

export interface ResultsFigureOptions {
  /** The y axis title, e.g. 'test mIoU (%)'. */
  metric: string;
  /** The gate trained on the ground truth alone; default 'none'. */
  groundTruthGate?: string;
  /** The gate that distils every unit (vanilla KD); default 'all'. */
  vanillaGate?: string;
  /** Axis names of the gates; a gate without one is shown as is. */
  gateLabels?: Record<string, string>;
  /** Panel titles of the regimes; a regime without one is shown as is. */
  regimeLabels?: Record<string, string>;
  /** Default: `<metric> per gate`. */
  title?: string;
}

/** The names of the two baselines, in the reference lines and the difference panels alike. */
export const BASELINE_NAMES = { groundTruth: 'ground truth only', vanilla: 'vanilla KD' } as const;
const BASELINE_COLOURS = ['#4c78a8', '#e45756'];

/**
 * The per-gate result figure: a column per regime. Top row: every seed as a
 * dot, mean ± std as a bar with the mean as a tick, the ground-truth-only and
 * vanilla-KD means as dashed reference lines. Bottom row: the paired
 * differences (same regime, same seed) of every other gate against each
 * baseline, as dots with their mean and 95% t-interval, and a zero line.
 * Pairing by seed removes what the seeds share (data order, initialisation),
 * which is why the differences are tighter than the top row suggests.
 */
export function resultsFigureSpec(points: readonly GateResultPoint[], options: ResultsFigureOptions): VegaLiteSpec {
  const { metric, groundTruthGate = 'none', vanillaGate = 'all', gateLabels = {}, regimeLabels = {} } = options;
  if (typeof metric !== 'string' || metric.trim() === '') throw new PlotInputError(`resultsFigureSpec: options.metric (the axis title) must be a non-empty string; got ${JSON.stringify(metric)}`);
  checkPoints(points);
  const gates = unique(points.map((p) => p.gate));
  const regimes = unique(points.map((p) => p.regime));
  const gateLabel = (gate: string) => gateLabels[gate] ?? gate;
  const gateOrder = gates.map(gateLabel);
  const baselines = [
    { gate: groundTruthGate, name: BASELINE_NAMES.groundTruth },
    { gate: vanillaGate, name: BASELINE_NAMES.vanilla },
  ];
  const colour = { scale: { domain: baselines.map((b) => b.name), range: BASELINE_COLOURS }, legend: { title: 'baseline' } };

  const scorePanels = regimes.map((regime) => {
    const inRegime = points.filter((p) => p.regime === regime);
    const summaries = gates
      .map((gate) => ({ gate, values: inRegime.filter((p) => p.gate === gate).map((p) => p.value) }))
      .filter((g) => g.values.length > 0)
      .map(({ gate, values }) => {
        const s = sampleStatistics(values);
        return { gate: gateLabel(gate), n: s.n, mean: s.mean, std: s.std, low: s.mean - s.std, high: s.mean + s.std };
      });
    const references = baselines.flatMap((b) => {
      const values = inRegime.filter((p) => p.gate === b.gate).map((p) => p.value);
      return values.length === 0 ? [] : [{ baseline: b.name, gate: gateLabel(b.gate), mean: sampleStatistics(values).mean }];
    });
    const x = { field: 'gate', type: 'nominal', sort: gateOrder, title: 'gate', axis: { labelAngle: -30 } } as const;
    const y = { type: 'quantitative', title: metric, scale: { zero: false } } as const;
    return {
      title: regimeLabels[regime] ?? regime,
      width: Math.max(160, 48 * gates.length),
      height: 220,
      layer: [
        ...(references.length === 0
          ? []
          : [{ data: { values: references }, mark: { type: 'rule', strokeDash: [6, 4] }, encoding: { y: { field: 'mean', ...y }, color: { field: 'baseline', type: 'nominal', ...colour } } }]),
        { data: { values: summaries }, mark: { type: 'rule', strokeWidth: 3, opacity: 0.5, color: '#555' }, encoding: { x, y: { field: 'low', ...y }, y2: { field: 'high' } } },
        { data: { values: summaries }, mark: { type: 'tick', thickness: 2, color: '#222' }, encoding: { x, y: { field: 'mean', ...y } } },
        {
          data: { values: inRegime.map((p) => ({ gate: gateLabel(p.gate), seed: p.seed, value: p.value })) },
          mark: { type: 'point', filled: true, size: 36, opacity: 0.8, color: '#222' },
          encoding: { x, y: { field: 'value', ...y }, tooltip: [{ field: 'seed' }, { field: 'value' }] },
        },
      ],
    };
  });

  const differencePanels = regimes.flatMap((regime) => {
    const inRegime = points.filter((p) => p.regime === regime);
    const differences = pairedDifferences(inRegime, gates, baselines).map((d) => ({ ...d, gate: gateLabel(d.gate) }));
    if (differences.length === 0) return [];
    const summaries = unique(differences.map((d) => `${d.gate}\u0000${d.baseline}`)).map((key) => {
      const [gate, baseline] = key.split('\u0000');
      const s = sampleStatistics(differences.filter((d) => d.gate === gate && d.baseline === baseline).map((d) => d.difference));
      return { gate, baseline, n: s.n, mean: s.mean, low: s.mean - s.ci95, high: s.mean + s.ci95 };
    });
    const x = { field: 'gate', type: 'nominal', sort: gateOrder, title: 'gate', axis: { labelAngle: -30 } } as const;
    const xOffset = { field: 'baseline', type: 'nominal', sort: baselines.map((b) => b.name) } as const;
    const y = { type: 'quantitative', title: `difference in ${metric} (same seed)` } as const;
    const color = { field: 'baseline', type: 'nominal', ...colour } as const;
    return [
      {
        title: `${regimeLabels[regime] ?? regime}: minus each baseline`,
        width: Math.max(160, 48 * gates.length),
        height: 180,
        layer: [
          { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888' }, encoding: { y: { field: 'zero', ...y } } },
          { data: { values: summaries }, mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, xOffset, y: { field: 'low', ...y }, y2: { field: 'high' }, color } },
          { data: { values: summaries }, mark: { type: 'tick', thickness: 2 }, encoding: { x, xOffset, y: { field: 'mean', ...y }, color } },
          {
            data: { values: differences },
            mark: { type: 'point', filled: true, size: 30, opacity: 0.7 },
            encoding: { x, xOffset, y: { field: 'difference', ...y }, color, tooltip: [{ field: 'seed' }, { field: 'difference' }] },
          },
        ],
      },
    ];
  });

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? `${metric} per gate`,
    vconcat: [
      { title: 'every seed (dot), mean ± std (bar), baseline means (dashed)', hconcat: scorePanels },
      ...(differencePanels.length === 0 ? [] : [{ title: 'paired differences: per seed (dot), mean and 95% t-interval (bar)', hconcat: differencePanels }]),
    ],
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
  } as VegaLiteSpec;
}

/**
 * For each baseline, `gate − baseline` of every other gate with a result of
 * the same seed; vanilla − ground truth is kept once (under the ground-truth
 * baseline), not repeated as its negative.
 */
function pairedDifferences(points: readonly GateResultPoint[], gates: readonly string[], baselines: readonly { gate: string; name: string }[]) {
  const out: { gate: string; baseline: string; seed: number; difference: number }[] = [];
  baselines.forEach((baseline, b) => {
    const earlier = new Set(baselines.slice(0, b).map((x) => x.gate));
    const bySeed = new Map(points.filter((p) => p.gate === baseline.gate).map((p) => [p.seed, p.value]));
    for (const gate of gates) {
      if (gate === baseline.gate || earlier.has(gate)) continue;
      for (const p of points.filter((q) => q.gate === gate)) {
        const base = bySeed.get(p.seed);
        if (base !== undefined) out.push({ gate, baseline: baseline.name, seed: p.seed, difference: p.value - base });
      }
    }
  });
  return out;
}

function checkPoints(points: readonly GateResultPoint[]): void {
  if (!Array.isArray(points) || points.length === 0) throw new PlotInputError('resultsFigureSpec: points must be a non-empty array of { regime, gate, seed, value }');
  const seen = new Set<string>();
  points.forEach((p, i) => {
    for (const field of ['regime', 'gate'] as const) {
      if (typeof p?.[field] !== 'string' || p[field] === '') throw new PlotInputError(`resultsFigureSpec: points[${i}].${field} must be a non-empty string; got ${JSON.stringify(p?.[field])}`);
    }
    if (!Number.isSafeInteger(p.seed)) throw new PlotInputError(`resultsFigureSpec: points[${i}].seed must be a whole number; got ${JSON.stringify(p.seed)}`);
    if (typeof p.value !== 'number' || !Number.isFinite(p.value)) throw new PlotInputError(`resultsFigureSpec: points[${i}].value must be a finite number; got ${JSON.stringify(p.value)}`);
    const key = JSON.stringify([p.regime, p.gate, p.seed]);
    // Two scores for one (regime, gate, seed) would make the pairing by seed ambiguous.
    if (seen.has(key)) throw new PlotInputError(`resultsFigureSpec: points[${i}] repeats regime ${JSON.stringify(p.regime)}, gate ${JSON.stringify(p.gate)}, seed ${p.seed}`);
    seen.add(key);
  });
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
