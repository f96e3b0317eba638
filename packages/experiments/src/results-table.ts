import type { Gate } from '@selective-kd/core';
import type { ModalityReport } from './modality-report.js';
import type { Stat } from './stat.js';
import type { GateSummary } from './summarize.js';

/** A Markdown table of the summaries, one metric column per report column, with the teacher as the last row. */
export function resultsTable<Metric extends string>(
  rows: readonly GateSummary<Metric>[],
  teacher: Record<string, number>,
  { columns, units }: Pick<ModalityReport<Metric>, 'columns' | 'units'>,
): string {
  const names = gateNames(units);
  const lines = [
    `| student trained with | ${columns.map((c) => c.title).join(' | ')} | teacher-better fraction | seconds per run |`,
    `|---|${columns.map(() => '---|').join('')}---|---|`,
    ...rows.map(
      (r) =>
        `| ${names[r.gate]} | ${columns.map((c) => pct(r[c.metric])).join(' | ')} | ${(100 * r.teacherBetterFraction).toFixed(1)}% | ${r.seconds.toFixed(0)} |`,
    ),
    `| *teacher* | ${columns.map((c) => (100 * (teacher[c.metric] ?? Number.NaN)).toFixed(2)).join(' | ')} | | |`,
  ];
  return lines.join('\n');
}

function gateNames(units: string): Record<Gate, string> {
  return {
    none: 'ground truth only',
    all: `vanilla KD (all ${units})`,
    'teacher-correct': `teacher-correct ${units}`,
    'loss-compare': 'selective (loss-compare)',
    soft: 'soft weights',
  };
}

function pct({ mean, std }: Stat): string {
  return `${(100 * mean).toFixed(2)} ± ${(100 * std).toFixed(2)}`;
}
