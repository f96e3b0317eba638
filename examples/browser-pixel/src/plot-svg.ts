import type { LiveEvaluation } from './live-training.js';
import { SHOWN_GATES, type ShownGate } from './shown-gates.js';

export interface PlotSvgOptions {
  /** Drawn as a dashed line in the mIoU panel, what the students climb towards. */
  teacherMeanIoU?: number;
  /** Default 600. */
  width?: number;
  /** Default 380. */
  height?: number;
}

/** One colour per gate, the same in the plot, its legend and the gate buttons. */
export const GATE_COLORS: Readonly<Record<ShownGate, string>> = {
  none: '#7f7f7f',
  all: '#e66101',
  'loss-compare': '#2c7bb6',
};

const MARGIN = { left: 48, right: 12, top: 22, bottom: 34 };
const PANEL_GAP = 34;

/**
 * The two curves of the live run against the step, one line per gate: the
 * share of test pixels where the teacher is better than the student (top)
 * and the students' test mIoU (bottom). An SVG document as a string.
 */
export function plotSvg(evaluations: readonly LiveEvaluation[], { teacherMeanIoU, width = 600, height = 380 }: PlotSvgOptions = {}): string {
  const lastStep = Math.max(1, ...evaluations.map((e) => e.step));
  const panelHeight = (height - MARGIN.top - MARGIN.bottom - PANEL_GAP) / 2;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const x = (step: number) => MARGIN.left + (step / lastStep) * plotWidth;
  const panels = [
    { title: 'Teacher better than the student (share of test pixels)', top: MARGIN.top, value: (e: LiveEvaluation, g: ShownGate) => e.students[g].teacherBetter },
    { title: 'Test mIoU', top: MARGIN.top + panelHeight + PANEL_GAP, value: (e: LiveEvaluation, g: ShownGate) => e.students[g].meanIoU },
  ];
  const parts: string[] = [];
  panels.forEach(({ title, top, value }, p) => {
    const y = (v: number) => top + (1 - v) * panelHeight;
    parts.push(`<text x="${MARGIN.left}" y="${top - 7}" class="title">${title}</text>`);
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
      parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${fmt(y(tick))}" y2="${fmt(y(tick))}" class="grid"/>`);
      parts.push(`<text x="${MARGIN.left - 6}" y="${fmt(y(tick) + 4)}" text-anchor="end">${tick.toFixed(2)}</text>`);
    }
    if (p === 1 && teacherMeanIoU !== undefined && Number.isFinite(teacherMeanIoU)) {
      const ty = fmt(y(teacherMeanIoU));
      parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${ty}" y2="${ty}" class="teacher"/>`);
      parts.push(`<text x="${width - MARGIN.right}" y="${fmt(y(teacherMeanIoU) - 4)}" text-anchor="end" class="teacher-label">teacher ${teacherMeanIoU.toFixed(3)}</text>`);
    }
    for (const gate of SHOWN_GATES) {
      const points = evaluations.map((e) => `${fmt(x(e.step))},${fmt(y(clamp01(value(e, gate))))}`);
      if (points.length > 0) {
        parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${GATE_COLORS[gate]}" stroke-width="2" data-gate="${gate}"/>`);
      }
    }
  });
  const axisY = height - MARGIN.bottom;
  for (const step of stepTicks(lastStep)) {
    parts.push(`<text x="${fmt(x(step))}" y="${axisY + 14}" text-anchor="middle">${step}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${height - 4}" text-anchor="middle">step (each student)</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Teacher-better share and test mIoU against the step, per gate">`,
    '<style>text{font:11px system-ui,sans-serif;fill:#333}.title{font-weight:600}.grid{stroke:#ddd}.teacher{stroke:#333;stroke-dasharray:4 3}.teacher-label{fill:#333}</style>',
    ...parts,
    '</svg>',
  ].join('');
}

/** Round step numbers for the x axis, about five of them. */
function stepTicks(lastStep: number): number[] {
  const rough = lastStep / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? power * 10;
  const ticks: number[] = [];
  for (let t = 0; t <= lastStep; t += Math.max(1, step)) ticks.push(t);
  return ticks;
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

function fmt(v: number): string {
  return String(Math.round(v * 10) / 10);
}
