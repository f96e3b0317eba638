import type { Gate } from '@selective-kd/core';
import { protocolReport, type ModalityReport, type StudentRun } from '@selective-kd/experiments';
import { describe, expect, it } from 'vitest';
import { combinedTable, disagreements } from './combined-table.js';
import { signAgreement } from './sign-agreement.js';

const REPORT: ModalityReport = {
  modality: 'text',
  units: 'tokens',
  columns: [{ metric: 'accuracy', title: 'test accuracy' }],
  points: 'accuracy points',
  headline: 'token accuracy (%)',
  progress: [{ metric: 'accuracy', title: 'test accuracy' }],
};
const TEACHERS = { shifted: { dev: { accuracy: 0.9 }, test: { accuracy: 0.91 } } };

function runs(accuracies: Partial<Record<Gate, number[]>>): StudentRun[] {
  return Object.entries(accuracies).flatMap(([gate, values]) =>
    values!.map((accuracy, seed) => ({
      regime: 'shifted',
      gate: gate as Gate,
      seed,
      settings: {},
      dev: { accuracy },
      test: { accuracy },
      epochs: 10,
      bestEpoch: 5,
      teacherBetterFraction: 0.5,
      seconds: 3,
    })),
  );
}

// Full run: vanilla below ground truth on every seed, both selective gates above both baselines.
const full = protocolReport(
  { runs: runs({ none: [0.9, 0.91], all: [0.89, 0.9], 'loss-compare': [0.92, 0.93], rectified: [0.93, 0.94] }) },
  TEACHERS,
  REPORT,
);

describe('signAgreement', () => {
  it('compares each distilling gate with each baseline against the full run', () => {
    const quick = protocolReport({ runs: runs({ none: [0.8], all: [0.81], 'loss-compare': [0.82], rectified: [0.83] }) }, TEACHERS, REPORT);
    const checks = signAgreement(quick, full);
    expect(checks.map((c) => `${c.gate}-${c.baseline}:${c.agrees}`)).toEqual([
      'all-none:false',
      'loss-compare-none:true',
      'loss-compare-all:true',
      'rectified-none:true',
      'rectified-all:true',
    ]);
    expect(checks[0].quick).toBeCloseTo(0.01, 12);
    expect(checks[0].full).toBeCloseTo(-0.01, 12);
  });

  it('leaves out regimes the full run does not have and gates either side lacks', () => {
    const quick = protocolReport({ runs: runs({ none: [0.8], all: [0.79] }) }, TEACHERS, REPORT);
    expect(signAgreement(quick, full).map((c) => c.gate)).toEqual(['all']);
    const other = protocolReport({ runs: runs({ none: [0.8], all: [0.79] }).map((r) => ({ ...r, regime: 'weak' })) }, { weak: TEACHERS.shifted }, REPORT);
    expect(signAgreement(other, full)).toEqual([]);
  });
});

describe('combinedTable', () => {
  it('shows each gate, the teacher and the share of signs that agree with the full run', () => {
    const quick = protocolReport({ runs: runs({ none: [0.8], all: [0.81], 'loss-compare': [0.82], rectified: [0.83] }) }, TEACHERS, REPORT);
    const lines = combinedTable([{ quick, full }]).split('\n');
    expect(lines[0]).toBe(
      '| modality | regime | metric | ground truth only | vanilla KD | selective (loss-compare) | rectified teacher | teacher | signs as in the full run |',
    );
    expect(lines[1]).toBe('|---|---|---|---|---|---|---|---|---|');
    expect(lines[2]).toBe('| text | shifted | token accuracy (%) | 80.00 | 81.00 | 82.00 | 83.00 | 91.00 | 4/5 |');
    expect(disagreements([{ quick, full }])).toEqual(['text: all − none is +1.00 here but -1.00 in the full run']);
  });

  it('prints a spread over seeds, a dash for a gate not trained, and says when there is no full run', () => {
    const quick = protocolReport({ runs: runs({ none: [0.8, 0.82], all: [0.81, 0.81] }) }, TEACHERS, REPORT);
    expect(combinedTable([{ quick }]).split('\n')[2]).toBe('| text | shifted | token accuracy (%) | 81.00 ± 1.41 | 81.00 | — | — | 91.00 | no full run |');
    expect(disagreements([{ quick }])).toEqual([]);
  });
});
