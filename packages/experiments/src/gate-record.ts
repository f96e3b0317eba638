import type { Gate } from '@selective-kd/core';
import { deltaOutcome, deltaText } from './delta-text.js';
import { gateName } from './gate-name.js';
import type { Paired } from './paired.js';
import type { ProtocolReport } from './protocol-report.js';

/** A gate's result in one (modality, regime) cell against the better baseline there. */
export interface GateRecordCell {
  modality: string;
  regime: string;
  /** The baseline with the higher mean test metric: ground truth only or vanilla KD. */
  baseline: 'none' | 'all';
  paired: Paired;
  /** win / loss only when the 95% interval excludes 0. */
  outcome: 'win' | 'tie' | 'loss';
}

export interface GateRecord {
  gate: Gate;
  cells: GateRecordCell[];
  wins: number;
  ties: number;
  losses: number;
  /** The all-modalities table: one row per (modality, regime), and the record in a sentence. */
  markdown: string;
}

/**
 * How `gate` fared in every (modality, regime) cell against the better of
 * ground truth only and vanilla KD there (by mean test metric): win, tie or
 * loss by the paired 95% interval. Cells without the gate or without both
 * baselines are left out.
 */
export function gateRecord(reports: readonly ProtocolReport[], gate: Gate, units = 'units'): GateRecord {
  const cells = reports.flatMap((report) =>
    report.regimes.flatMap((regime): GateRecordCell[] => {
      const row = regime.rows.find((r) => r.gate === gate);
      const none = regime.rows.find((r) => r.gate === 'none');
      const all = regime.rows.find((r) => r.gate === 'all');
      if (!row || !none || !all) return [];
      const baseline = all.test[report.metric].mean > none.test[report.metric].mean ? 'all' : 'none';
      const p = baseline === 'all' ? row.vsVanilla : row.vsGroundTruth;
      if (!p) return [];
      return [{ modality: report.modality, regime: regime.regime, baseline, paired: p, outcome: deltaOutcome(p) }];
    }),
  );
  const count = (outcome: GateRecordCell['outcome']) => cells.filter((c) => c.outcome === outcome).length;
  const [wins, ties, losses] = [count('win'), count('tie'), count('loss')];
  const markdown = [
    `| modality | regime | better baseline | ${gateName(gate, units)} − baseline (points) | record |`,
    '|---|---|---|---|---|',
    ...cells.map((c) => `| ${c.modality} | ${c.regime} | ${gateName(c.baseline, units)} | ${deltaText(c.paired)} | ${c.outcome} |`),
    '',
    `${gateName(gate, units)} against the better baseline in ${cells.length} cells: ${counted(wins, 'win')}, ${counted(ties, 'tie')}, ${counted(losses, 'loss', 'losses')} ` +
      `(a win or loss only where the paired 95% interval excludes 0).`,
  ].join('\n');
  return { gate, cells, wins, ties, losses, markdown };
}

function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
