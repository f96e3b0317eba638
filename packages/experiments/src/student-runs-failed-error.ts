import type { StudentJob } from './student-job.js';
import { jobName } from './student-job.js';

/** A student run that did not finish, and why (its worker's exit and last stderr lines, or the error it threw). */
export interface FailedStudentRun {
  job: StudentJob;
  reason: string;
}

/**
 * Thrown by `runProtocol` once every job it could run has been tried, when
 * some failed. The runs that finished are stored, so rerunning the command
 * trains only the failed ones (and the final runs a failed tuning run held up).
 */
export class StudentRunsFailedError extends Error {
  override readonly name = 'StudentRunsFailedError';

  constructor(
    readonly failed: readonly FailedStudentRun[],
    total: number,
    storeDir: string,
    /** Final jobs not started because a tuning run of their gate failed. */
    readonly skipped: readonly StudentJob[] = [],
  ) {
    super(
      `${failed.length} of ${total} student runs failed (finished runs are kept in ${storeDir}; ` +
        `rerun the same command to train only the missing ones):\n` +
        failed.map(({ job, reason }) => `  ${jobName(job)}: ${reason}`).join('\n') +
        (skipped.length > 0 ? `\n${skipped.length} final runs waited for those tuning runs: ${skipped.map(jobName).join(', ')}` : ''),
    );
  }
}
