import type { FailedStudentRun } from './student-runs-failed-error.js';
import { jobName } from './student-job.js';

/**
 * Thrown by `runProtocol` when a curve run retrained for its per-epoch
 * history failed or did not reproduce its stored record. The stored records
 * are unchanged: the tables stand, only those runs' curves are missing.
 */
export class CurveRunsFailedError extends Error {
  override readonly name = 'CurveRunsFailedError';

  constructor(
    readonly failed: readonly FailedStudentRun[],
    total: number,
    storeDir: string,
  ) {
    super(
      `${failed.length} of ${total} curve runs retrained for their per-epoch history failed; their records in ${storeDir} are kept unchanged:\n` +
        failed.map(({ job, reason }) => `  ${jobName(job)}: ${reason}`).join('\n'),
    );
  }
}
