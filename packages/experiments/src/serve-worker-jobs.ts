import type { FromWorker, ToWorker } from './worker-message.js';

/** Builds a worker's job runner from the pool's `init`, once. */
export type WorkerStart<Init, Job, Result> = (init: Init, log: (line: string) => void) => Promise<(job: Job) => Promise<Result>>;

/**
 * The worker's side of `runInWorkers`: builds its runner from the first
 * message, then runs jobs one at a time and answers each with its result or
 * the error it threw. Exits when the pool closes the channel (the pool is done,
 * or the parent died), so no worker outlives its parent.
 */
export function serveWorkerJobs<Init, Job, Result>(start: WorkerStart<Init, Job, Result>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveWorkerJobs: this process has no IPC channel; it is started by runInWorkers');
  const answer = (message: FromWorker) => new Promise<void>((resolve) => send(message, undefined, {}, () => resolve()));
  const log = (line: string) => void answer({ type: 'log', line });
  let runner: Promise<(job: Job) => Promise<Result>> | undefined;
  let queue = Promise.resolve();
  process.on('message', (message: ToWorker) => {
    if (message.type === 'init') {
      runner = start(message.init as Init, log);
      // Reported with each job it fails; not an unhandled rejection meanwhile.
      runner.catch(() => undefined);
      return;
    }
    queue = queue.then(async () => {
      try {
        if (!runner) throw new Error('the pool sent a job before its init message');
        const result = await (await runner)(message.job as Job);
        await answer({ type: 'result', result });
      } catch (error) {
        await answer({ type: 'failed', reason: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    });
  });
  process.on('disconnect', () => process.exit(0));
}
