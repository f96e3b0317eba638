import { SelectiveKdError } from '@selective-kd/core';
import { availableParallelism } from 'node:os';

/** `--workers` as given on a command line: one per core when absent; throws unless a positive integer. */
export function workerCount(given: string | undefined, usage: string): number {
  const workers = given === undefined ? availableParallelism() : Number(given);
  if (!Number.isInteger(workers) || workers < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `--workers must be a positive integer, got '${given}'\n${usage}`);
  }
  return workers;
}
