import type { BackendPreference } from '@selective-kd/core';
import type { ExperimentPaths } from './experiment-paths.js';
import type { ProtocolConfig } from './protocol-config.js';
import { runStudent, type StudentResult } from './run-student.js';
import type { WorkerStart } from './serve-worker-jobs.js';
import type { StudentContextFactory, StudentContextModule } from './student-context.js';
import type { StudentJob } from './student-job.js';
import { startBackend } from './start-backend.js';

/** What a student worker is started with: enough to rebuild the parent's context from disk. */
export interface StudentWorkerInit {
  context: StudentContextModule;
  config: ProtocolConfig;
  paths: ExperimentPaths;
  backend: BackendPreference | undefined;
}

/** A student worker's runner: its own backend, the example's context from its factory, then `runStudent` per job. */
export const startStudentWorker: WorkerStart<StudentWorkerInit, StudentJob, StudentResult> = async ({ context, config, paths, backend }, log) => {
  await startBackend(backend, log);
  const factory = ((await import(context.module)) as Record<string, unknown>)[context.export];
  if (typeof factory !== 'function') throw new Error(`${context.module} exports no function named ${context.export}`);
  const built = await (factory as StudentContextFactory<ProtocolConfig>)(config, paths, { log });
  return (job) => runStudent(built, job, config);
};
