import { SelectiveKdError, type BackendPreference } from '@selective-kd/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ExperimentPaths } from './experiment-paths.js';
import type { ProtocolConfig } from './protocol-config.js';
import { runKey } from './run-key.js';
import { runStudent, type StudentResult } from './run-student.js';
import type { StudentWorkerInit } from './start-student-worker.js';
import type { StudentContext, StudentContextModule } from './student-context.js';
import { jobName, studentJobs, type StudentJob } from './student-job.js';
import { StudentRunStore } from './student-run-store.js';
import { StudentRunsFailedError, type FailedStudentRun } from './student-runs-failed-error.js';
import { runInWorkers, type WorkerRecord } from './worker-pool.js';

export interface StudentJobsOptions<Student extends LayersModel> {
  config: ProtocolConfig;
  /** Results are stored under `cacheDir`/runs/<mode>/. */
  paths: ExperimentPaths;
  /** The example's context in this process: runs here when `workers` is 1. */
  context: StudentContext<Student>;
  /** Where each worker finds the factory that builds the same context (`{ module: import.meta.url, export: '…' }`). */
  contextModule: StudentContextModule;
  /** Worker processes. 1 trains in this process, without forking. Default: one per core (`os.availableParallelism()`). */
  workers?: number;
  /** The backend each worker starts, as this process was given it. */
  backend?: BackendPreference;
  /** Progress lines. Default: console.log. */
  log?: (line: string) => void;
  /** Each result as it finishes (in finishing order) or is found stored. */
  onResult?: (result: StudentResult, origin: { resumed: boolean }) => void;
}

export interface StudentJobsOutcome {
  /** Every job's result, in the serial order (seeds outermost, then gates), however they finished. */
  results: StudentResult[];
  /** How many results were stored by an earlier run of the same configuration and not retrained. */
  resumed: number;
  /** The worker processes started (none when training in this process), with how each ended. */
  workers: WorkerRecord[];
}

/**
 * One student per gate and seed, like `trainStudents`, spread over worker
 * processes (one core each: the wasm backend is single-threaded in Node),
 * each result written to disk as it finishes. Results stored by an earlier
 * run of the same configuration and data are reused. Throws
 * `StudentRunsFailedError` after the other jobs finish if a job failed.
 */
export async function runStudentJobs<Student extends LayersModel>({
  config,
  paths,
  context,
  contextModule,
  workers = availableParallelism(),
  backend,
  log = console.log,
  onResult,
}: StudentJobsOptions<Student>): Promise<StudentJobsOutcome> {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `workers must be a positive integer, got ${workers}`);
  }
  const store = new StudentRunStore(join(paths.cacheDir, 'runs', config.mode), runKey(config, context.fingerprint));
  const jobs = studentJobs(config);
  const results = new Map<string, StudentResult>();
  for (const job of jobs) {
    const stored = store.read(job);
    if (stored) results.set(jobName(job), stored);
  }
  const resumed = results.size;
  const pending = jobs.filter((job) => !results.has(jobName(job)));
  const where = workers === 1 ? 'in this process' : `on ${Math.min(workers, pending.length)} worker processes`;
  log(
    `students: ${jobs.length} runs` +
      (resumed > 0 ? `, ${resumed} already done in ${store.dir} (skipped)` : '') +
      (pending.length > 0 ? `, ${pending.length} to train ${where}` : ''),
  );
  for (const job of jobs) {
    const stored = results.get(jobName(job));
    if (stored) onResult?.(stored, { resumed: true });
  }

  const finished = (job: StudentJob, result: StudentResult) => {
    store.write(job, result);
    results.set(jobName(job), result);
    onResult?.(result, { resumed: false });
  };
  const failed: FailedStudentRun[] = [];
  let records: WorkerRecord[] = [];
  if (workers === 1) {
    for (const job of pending) finished(job, await runStudent(context, job, config));
  } else if (pending.length > 0) {
    const init: StudentWorkerInit = { context: contextModule, config, paths, backend };
    records = await runInWorkers<StudentJob, StudentResult>({
      ...studentWorkerEntry(),
      workers,
      init,
      jobs: pending,
      onResult: finished,
      onFailure: (job, reason) => void failed.push({ job, reason }),
      onLog: (line, worker) => log(`[worker ${worker}] ${line}`),
    });
  }
  if (failed.length > 0) throw new StudentRunsFailedError(failed, jobs.length, store.dir);
  return { results: jobs.map((job) => results.get(jobName(job))!), resumed, workers: records };
}

/**
 * The worker entry beside this module. Run from the TypeScript sources (under
 * vitest), the worker runs them too, through @swc-node/register (a dev
 * dependency of the workspace) and the workspace's source condition.
 */
function studentWorkerEntry(): { entry: URL; execArgv?: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { entry: new URL('./student-worker.js', import.meta.url) };
  return {
    entry: new URL('./student-worker.ts', import.meta.url),
    execArgv: ['--conditions=@selective-kd/source', '--import', '@swc-node/register/esm-register'],
  };
}
