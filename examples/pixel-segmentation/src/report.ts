import type { Gate } from '@selective-kd/core';
import type { StudentRun } from './experiment.js';

/** One table row: a gate's students over all seeds. */
export interface GateSummary {
  gate: Gate;
  runs: number;
  meanIoU: Stat;
  pixelAccuracy: Stat;
  teacherBetterFraction: number;
  seconds: number;
}

export interface Stat {
  mean: number;
  std: number;
}

const GATE_NAMES: Record<Gate, string> = {
  none: 'ground truth only',
  all: 'vanilla KD (all pixels)',
  'teacher-correct': 'teacher-correct pixels',
  'loss-compare': 'selective (loss-compare)',
  soft: 'soft weights',
};

export function summarize(runs: readonly StudentRun[]): GateSummary[] {
  const gates = [...new Set(runs.map((r) => r.gate))];
  return gates.map((gate) => {
    const mine = runs.filter((r) => r.gate === gate);
    return {
      gate,
      runs: mine.length,
      meanIoU: stat(mine.map((r) => r.test.meanIoU)),
      pixelAccuracy: stat(mine.map((r) => r.test.pixelAccuracy)),
      teacherBetterFraction: mean(mine.map((r) => r.teacherBetterFraction)),
      seconds: mean(mine.map((r) => r.seconds)),
    };
  });
}

/** A Markdown table of the summaries with the teacher as the last row. */
export function resultsTable(rows: readonly GateSummary[], teacher: Record<string, number>): string {
  const lines = [
    '| student trained with | test mIoU (mean ± std) | pixel accuracy | teacher-better fraction | seconds per run |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${GATE_NAMES[r.gate]} | ${pct(r.meanIoU)} | ${pct(r.pixelAccuracy)} | ${(100 * r.teacherBetterFraction).toFixed(1)}% | ${r.seconds.toFixed(0)} |`,
    ),
    `| *teacher* | ${(100 * teacher.meanIoU).toFixed(2)} | ${(100 * teacher.pixelAccuracy).toFixed(2)} | | |`,
  ];
  return lines.join('\n');
}

/** One sentence on whether selective distillation beat vanilla distillation, and by how much. */
export function verdict(rows: readonly GateSummary[]): string {
  const selective = rows.find((r) => r.gate === 'loss-compare');
  const vanilla = rows.find((r) => r.gate === 'all');
  if (!selective || !vanilla) return '';
  const gap = 100 * (selective.meanIoU.mean - vanilla.meanIoU.mean);
  const noise = 100 * Math.max(selective.meanIoU.std, vanilla.meanIoU.std);
  const signed = `${gap >= 0 ? '+' : ''}${gap.toFixed(2)} mIoU points`;
  if (selective.runs < 2) {
    return `One seed only, so no spread was measured: selective − vanilla = ${signed}; run more seeds before reading anything into it.`;
  }
  const size = `${signed} over ${selective.runs} seeds (largest std ${noise.toFixed(2)})`;
  if (gap > noise) return `Selective distillation beat vanilla distillation: ${size}.`;
  if (gap < -noise) return `Selective distillation did worse than vanilla distillation: ${size}.`;
  return `Selective and vanilla distillation are within noise of each other: ${size}.`;
}

function stat(values: number[]): Stat {
  const m = mean(values);
  const variance = values.length > 1 ? values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1) : 0;
  return { mean: m, std: Math.sqrt(variance) };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}

function pct({ mean: m, std }: Stat): string {
  return `${(100 * m).toFixed(2)} ± ${(100 * std).toFixed(2)}`;
}
