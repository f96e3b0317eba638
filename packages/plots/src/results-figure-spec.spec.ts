import { describe, expect, it } from 'vitest';
import type { GateResultPoint } from './gate-result-point.js';
import { renderSvg } from './render-svg.js';
import { resultsFigureSpec } from './results-figure-spec.js';

// Golden numbers: numpy float64 (mean, std with ddof=1) and scipy.stats.t.ppf(0.975, 2) for the intervals.
const SCORES: Record<string, number[]> = { none: [60, 61.5, 59], all: [62, 62.25, 61], lc: [63.5, 62, 64] };
const POINTS: GateResultPoint[] = Object.entries(SCORES).flatMap(([gate, values]) => values.map((value, seed) => ({ regime: 'clean', gate, seed, value })));

const rows = (spec: any) => spec.vconcat as any[];
const layerWith = (panel: any, mark: string, field: string) => panel.layer.find((l: any) => (l.mark.type ?? l.mark) === mark && l.encoding.y.field === field);

describe('resultsFigureSpec', () => {
  const spec: any = resultsFigureSpec(POINTS, { metric: 'test mIoU (%)', gateLabels: { lc: 'loss-compare' }, regimeLabels: { clean: 'clean labels' } });
  const [scores, differences] = rows(spec).map((r) => r.hconcat[0]);

  it('titles the figure, its rows and panels, and every axis', () => {
    expect(spec.title).toBe('test mIoU (%) per gate');
    expect(rows(spec).map((r) => r.title)).toEqual([
      'every seed (dot), mean ± std (bar), baseline means (dashed)',
      'paired differences: per seed (dot), mean and 95% t-interval (bar)',
    ]);
    expect(scores.title).toBe('clean labels');
    expect(differences.title).toBe('clean labels: minus each baseline');
    for (const layer of scores.layer) expect(layer.encoding.y.title).toBe('test mIoU (%)');
    for (const layer of differences.layer) expect(layer.encoding.y.title).toBe('difference in test mIoU (%) (same seed)');
    for (const layer of [...scores.layer, ...differences.layer].filter((l: any) => l.encoding.x)) expect(layer.encoding.x.title).toBe('gate');
    expect(layerWith(scores, 'rule', 'mean').encoding.color.legend.title).toBe('baseline');
    expect(resultsFigureSpec(POINTS, { metric: 'accuracy', title: 'mine' }).title).toBe('mine');
  });

  it('draws every seed as a dot and the mean ± std of each gate, in the order the gates came', () => {
    expect(layerWith(scores, 'point', 'value').data.values).toEqual(POINTS.map(({ gate, seed, value }) => ({ gate: gate === 'lc' ? 'loss-compare' : gate, seed, value })));
    expect(layerWith(scores, 'point', 'value').encoding.x.sort).toEqual(['none', 'all', 'loss-compare']);
    const summaries = layerWith(scores, 'tick', 'mean').data.values;
    const golden = [
      ['none', 60.166666666666664, 1.2583057392117918],
      ['all', 61.75, 0.6614378277661477],
      ['loss-compare', 63.166666666666664, 1.0408329997330665],
    ] as const;
    golden.forEach(([gate, mean, std], i) => {
      expect(summaries[i]).toMatchObject({ gate, n: 3 });
      expect(summaries[i].mean).toBeCloseTo(mean, 12);
      expect(summaries[i].std).toBeCloseTo(std, 12);
      expect(summaries[i].low).toBeCloseTo(mean - std, 12);
      expect(summaries[i].high).toBeCloseTo(mean + std, 12);
    });
    expect(layerWith(scores, 'rule', 'low').data.values).toEqual(summaries);
  });

  it('draws the ground-truth-only and vanilla-KD means as reference lines', () => {
    const references = layerWith(scores, 'rule', 'mean').data.values;
    expect(references.map((r: any) => [r.baseline, r.gate])).toEqual([
      ['ground truth only', 'none'],
      ['vanilla KD', 'all'],
    ]);
    expect(references[0].mean).toBeCloseTo(60.166666666666664, 12);
    expect(references[1].mean).toBeCloseTo(61.75, 12);
  });

  it('draws the paired per-seed differences against each baseline with their mean and 95% t-interval, and a zero line', () => {
    const dots = layerWith(differences, 'point', 'difference').data.values;
    expect(dots).toEqual([
      { gate: 'all', baseline: 'ground truth only', seed: 0, difference: 2 },
      { gate: 'all', baseline: 'ground truth only', seed: 1, difference: 0.75 },
      { gate: 'all', baseline: 'ground truth only', seed: 2, difference: 2 },
      { gate: 'loss-compare', baseline: 'ground truth only', seed: 0, difference: 3.5 },
      { gate: 'loss-compare', baseline: 'ground truth only', seed: 1, difference: 0.5 },
      { gate: 'loss-compare', baseline: 'ground truth only', seed: 2, difference: 5 },
      { gate: 'loss-compare', baseline: 'vanilla KD', seed: 0, difference: 1.5 },
      { gate: 'loss-compare', baseline: 'vanilla KD', seed: 1, difference: -0.25 },
      { gate: 'loss-compare', baseline: 'vanilla KD', seed: 2, difference: 3 },
    ]);
    const intervals = layerWith(differences, 'rule', 'low').data.values;
    const golden = [
      ['all', 'ground truth only', 1.5833333333333333, -0.2094386373956092, 3.3761053040622757],
      ['loss-compare', 'ground truth only', 3.0, -2.6918745503951387, 8.691874550395138],
      ['loss-compare', 'vanilla KD', 1.4166666666666667, -2.6240361437710407, 5.457369477104375],
    ] as const;
    expect(intervals).toHaveLength(3);
    golden.forEach(([gate, baseline, mean, low, high], i) => {
      expect(intervals[i]).toMatchObject({ gate, baseline, n: 3 });
      expect(intervals[i].mean).toBeCloseTo(mean, 12);
      expect(intervals[i].low).toBeCloseTo(low, 8);
      expect(intervals[i].high).toBeCloseTo(high, 8);
    });
    expect(layerWith(differences, 'rule', 'zero').data.values).toEqual([{ zero: 0 }]);
  });

  it('pairs by seed only: a seed one side lacks is left out of the differences', () => {
    const some = POINTS.filter((p) => !(p.gate === 'none' && p.seed === 1));
    const s: any = resultsFigureSpec(some, { metric: 'm' });
    const dots = layerWith(rows(s)[1].hconcat[0], 'point', 'difference').data.values;
    expect(dots.filter((d: any) => d.baseline === 'ground truth only').map((d: any) => d.seed)).toEqual([0, 2, 0, 2]);
  });

  it('gives each regime a column, and no difference row when no baseline is there', () => {
    const two = [...POINTS, ...POINTS.map((p) => ({ ...p, regime: 'noisy', value: p.value - 10 }))];
    const s: any = resultsFigureSpec(two, { metric: 'm' });
    expect(rows(s)[0].hconcat.map((p: any) => p.title)).toEqual(['clean', 'noisy']);
    expect(layerWith(rows(s)[0].hconcat[1], 'rule', 'mean').data.values[1].mean).toBeCloseTo(51.75, 12);
    const noBaseline: any = resultsFigureSpec([{ regime: 'r', gate: 'lc', seed: 0, value: 1 }], { metric: 'm' });
    expect(rows(noBaseline)).toHaveLength(1);
    expect(rows(noBaseline)[0].hconcat[0].layer.map((l: any) => l.mark.type)).toEqual(['rule', 'tick', 'point']);
  });

  it('renders with its titles and axis titles as text', async () => {
    const svg = await renderSvg(spec);
    for (const text of ['test mIoU (%) per gate', 'clean labels', 'gate', 'test mIoU (%)', 'baseline', 'vanilla KD', 'ground truth only', 'loss-compare']) {
      expect(svg).toContain(`>${text}</text>`);
    }
  });

  it('refuses bad points and a missing metric, naming the field', () => {
    expect(() => resultsFigureSpec([], { metric: 'm' })).toThrow('points must be a non-empty array');
    expect(() => resultsFigureSpec(POINTS, { metric: '' })).toThrow('options.metric (the axis title) must be a non-empty string; got ""');
    expect(() => resultsFigureSpec([{ regime: 'r', gate: 'g', seed: 0, value: Number.NaN }], { metric: 'm' })).toThrow('points[0].value must be a finite number; got null');
    expect(() => resultsFigureSpec([{ regime: 'r', gate: '', seed: 0, value: 1 }], { metric: 'm' })).toThrow('points[0].gate must be a non-empty string');
    expect(() => resultsFigureSpec([{ regime: 'r', gate: 'g', seed: 0.5, value: 1 }], { metric: 'm' })).toThrow('points[0].seed must be a whole number; got 0.5');
    expect(() => resultsFigureSpec([POINTS[0], POINTS[0]], { metric: 'm' })).toThrow('points[1] repeats regime "clean", gate "none", seed 0');
  });
});
