import type { ProtocolResults } from './protocol-results.js';

/**
 * The student runs' own wall time summed, in minutes, each run once (a tuning
 * run reused as a final run is in both lists). Unlike the command's wall time
 * it does not shrink when a later sitting reads the runs back from the store,
 * and a curve run retrained for its history keeps its first run's time.
 */
export function studentRunMinutes({ runs, tuning }: Pick<ProtocolResults, 'runs' | 'tuning'>): number {
  const byJob = new Map([...tuning, ...runs].map((r) => [JSON.stringify([r.regime, r.gate, r.seed, r.settings]), r.seconds]));
  return [...byJob.values()].reduce((sum, seconds) => sum + seconds, 0) / 60;
}
