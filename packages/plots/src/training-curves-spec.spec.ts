import { describe, expect, it } from 'vitest';
import { curvePointsFromHistory } from './curve-points-from-history.js';
import { renderSvg } from './render-svg.js';
import { trainingCurvesSpec } from './training-curves-spec.js';

const history = (scale: number) => [
  { epoch: 0, loss: 2 * scale, groundTruthLoss: 1.5 * scale, distillLoss: 0.5 * scale, teacherBetterFraction: 0.7, dev: 40 },
  { epoch: 1, loss: 1 * scale, groundTruthLoss: 0.75 * scale, distillLoss: 0.25 * scale, teacherBetterFraction: 0.5, dev: 45 },
];
const POINTS = [...curvePointsFromHistory(history(1), 'all'), ...curvePointsFromHistory(history(2), 'loss-compare')];

describe('trainingCurvesSpec', () => {
  const spec: any = trainingCurvesSpec(POINTS, { devMetric: 'dev mIoU (%)' });
  const panels: any[] = spec.vconcat[0].hconcat;

  it('has a titled panel per series with titled axes (x epoch, y the series) and one colour legend of the runs', () => {
    expect(spec.title).toBe('training curves');
    const titles = ['training loss', 'ground-truth term', 'distillation term', 'teacher-better share', 'dev mIoU (%)'];
    expect(panels.map((p) => p.title)).toEqual(titles);
    expect(panels.map((p) => p.encoding.y.title)).toEqual(titles);
    for (const p of panels) {
      expect(p.encoding.x).toMatchObject({ field: 'epoch', title: 'epoch' });
      expect(p.encoding.color).toMatchObject({ field: 'run', scale: { domain: ['all', 'loss-compare'] }, legend: { title: 'run' } });
    }
    expect(spec.resolve).toEqual({ scale: { color: 'shared' }, legend: { color: 'shared' } });
    expect(trainingCurvesSpec(POINTS, { title: 'mine' }).title).toBe('mine');
    expect((trainingCurvesSpec(POINTS) as any).vconcat[0].hconcat[4].title).toBe('dev metric');
  });

  it('encodes each run\'s values of the series in its panel', () => {
    expect(panels[0].data.values).toEqual([
      { run: 'all', epoch: 0, value: 2 },
      { run: 'all', epoch: 1, value: 1 },
      { run: 'loss-compare', epoch: 0, value: 4 },
      { run: 'loss-compare', epoch: 1, value: 2 },
    ]);
    expect(panels[2].data.values.map((v: any) => v.value)).toEqual([0.5, 0.25, 1, 0.5]);
    expect(panels[4].data.values.map((v: any) => v.value)).toEqual([40, 45, 40, 45]);
  });

  it('gives each regime a titled row, and leaves out panels of series no run has', () => {
    const points = [...curvePointsFromHistory(history(1), 'all', 'clean'), ...curvePointsFromHistory(history(1).map(({ dev, ...e }) => ({ ...e, distillLoss: 0, teacherBetterFraction: 0 })), 'none', 'noisy')];
    const s: any = trainingCurvesSpec(points);
    expect(s.vconcat.map((r: any) => r.title)).toEqual(['regime: clean', 'regime: noisy']);
    expect(s.vconcat[1].hconcat.map((p: any) => p.title)).toEqual(['training loss', 'ground-truth term']);
  });

  it('renders with every title and axis title as text', async () => {
    const svg = await renderSvg(spec);
    for (const text of ['training curves', 'training loss', 'distillation term', 'teacher-better share', 'dev mIoU (%)', 'epoch', 'run', 'loss-compare']) {
      expect(svg).toContain(`>${text}</text>`);
    }
  });

  it('refuses bad points, naming the field', () => {
    expect(() => trainingCurvesSpec([])).toThrow('points must be a non-empty array');
    expect(() => trainingCurvesSpec([{ ...POINTS[0], series: 'lr' as never }])).toThrow("points[0].series must be one of 'loss', 'ground-truth term'");
    expect(() => trainingCurvesSpec([{ ...POINTS[0], run: '' }])).toThrow('points[0].run must be a non-empty string; got ""');
    expect(() => trainingCurvesSpec([{ ...POINTS[0], epoch: Number.NaN }])).toThrow('points[0].epoch must be a finite number');
  });
});
