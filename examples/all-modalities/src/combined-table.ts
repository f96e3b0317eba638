import type { Gate } from '@selective-kd/core';
import type { Headline } from '@selective-kd/experiments';

const COLUMNS: { gate: Gate; title: string }[] = [
  { gate: 'none', title: 'ground truth only' },
  { gate: 'all', title: 'vanilla KD' },
  { gate: 'loss-compare', title: 'selective (loss-compare)' },
];

/**
 * One Markdown table across modalities: per modality its test metric for the
 * students trained with ground truth only, vanilla and selective distillation,
 * the teacher's, and selective − vanilla. A gate an example did not train shows
 * as "—" rather than failing, so a partial run still prints.
 */
export function combinedTable(headlines: readonly Headline[]): string {
  const lines = [
    `| modality | metric | ${COLUMNS.map((c) => c.title).join(' | ')} | teacher | selective − vanilla | teacher-better units |`,
    `|---|---|${COLUMNS.map(() => '---|').join('')}---|---|---|`,
  ];
  for (const h of headlines) {
    const cell = (gate: Gate) => h.rows.find((r) => r.gate === gate);
    const cells = COLUMNS.map(({ gate }) => {
      const row = cell(gate);
      if (!row) return '—';
      return row.std > 0 ? `${row.mean.toFixed(2)} ± ${row.std.toFixed(2)}` : row.mean.toFixed(2);
    });
    const selective = cell('loss-compare');
    const vanilla = cell('all');
    const gap = selective && vanilla ? signed(selective.mean - vanilla.mean) : '—';
    const better = Number.isFinite(h.teacherBetterFraction) ? `${(100 * h.teacherBetterFraction).toFixed(1)}%` : '—';
    lines.push(`| ${h.modality} | ${h.metric} | ${cells.join(' | ')} | ${h.teacher.toFixed(2)} | ${gap} | ${better} |`);
  }
  return lines.join('\n');
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}
