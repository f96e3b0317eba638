import type { StudentJob } from './student-job.js';

/** A student run that did not finish, and why (its worker's exit and last stderr lines, or the error it threw). */
export interface FailedStudentRun {
  job: StudentJob;
  reason: string;
}

/**
 * Thrown by `runStudentJobs` once every job has been tried, when some failed.
 * The runs that finished are stored, so rerunning the command trains only
 * the failed ones.
 */
export class StudentRunsFailedError extends Error {
  override readonly name = 'StudentRunsFailedError';

  constructor(
    readonly failed: readonly FailedStudentRun[],
    total: number,
    storeDir: string,
  ) {
    super(
      `${failed.length} of ${total} student runs failed (finished runs are kept in ${storeDir}; ` +
        `rerun the same command to train only the missing ones):\n` +
        failed.map(({ job, reason }) => `  gate ${job.gate}, seed ${job.seed}: ${reason}`).join('\n'),
    );
  }
}
