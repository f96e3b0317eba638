import { SelectiveKdError, type Gate } from '@selective-kd/core';
import { mean, stat, type Stat } from './stat.js';
import type { StudentRun } from './train-students.js';

/** One table row: a gate's students over all seeds, with a `Stat` per metric the example named. */
export type GateSummary<Metric extends string = string> = { gate: Gate; runs: number } & Record<Metric, Stat> & {
    teacherBetterFraction: number;
    seconds: number;
  };

const RESERVED = new Set(['gate', 'runs', 'teacherBetterFraction', 'seconds']);

/** One summary per gate, in the order the gates were first trained. */
export function summarize<const Metric extends string>(runs: readonly StudentRun[], metrics: readonly Metric[]): GateSummary<Metric>[] {
  const clash = metrics.find((m) => RESERVED.has(m));
  if (clash) throw new SelectiveKdError('INVALID_OPTION', `metric '${clash}' clashes with a summary field; rename it`);
  const gates = [...new Set(runs.map((r) => r.gate))];
  return gates.map((gate) => {
    const mine = runs.filter((r) => r.gate === gate);
    const stats = Object.fromEntries(metrics.map((metric) => [metric, stat(mine.map((r) => valueOf(r, metric)))]));
    return {
      gate,
      runs: mine.length,
      ...stats,
      teacherBetterFraction: mean(mine.map((r) => r.teacherBetterFraction)),
      seconds: mean(mine.map((r) => r.seconds)),
    } as GateSummary<Metric>;
  });
}

function valueOf(run: StudentRun, metric: string): number {
  const value = run.test[metric];
  if (value === undefined) {
    throw new SelectiveKdError(
      'INVALID_OPTION',
      `the ${run.gate} student of seed ${run.seed} has no test metric '${metric}'; it has ${Object.keys(run.test).join(', ')}`,
    );
  }
  return value;
}
