import * as tf from '@tensorflow/tfjs-core';
import type { ModelInputs } from './teacher.js';

/** One training or evaluation batch in the modality's layout. */
export interface Batch {
  inputs: ModelInputs;
  /**
   * The teacher's own inputs, when it reads something else than the student
   * (its own vocabulary, tokeniser, feature pipeline or input size): the
   * teacher runs on these instead of `inputs`. Same batch size (first
   * dimension) as `inputs`; disposed with the batch.
   */
  teacherInputs?: ModelInputs;
  labels: tf.Tensor;
  valid?: tf.Tensor;
  /**
   * The row index of each batch row in the dataset the batch was cut from
   * (row `b` of the batch is example `indices[b]`), whatever the pass's order.
   * A `TeacherOutputCache` is filled and read by these indices.
   */
  indices?: number[];
}

/**
 * Which pass a function source is asked for: the 0-based epoch and the run's
 * seed, so a shuffling source can give the same order again for the same
 * pass (which is what resuming from a checkpoint relies on).
 */
export interface Pass {
  epoch: number;
  seed: number;
}

/**
 * Where batches come from. Each epoch starts a fresh pass, so give something
 * that can be iterated again: an array, an object whose `[Symbol.asyncIterator]`
 * starts over, or a function that returns a new iterable for each pass.
 */
export type BatchSource =
  | Iterable<Batch>
  | AsyncIterable<Batch>
  | ((pass: Pass) => Iterable<Batch> | AsyncIterable<Batch>);

/** What the teacher runs on: the batch's `teacherInputs` if it has them, else the student's `inputs`. */
export function teacherInputsOf(batch: Batch): ModelInputs {
  return batch.teacherInputs ?? batch.inputs;
}

/** One pass over the source. */
export async function* passOver(source: BatchSource, pass: Pass = { epoch: 0, seed: 0 }): AsyncGenerator<Batch> {
  yield* typeof source === 'function' ? source(pass) : source;
}

/**
 * Frees every tensor a batch holds — also those of an object `fit` refused as
 * a batch (a tfjs-style `{ xs, ys }`), so that a bad batch strands nothing.
 */
export function disposeBatch(batch: Batch): void {
  tf.dispose(batch as unknown as tf.TensorContainer);
}
