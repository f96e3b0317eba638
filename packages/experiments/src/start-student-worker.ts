import type { BackendPreference } from '@selective-kd/core';
import type { ExperimentPaths } from './experiment-paths.js';
import type { ProtocolConfig } from './protocol-config.js';
import { runStudent, type StudentResult } from './run-student.js';
import type { WorkerStart } from './serve-worker-jobs.js';
import type { StudentContext, StudentContextFactory, StudentContextModule } from './student-context.js';
import type { StudentJob } from './student-job.js';
import { startBackend } from './start-backend.js';

/** What a student worker is started with: enough to rebuild the parent's contexts from disk. */
export interface StudentWorkerInit {
  context: StudentContextModule;
  config: ProtocolConfig;
  paths: ExperimentPaths;
  backend: BackendPreference | undefined;
}

/**
 * A student worker's runner: its own backend, then per job the job's regime's
 * context from the example's factory (built on the regime's first job and
 * kept: jobs are queued regime by regime, so a worker rarely holds more than
 * two) and `runStudent`.
 */
export const startStudentWorker: WorkerStart<StudentWorkerInit, StudentJob, StudentResult> = async ({ context, config, paths, backend }, log) => {
  await startBackend(backend, log);
  const factory = ((await import(context.module)) as Record<string, unknown>)[context.export];
  if (typeof factory !== 'function') throw new Error(`${context.module} exports no function named ${context.export}`);
  const contexts = new Map<string, Promise<StudentContext>>();
  const contextOf = (regime: string) => {
    let built = contexts.get(regime);
    if (!built) {
      built = (factory as StudentContextFactory<ProtocolConfig>)(config, regime, paths, { log });
      contexts.set(regime, built);
    }
    return built;
  };
  return async (job) => runStudent(await contextOf(job.regime), job, config);
};
