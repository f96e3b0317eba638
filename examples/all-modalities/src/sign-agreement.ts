import type { Gate } from '@selective-kd/core';
import type { ProtocolReport, RegimeReport } from '@selective-kd/experiments';

/** The differences whose sign the quick table must share with the full run: each distilling gate against each baseline. */
export const COMPARED_DIFFERENCES: readonly (readonly [Gate, Gate])[] = [
  ['all', 'none'],
  ['loss-compare', 'none'],
  ['loss-compare', 'all'],
  ['rectified', 'none'],
  ['rectified', 'all'],
];

/** Differences this small (in metric fractions) count as zero on both sides. */
const ZERO = 1e-9;

export interface SignCheck {
  gate: Gate;
  baseline: Gate;
  /** Quick mode's mean difference and the full run's paired mean difference on the same regime. */
  quick: number;
  full: number;
  agrees: boolean;
}

/**
 * For one modality, whether each compared difference has the same sign in the
 * quick run as in the full run's same regime (the full run's per-seed paired
 * mean). Differences missing on either side are left out.
 */
export function signAgreement(quick: ProtocolReport, full: ProtocolReport): SignCheck[] {
  const checks: SignCheck[] = [];
  for (const quickRegime of quick.regimes) {
    const fullRegime = full.regimes.find((r) => r.regime === quickRegime.regime);
    if (!fullRegime) continue;
    for (const [gate, baseline] of COMPARED_DIFFERENCES) {
      const q = meanDifference(quickRegime, gate, baseline, quick.metric);
      const f = meanDifference(fullRegime, gate, baseline, full.metric);
      if (q === undefined || f === undefined) continue;
      checks.push({ gate, baseline, quick: q, full: f, agrees: signOf(q) === signOf(f) });
    }
  }
  return checks;
}

/** The regime's mean test difference gate − baseline, from the paired per-seed comparison the report made. */
function meanDifference(regime: RegimeReport, gate: Gate, baseline: Gate, metric: string): number | undefined {
  const row = regime.rows.find((r) => r.gate === gate);
  const base = regime.rows.find((r) => r.gate === baseline);
  if (!row || !base) return undefined;
  const paired = baseline === 'none' ? row.vsGroundTruth : baseline === 'all' ? row.vsVanilla : undefined;
  return paired?.mean ?? row.test[metric].mean - base.test[metric].mean;
}

function signOf(value: number): -1 | 0 | 1 {
  return Math.abs(value) < ZERO ? 0 : value > 0 ? 1 : -1;
}
