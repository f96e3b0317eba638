import { SelectiveKdError, type Gate } from '@selective-kd/core';
import { deltaOutcome, deltaText } from './delta-text.js';
import { gateName } from './gate-name.js';
import type { ModalityReport } from './modality-report.js';
import { paired, type Paired } from './paired.js';
import type { GateSettings } from './protocol-config.js';
import { mean, stat, type Stat } from './stat.js';
import { settingsText } from './student-job.js';
import type { StudentRun } from './student-run.js';

/** The teacher's metrics on one regime's student dev and test splits. */
export interface TeacherScores {
  dev: Record<string, number>;
  test: Record<string, number>;
}

/** One gate's row of a regime's table. */
export interface GateRow {
  gate: Gate;
  settings: GateSettings;
  /** Seeds trained. */
  runs: number;
  /** Test metrics over seeds, one `Stat` per report column. */
  test: Record<string, Stat>;
  /** The main metric on dev over seeds. */
  dev: Stat;
  /** Per-seed differences of the main test metric against ground truth only and vanilla KD; absent for the gate itself or when that gate was not trained. */
  vsGroundTruth?: Paired;
  vsVanilla?: Paired;
  epochs: number;
  teacherBetterFraction: number;
  seconds: number;
}

export interface RegimeReport {
  regime: string;
  teacher: TeacherScores;
  rows: GateRow[];
  /** The teacher line, the table and the verdict, as Markdown. */
  table: string;
  verdict: string;
}

export interface ProtocolReport<Modality extends string = string> {
  modality: Modality;
  /** The main metric's key and its name in combined tables ('test mIoU (%)'). */
  metric: string;
  headline: string;
  regimes: RegimeReport[];
  /** One section per regime (heading, teacher, table, verdict), for RESULTS.md. */
  markdown: string;
}

/**
 * The per-regime tables of a protocol run: per gate the main test metric's
 * mean ± std and any other report columns, the dev mean, the chosen settings,
 * the paired differences against ground truth only and vanilla KD, epochs,
 * teacher-better share and time per run; the teacher's scores above; a
 * verdict from the paired intervals below.
 */
export function protocolReport<Modality extends string>(
  outcome: { runs: readonly StudentRun[] },
  teachers: Record<string, TeacherScores>,
  report: ModalityReport<string, Modality>,
): ProtocolReport<Modality> {
  const regimes = [...new Set(outcome.runs.map((r) => r.regime))].map((regime) => {
    const teacher = teachers[regime];
    if (!teacher) throw new SelectiveKdError('INVALID_OPTION', `teachers has no scores for regime '${regime}'`);
    const rows = gateRows(
      outcome.runs.filter((r) => r.regime === regime),
      report,
    );
    return { regime, teacher, rows, table: regimeTable(rows, teacher, report), verdict: regimeVerdict(rows, report) };
  });
  const markdown = regimes.map((r) => `### Regime \`${r.regime}\`\n\n${r.table}\n\n${r.verdict}\n`).join('\n');
  return { modality: report.modality, metric: report.columns[0].metric, headline: report.headline, regimes, markdown };
}

function gateRows(runs: readonly StudentRun[], { columns }: Pick<ModalityReport, 'columns'>): GateRow[] {
  const main = columns[0].metric;
  const gates = [...new Set(runs.map((r) => r.gate))];
  const of = (gate: Gate) => runs.filter((r) => r.gate === gate);
  return gates.map((gate) => {
    const mine = of(gate);
    const against = (other: Gate) => {
      if (other === gate || !gates.includes(other)) return undefined;
      const theirs = new Map(of(other).map((r) => [r.seed, valueOf(r, 'test', main)]));
      const both = mine.filter((r) => theirs.has(r.seed));
      return both.length > 0 ? paired(both.map((r) => valueOf(r, 'test', main)), both.map((r) => theirs.get(r.seed)!)) : undefined;
    };
    return {
      gate,
      settings: mine[0].settings,
      runs: mine.length,
      test: Object.fromEntries(columns.map(({ metric }) => [metric, stat(mine.map((r) => valueOf(r, 'test', metric)))])),
      dev: stat(mine.map((r) => valueOf(r, 'dev', main))),
      vsGroundTruth: against('none'),
      vsVanilla: against('all'),
      epochs: mean(mine.map((r) => r.epochs)),
      teacherBetterFraction: mean(mine.map((r) => r.teacherBetterFraction)),
      seconds: mean(mine.map((r) => r.seconds)),
    };
  });
}

function valueOf(run: StudentRun, split: 'dev' | 'test', metric: string): number {
  const value = run[split][metric];
  if (value === undefined) {
    throw new SelectiveKdError(
      'INVALID_OPTION',
      `the ${run.regime} ${run.gate} student of seed ${run.seed} has no ${split} metric '${metric}'; it has ${Object.keys(run[split]).join(', ')}`,
    );
  }
  return value;
}

function regimeTable(rows: readonly GateRow[], teacher: TeacherScores, { columns, units }: Pick<ModalityReport, 'columns' | 'units'>): string {
  const main = columns[0];
  const pct = ({ mean: m, std }: Stat) => `${(100 * m).toFixed(2)} ± ${(100 * std).toFixed(2)}`;
  const score = (metrics: Record<string, number>) => (100 * (metrics[main.metric] ?? Number.NaN)).toFixed(2);
  const delta = (p: Paired | undefined) => (p ? deltaText(p) : '—');
  return [
    `Teacher on the students' splits: dev ${score(teacher.dev)}, test ${score(teacher.test)} (${main.metric}).`,
    '',
    `| student trained with | ${columns.map((c) => c.title).join(' | ')} | dev | settings | Δ vs ground truth only | Δ vs vanilla KD | epochs | teacher-better | s/run |`,
    `|---|${columns.map(() => '---|').join('')}---|---|---|---|---|---|---|`,
    ...rows.map(
      (r) =>
        `| ${gateName(r.gate, units)} | ${columns.map((c) => pct(r.test[c.metric])).join(' | ')} | ${(100 * r.dev.mean).toFixed(2)} | ` +
        `${settingsText(r.settings)} | ${delta(r.vsGroundTruth)} | ${delta(r.vsVanilla)} | ${r.epochs.toFixed(1)} | ` +
        `${(100 * r.teacherBetterFraction).toFixed(1)}% | ${r.seconds.toFixed(0)} |`,
    ),
  ].join('\n');
}

/**
 * One sentence per distilling gate: beat, tied with or lost to each baseline,
 * where only a 95% interval that excludes 0 counts as beating or losing.
 */
function regimeVerdict(rows: readonly GateRow[], { units, points }: Pick<ModalityReport, 'units' | 'points'>): string {
  const seeds = Math.max(...rows.map((r) => r.runs));
  if (seeds < 2) return `One seed only: no paired interval, so no verdict; run two seeds or more (five in full mode).`;
  const verb = { win: 'beat', tie: 'tied with', loss: 'lost to' } as const;
  const part = (p: Paired | undefined, baseline: string) =>
    p ? `${verb[deltaOutcome(p)]} ${baseline} (${deltaText(p)} ${points})` : undefined;
  return rows
    .filter((r) => r.gate !== 'none')
    .map((r) => {
      const parts = [part(r.vsGroundTruth, 'ground truth only'), part(r.vsVanilla, 'vanilla KD')].filter((p) => p !== undefined);
      return parts.length > 0 ? `${capitalised(gateName(r.gate, units))} ${parts.join(' and ')}.` : '';
    })
    .filter((s) => s !== '')
    .join(' ');
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
