import { describe, expect, it } from 'vitest';
import type { LiveEvaluation, StudentScore } from './live-training.js';
import { GATE_COLORS, plotSvg } from './plot-svg.js';

const score = (meanIoU: number, teacherBetter: number): StudentScore => ({ meanIoU, pixelAccuracy: 0, teacherBetter });

const EVALUATIONS: LiveEvaluation[] = [
  { step: 0, students: { none: score(0, 1), all: score(0, 1), 'loss-compare': score(0, 1) } },
  { step: 40, students: { none: score(0.5, 0.75), all: score(0.25, 0.5), 'loss-compare': score(1, 0) } },
];

/** The points of a gate's lines, top panel first. */
function points(svg: string, gate: string): string[] {
  return [...svg.matchAll(new RegExp(`<polyline points="([^"]*)"[^>]*data-gate="${gate}"`, 'g'))].map((m) => m[1]);
}

describe('plotSvg', () => {
  // Default 600 × 380: x from 48 to 588; each panel (380 − 22 − 34 − 34) / 2 = 145 high:
  // top y from 22 (value 1) to 167 (0), bottom from 167 + 34 = 201 (1) to 346 (0).
  it('draws one line per gate in each panel, at the values scaled into the panels', () => {
    const svg = plotSvg(EVALUATIONS, { teacherMeanIoU: 0.75 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(points(svg, 'none')).toEqual(['48,22 588,58.3', '48,346 588,273.5']);
    expect(points(svg, 'all')).toEqual(['48,22 588,94.5', '48,346 588,309.8']);
    expect(points(svg, 'loss-compare')).toEqual(['48,22 588,167', '48,346 588,201']);
    expect(svg).toContain(`stroke="${GATE_COLORS['loss-compare']}"`);
    // The teacher's mIoU as a dashed line at 0.75 in the bottom panel.
    expect(svg).toContain('<line x1="48" x2="588" y1="237.3" y2="237.3" class="teacher"/>');
    expect(svg).toContain('teacher 0.750');
  });

  it('draws empty panels before the first evaluation and clamps values outside [0, 1]', () => {
    expect(plotSvg([])).not.toContain('<polyline');
    const odd: LiveEvaluation = { step: 0, students: { none: score(Number.NaN, 2), all: score(-1, 0), 'loss-compare': score(0, 0) } };
    expect(points(plotSvg([odd]), 'none')).toEqual(['48,22', '48,346']);
  });
});
