import type { ProtocolConfig } from './protocol-config.js';
import type { StudentResult } from './run-student.js';
import type { StudentJob } from './student-job.js';

/**
 * The runs whose training curves the figures draw: per regime × gate, the
 * final run of the first seed (the seed whose panels the examples draw too).
 */
export function curveJobs(config: Pick<ProtocolConfig, 'seeds'>, finalJobs: readonly StudentJob[]): StudentJob[] {
  return finalJobs.filter((job) => job.seed === config.seeds[0]);
}

/**
 * The stored result with the per-epoch history of the same job trained again,
 * when the retrained run reproduced it exactly: the same dev and test metrics,
 * epochs and best epoch. Otherwise throws, naming what differs, so a result
 * in the tables is never silently replaced by another. The stored wall time
 * stays (it measured the run the tables report); the files are the
 * retrained run's, which `afterRun` has just drawn again.
 */
export function withHistory(stored: StudentResult, retrained: StudentResult): StudentResult {
  const differences = (['dev', 'test', 'epochs', 'bestEpoch'] as const)
    .filter((field) => JSON.stringify(stored.run[field]) !== JSON.stringify(retrained.run[field]))
    .map((field) => `${field} ${JSON.stringify(retrained.run[field])} where the stored record has ${JSON.stringify(stored.run[field])}`);
  if (differences.length > 0) {
    throw new Error(
      `retrained for its training curves, it gave ${differences.join('; ')}. ` +
        'The stored record is kept; the runs do not reproduce here (another backend, data, teacher or code than the stored run had?)',
    );
  }
  return { run: { ...stored.run, history: retrained.run.history }, files: retrained.files };
}
