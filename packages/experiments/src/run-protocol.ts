import { SelectiveKdError, type BackendPreference } from '@selective-kd/core';
import { availableParallelism } from 'node:os';
import { checkProtocolConfig } from './check-protocol-config.js';
import { candidatesOf, chooseSettings, isTuned, type ChosenSettings } from './choose-settings.js';
import { CurveRunsFailedError } from './curve-runs-failed-error.js';
import { curveJobs, withHistory } from './curve-runs.js';
import type { ExperimentPaths } from './experiment-paths.js';
import type { ProtocolConfig } from './protocol-config.js';
import { runKey } from './run-key.js';
import type { StudentResult } from './run-student.js';
import { runStudentJobs, type StudentJobsOptions, type StudentJobsOutcome } from './run-student-jobs.js';
import type { StudentContext, StudentContextModule } from './student-context.js';
import { jobName, type StudentJob } from './student-job.js';
import type { StudentRun } from './student-run.js';
import { StudentRunStore } from './student-run-store.js';
import { StudentRunsFailedError } from './student-runs-failed-error.js';
import type { WorkerRecord } from './worker-pool.js';

export interface ProtocolOptions<Config extends ProtocolConfig, Context extends StudentContext> {
  config: Config;
  paths: ExperimentPaths;
  /**
   * A regime's context in this process (the example memoizes it). Called for
   * every regime before any student trains: its fingerprint keys the stored
   * runs, and building it fills the example's caches (teacher, renderings,
   * teacher outputs) that workers then read instead of each remaking them.
   */
  contextFor: (regime: string) => Promise<Context>;
  /** Where each worker finds the factory that builds the same contexts (`{ module: import.meta.url, export: '…' }`). */
  contextModule: StudentContextModule;
  /** Worker processes. 1 trains in this process, without forking. Default: one per core (`os.availableParallelism()`). */
  workers?: number;
  /** The backend each worker starts, as this process was given it. */
  backend?: BackendPreference;
  /** Progress lines. Default: console.log. */
  log?: (line: string) => void;
  /** Each result as it finishes (in finishing order) or is found stored, with its phase. */
  onResult?: (result: StudentResult, origin: { phase: string; resumed: boolean }) => void;
}

export interface ProtocolOutcome {
  /** Every regime × gate × seed at its chosen settings: regimes outermost, then seeds, then gates. */
  runs: StudentRun[];
  /** Every grid candidate of every tuned gate on the tuning seeds, in the same order, candidates innermost. */
  tuning: StudentRun[];
  /** The settings each gate trained with, per regime. */
  chosen: ChosenSettings;
  /** The files the contexts' `afterRun` wrote for the final runs. */
  files: string[];
  /** Runs trained by this call (the curve runs retrained among them); the others were read from `paths.runsDir`. */
  trained: number;
  /** Curve runs trained again by this call because their stored record had no per-epoch history. */
  retrained: number;
  /** The worker processes started, over both phases. */
  workers: WorkerRecord[];
}

/**
 * The comparison protocol: (1) tuning — every grid candidate of every tuned
 * gate on the tuning seeds, all regimes in one pool, each candidate scored by
 * its best-dev-epoch `monitor`; (2) the choice per regime and gate by mean dev
 * score (ties → earlier candidate); (3) the final runs — every regime × gate ×
 * seed at the chosen settings, where a run identical to a tuning run is that
 * run, read back from the store; (4) the curve runs — per regime × gate the
 * first seed's final run, whose per-epoch history the training curves draw:
 * one stored without it (by older code) is trained again, and its record
 * gains the history only if the run reproduced its stored numbers exactly.
 * Every run is stored in `paths.runsDir` as it finishes and a rerun skips what
 * is stored, so adding seeds or candidates trains only those. Throws
 * `StudentRunsFailedError` at the end if a job failed, `CurveRunsFailedError`
 * if a curve run failed or did not reproduce.
 */
export async function runProtocol<Config extends ProtocolConfig, Context extends StudentContext>({
  config,
  paths,
  contextFor,
  contextModule,
  workers = availableParallelism(),
  backend,
  log = console.log,
  onResult,
}: ProtocolOptions<Config, Context>): Promise<ProtocolOutcome> {
  checkProtocolConfig(config);
  if (!Number.isInteger(workers) || workers < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `workers must be a positive integer, got ${workers}`);
  }
  const keys = new Map<string, string>();
  for (const regime of config.regimes) keys.set(regime, runKey(config, regime, (await contextFor(regime)).fingerprint));
  const store = new StudentRunStore(paths.runsDir);
  const phase = (name: string, jobs: StudentJob[], more: Pick<StudentJobsOptions, 'reuse' | 'accept'> = {}) =>
    runStudentJobs({ phase: name, jobs, config, paths, store, keys, contextFor, contextModule, workers, backend, log, onResult, ...more });

  const tuningJobs = config.regimes.flatMap((regime) =>
    config.tuningSeeds.flatMap((seed) =>
      config.gates.filter((gate) => isTuned(config, gate)).flatMap((gate) => candidatesOf(config, gate).map((settings) => ({ regime, gate, seed, settings }))),
    ),
  );
  const tuned = await phase('tuning', tuningJobs);
  const chosen = chooseSettings(config, runsOf(tuningJobs, tuned));

  const finalJobs = config.regimes.flatMap((regime) =>
    config.seeds.flatMap((seed) => config.gates.map((gate) => ({ regime, gate, seed, settings: chosen[regime]?.[gate] }))),
  );
  const ready = finalJobs.filter((job): job is StudentJob => job.settings !== undefined);
  const skipped = finalJobs.filter((job) => job.settings === undefined).map((job) => ({ ...job, settings: {} }) as StudentJob);
  const final = await phase('final', ready);

  const failed = [...tuned.failed, ...final.failed];
  if (failed.length > 0) throw new StudentRunsFailedError(failed, tuningJobs.length + finalJobs.length, store.dir, skipped);

  const stored = (job: StudentJob) => final.results.get(jobName(job))!;
  const lacking = curveJobs(config, ready).filter((job) => stored(job).run.history === undefined);
  let curveWorkers: WorkerRecord[] = [];
  if (lacking.length > 0) {
    log(`curves: ${lacking.length} first-seed runs were stored without their per-epoch history; training them again (same job, same seed) for the training curves`);
    const curves = await phase('curves', lacking, { reuse: false, accept: (job, result) => withHistory(stored(job), result) });
    if (curves.failed.length > 0) throw new CurveRunsFailedError(curves.failed, lacking.length, store.dir);
    for (const [name, result] of curves.results) {
      final.results.set(name, result);
      // A first-seed run at a tuned gate's chosen settings is also a tuning run: the same record.
      if (tuned.results.has(name)) tuned.results.set(name, result);
    }
    curveWorkers = curves.workers;
  }

  return {
    runs: runsOf(ready, final),
    tuning: runsOf(tuningJobs, tuned),
    chosen,
    files: ready.flatMap((job) => final.results.get(jobName(job))?.files ?? []),
    trained: tuningJobs.length - tuned.resumed + ready.length - final.resumed + lacking.length,
    retrained: lacking.length,
    workers: [...tuned.workers, ...final.workers, ...curveWorkers],
  };
}

function runsOf(jobs: readonly StudentJob[], outcome: StudentJobsOutcome): StudentRun[] {
  return jobs.flatMap((job) => outcome.results.get(jobName(job))?.run ?? []);
}

