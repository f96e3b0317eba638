import type { BackendPreference } from '@selective-kd/core';
import type { ExperimentPaths } from './experiment-paths.js';
import type { ProtocolConfig } from './protocol-config.js';
import { studentLine } from './progress-line.js';
import { runStudent, type StudentResult } from './run-student.js';
import type { StudentWorkerInit } from './start-student-worker.js';
import type { StudentContext, StudentContextModule } from './student-context.js';
import { jobName, type StudentJob } from './student-job.js';
import type { StudentRunStore } from './student-run-store.js';
import type { FailedStudentRun } from './student-runs-failed-error.js';
import { runInWorkers, type WorkerRecord } from './worker-pool.js';

export interface StudentJobsOptions {
  /** 'tuning', 'final' or 'curves': names the phase in the log. */
  phase: string;
  jobs: readonly StudentJob[];
  config: ProtocolConfig;
  paths: ExperimentPaths;
  store: StudentRunStore;
  /** The run key of each regime's jobs. */
  keys: ReadonlyMap<string, string>;
  /** A regime's context in this process: used when `workers` is 1. */
  contextFor: (regime: string) => Promise<StudentContext>;
  contextModule: StudentContextModule;
  workers: number;
  backend: BackendPreference | undefined;
  log: (line: string) => void;
  /** Each result as it finishes (in finishing order) or is found stored. */
  onResult?: (result: StudentResult, origin: { phase: string; resumed: boolean }) => void;
  /** Whether a stored result stands for its job. Default true; false trains every job again. */
  reuse?: boolean;
  /**
   * What a trained job's result becomes before it is stored; throwing fails
   * that job with the error's message and stores nothing (the stored file,
   * if any, stays). Default: the result as trained.
   */
  accept?: (job: StudentJob, result: StudentResult) => StudentResult;
}

export interface StudentJobsOutcome {
  /** Every finished job's result by `jobName`, stored earlier or trained now. */
  results: Map<string, StudentResult>;
  failed: FailedStudentRun[];
  /** How many were read from the store instead of trained. */
  resumed: number;
  /** The worker processes started (none when training in this process), with how each ended. */
  workers: WorkerRecord[];
}

/**
 * One phase's jobs: those stored under their regime's run key are read back,
 * the rest are trained — in this process or spread over worker processes (one
 * core each: the wasm backend is single-threaded in Node) — and each is
 * written to the store as it finishes. A job that throws, or whose worker
 * dies, fails only itself.
 */
export async function runStudentJobs({
  phase,
  jobs,
  config,
  paths,
  store,
  keys,
  contextFor,
  contextModule,
  workers,
  backend,
  log,
  onResult,
  reuse = true,
  accept = (_job, result) => result,
}: StudentJobsOptions): Promise<StudentJobsOutcome> {
  const keyOf = (job: StudentJob) => keys.get(job.regime)!;
  const results = new Map<string, StudentResult>();
  for (const job of reuse ? jobs : []) {
    const stored = store.read(job, keyOf(job));
    if (stored) {
      results.set(jobName(job), stored);
      onResult?.(stored, { phase, resumed: true });
    }
  }
  const resumed = results.size;
  const pending = jobs.filter((job) => !results.has(jobName(job)));
  const where = workers === 1 ? 'in this process' : `on ${Math.min(workers, pending.length)} worker processes`;
  log(
    `${phase}: ${jobs.length} runs` +
      (resumed > 0 ? `, ${resumed} already done in ${store.dir} (skipped)` : '') +
      (pending.length > 0 ? `, ${pending.length} to train ${where}` : ''),
  );

  let count = 0;
  const failed: FailedStudentRun[] = [];
  const finished = (job: StudentJob, trained: StudentResult) => {
    let result: StudentResult;
    try {
      result = accept(job, trained);
    } catch (error) {
      failed.push({ job, reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    store.write(job, keyOf(job), result);
    results.set(jobName(job), result);
    log(studentLine(result.run, phase, ++count, pending.length, config.monitor));
    onResult?.(result, { phase, resumed: false });
  };
  let records: WorkerRecord[] = [];
  if (workers === 1) {
    for (const job of pending) {
      try {
        finished(job, await runStudent(await contextFor(job.regime), job, config));
      } catch (error) {
        failed.push({ job, reason: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
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
  return { results, failed, resumed, workers: records };
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
