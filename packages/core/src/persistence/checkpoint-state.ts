import { SelectiveKdError } from '../selective-kd-error.js';
import type { SelectiveOptions } from '../selective-options.js';
import type { EpochLogs, StepTotals } from '../training/distiller-callbacks.js';

/**
 * Everything besides the weights that a killed `fit` needs to go on as if it
 * had never stopped. Stored as `state.json` in each checkpoint folder.
 */
export interface CheckpointState {
  /**
   * Where training picks up: the epoch in progress and how many of its
   * batches were already trained on. An epoch-end checkpoint points at the
   * next epoch, step 0.
   */
  epoch: number;
  step: number;
  /** Steps trained since the run began. */
  globalStep: number;
  /** Steps per epoch as far as known (from `stepsPerEpoch` or a finished epoch), for the progress display. */
  stepsInEpoch?: number;
  /** The run's seed; a resumed run must use the same one so the source replays the same batches. */
  seed: number;
  /** The resolved selective options the run trained with. */
  options: SelectiveOptions;
  /** Sums of the step numbers over the `step` batches trained in this epoch, so the epoch's means come out whole. */
  epochTotals: StepTotals;
  /** The logs of the finished epochs. */
  history: EpochLogs[];
}

/**
 * On disk, a checkpoint folder `dir` holds:
 *
 * - `checkpoint.json` — names the latest complete checkpoint; replacing it
 *   (atomically) is what commits a new one;
 * - `checkpoint-<n>/` — `model.json` and weights of the student (a standard
 *   TF.js model), `optimizer.json` and weights of the optimizer's state (same
 *   format, the optimizer's class and config as topology), and `state.json`.
 */
export const CHECKPOINT_FORMAT = 'selective-kd-checkpoint';
export const CHECKPOINT_VERSION = 1;
export const POINTER_FILE = 'checkpoint.json';
export const STATE_FILE = 'state.json';
export const OPTIMIZER_FILE = 'optimizer.json';

/** The contents of `checkpoint.json`. */
export interface CheckpointPointer {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  /** Counts checkpoints written to this folder; names the latest one's subfolder. */
  generation: number;
  latest: string;
}

export const checkpointFolderName = (generation: number): string => `checkpoint-${generation}`;

/** A resumed run would go on from whatever these say; refuse a state that cannot be a real one. */
export function checkCheckpointState(state: unknown, where: string): asserts state is CheckpointState {
  const bad = (why: string) => new SelectiveKdError('CHECKPOINT', `'${where}' is not a checkpoint state: ${why}`);
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw bad('it is not a JSON object');
  const fields = state as Record<string, unknown>;
  for (const field of ['epoch', 'step', 'globalStep']) {
    const value = fields[field];
    if (!Number.isInteger(value) || (value as number) < 0) throw bad(`${field} is ${JSON.stringify(value)}, not a whole number ≥ 0`);
  }
  if (typeof fields.seed !== 'number' || !Number.isFinite(fields.seed)) throw bad(`seed is ${JSON.stringify(fields.seed)}, not a number`);
  for (const field of ['options', 'epochTotals']) {
    const value = fields[field];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(`${field} is ${JSON.stringify(value)}, not an object`);
  }
  if (!Array.isArray(fields.history)) throw bad(`history is ${JSON.stringify(fields.history)}, not a list`);
}
