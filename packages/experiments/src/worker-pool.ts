import { fork, type ChildProcess } from 'node:child_process';
import { SelectiveKdError } from '@selective-kd/core';
import type { FromWorker, ToWorker } from './worker-message.js';

/** How much of a dead worker's stderr its failure report quotes. */
const STDERR_LINES = 12;
const STDERR_CHARS = 4000;

export interface WorkerPoolOptions<Job, Result> {
  /** The module each worker runs; it answers with `serveWorkerJobs`. */
  entry: URL;
  /** Node flags for the workers. Default: this process's. */
  execArgv?: string[];
  /** Workers at once (at most one per job). */
  workers: number;
  /** Sent to every worker before its first job: what it builds its context from. */
  init: unknown;
  jobs: readonly Job[];
  /** Each result as it arrives, in finishing order. */
  onResult: (job: Job, result: Result) => void | Promise<void>;
  /** A job that threw in its worker, or whose worker died: the job and why. */
  onFailure: (job: Job, reason: string) => void;
  /** Workers' log lines, with the worker's number (1, 2, … in start order). */
  onLog?: (line: string, worker: number) => void;
}

/** One worker process the pool started, and how it ended. */
export interface WorkerRecord {
  worker: number;
  pid: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

type Outcome = { ok: true; result: unknown } | { ok: false; reason: string; died: boolean };

/**
 * Runs independent jobs in child processes, one job per worker at a time. A
 * worker that dies (crash, out of memory, killed) fails only the job it held;
 * the next job gets a fresh worker. Resolves once every job is done and every
 * worker has exited, with a record of each worker started.
 */
export async function runInWorkers<Job, Result>(options: WorkerPoolOptions<Job, Result>): Promise<WorkerRecord[]> {
  const { jobs, workers } = options;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `workers must be a positive integer, got ${workers}`);
  }
  const queue = [...jobs];
  const records: WorkerRecord[] = [];
  const running = new Set<PoolWorker>();
  const lane = async (): Promise<void> => {
    let worker: PoolWorker | undefined;
    try {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        // A worker that died between jobs is replaced before it is handed one.
        if (!worker?.alive) worker = new PoolWorker(options as WorkerPoolOptions<unknown, unknown>, records, running);
        const outcome = await worker.run(job);
        if (outcome.ok) await options.onResult(job, outcome.result as Result);
        else options.onFailure(job, outcome.reason);
      }
    } finally {
      await worker?.stop();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, lane));
  } finally {
    // A throwing callback ends the lanes early: no worker outlives the pool.
    await Promise.all([...running].map((w) => w.kill()));
  }
  return records;
}

/** A forked worker: sends it jobs, collects its answers, the end of its stderr and its exit. */
class PoolWorker {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private stderrTail = '';
  private pending: ((outcome: Outcome) => void) | undefined;
  /** Why the worker is gone, once it is. */
  private death: string | undefined;

  constructor({ entry, execArgv, init, onLog }: WorkerPoolOptions<unknown, unknown>, records: WorkerRecord[], running: Set<PoolWorker>) {
    const number = records.length + 1;
    this.child = fork(entry, [], { execArgv: execArgv ?? process.execArgv, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    const record: WorkerRecord = { worker: number, pid: this.child.pid ?? -1, exitCode: null, signal: null };
    records.push(record);
    running.add(this);
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_CHARS);
    });
    this.child.on('message', (message: FromWorker) => {
      if (message.type === 'log') onLog?.(message.line, number);
      else this.settle(message.type === 'result' ? { ok: true, result: message.result } : { ok: false, reason: message.reason, died: false });
    });
    // A worker that cannot be started at all also ends with 'exit'; its error message joins the report.
    this.child.on('error', (error) => void (this.stderrTail += `\n${error.message}`));
    // Not 'close': after a disconnect Node never emits it. The exit, once stderr is drained.
    const stderrClosed = new Promise((resolve) => this.child.stderr?.on('close', resolve));
    const exit = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => this.child.on('exit', (code, signal) => resolve([code, signal])));
    this.exited = Promise.all([exit, stderrClosed]).then(([[code, signal]]) => {
      Object.assign(record, { exitCode: code, signal });
      running.delete(this);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const lines = this.stderrTail.split('\n').filter((l) => l.trim() !== '').slice(-STDERR_LINES);
      const tail = lines.length > 0 ? `; last stderr lines:\n${lines.map((l) => `    ${l}`).join('\n')}` : '';
      this.death = `worker ${number} (pid ${record.pid}) ${how}${tail}`;
      this.settle({ ok: false, reason: this.death, died: true });
    });
    this.send({ type: 'init', init });
  }

  get alive(): boolean {
    return this.death === undefined;
  }

  run(job: unknown): Promise<Outcome> {
    if (this.death !== undefined) return Promise.resolve({ ok: false, reason: this.death, died: true });
    return new Promise((resolve) => {
      this.pending = resolve;
      this.send({ type: 'job', job });
    });
  }

  /** Asks the worker to finish (it exits when its channel closes) and waits for it. */
  async stop(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    await this.exited;
  }

  async kill(): Promise<void> {
    if (this.death === undefined) this.child.kill('SIGKILL');
    await this.exited;
  }

  private send(message: ToWorker): void {
    // A send to a worker that just died fails; its 'close' reports the death.
    if (this.child.connected) this.child.send(message, () => undefined);
  }

  private settle(outcome: Outcome): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(outcome);
  }
}
