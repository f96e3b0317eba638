import type { Gate } from '@selective-kd/core';
import type { ProtocolReport } from '@selective-kd/experiments';
import { signAgreement, type SignCheck } from './sign-agreement.js';

const COLUMNS: { gate: Gate; title: string }[] = [
  { gate: 'none', title: 'ground truth only' },
  { gate: 'all', title: 'vanilla KD' },
  { gate: 'loss-compare', title: 'selective (loss-compare)' },
  { gate: 'rectified', title: 'rectified teacher' },
];

/** One modality's quick run and, when its example has one committed, its full run. */
export interface CombinedEntry {
  quick: ProtocolReport;
  full?: ProtocolReport;
}

/**
 * One Markdown table across modalities: per modality and quick-mode regime, the
 * test metric of the students trained with ground truth only, vanilla KD,
 * selective distillation and the rectified teacher, the teacher's, and how many
 * of the compared differences have the sign the full run measured on that
 * regime. A gate an example did not train shows as "—", so a partial run still prints.
 */
export function combinedTable(entries: readonly CombinedEntry[]): string {
  const lines = [
    `| modality | regime | metric | ${COLUMNS.map((c) => c.title).join(' | ')} | teacher | signs as in the full run |`,
    `|---|---|---|${COLUMNS.map(() => '---|').join('')}---|---|`,
  ];
  for (const { quick, full } of entries) {
    const checks = full ? signAgreement(quick, full) : [];
    for (const regime of quick.regimes) {
      const cells = COLUMNS.map(({ gate }) => {
        const stat = regime.rows.find((r) => r.gate === gate)?.test[quick.metric];
        if (!stat) return '—';
        return stat.std > 0 ? `${percent(stat.mean)} ± ${percent(stat.std)}` : percent(stat.mean);
      });
      const teacher = regime.teacher.test[quick.metric];
      const agreement = !full ? 'no full run' : checks.length === 0 ? 'regime not in the full run' : `${checks.filter((c) => c.agrees).length}/${checks.length}`;
      lines.push(
        `| ${quick.modality} | ${regime.regime} | ${quick.headline} | ${cells.join(' | ')} | ${teacher === undefined ? '—' : percent(teacher)} | ${agreement} |`,
      );
    }
  }
  return lines.join('\n');
}

/** The compared differences whose quick sign differs from the full run's, one line each, for under the table. */
export function disagreements(entries: readonly CombinedEntry[]): string[] {
  return entries.flatMap(({ quick, full }) =>
    full ? signAgreement(quick, full).filter((c) => !c.agrees).map((c) => `${quick.modality}: ${differenceText(c)}`) : [],
  );
}

function differenceText(check: SignCheck): string {
  return `${check.gate} − ${check.baseline} is ${points(check.quick)} here but ${points(check.full)} in the full run`;
}

function percent(fraction: number): string {
  return (100 * fraction).toFixed(2);
}

function points(fraction: number): string {
  const value = 100 * fraction;
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}
