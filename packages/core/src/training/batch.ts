import type * as tf from '@tensorflow/tfjs-core';
import type { ModelInputs } from './teacher.js';

/** One training or evaluation batch in the modality's layout. */
export interface Batch {
  inputs: ModelInputs;
  labels: tf.Tensor;
  valid?: tf.Tensor;
}

/**
 * Where batches come from. Each epoch starts a fresh pass, so give something
 * that can be iterated again: an array, an object whose `[Symbol.asyncIterator]`
 * starts over, or a function that returns a new iterable each time.
 */
export type BatchSource =
  | Iterable<Batch>
  | AsyncIterable<Batch>
  | (() => Iterable<Batch> | AsyncIterable<Batch>);

/** One pass over the source. */
export async function* passOver(source: BatchSource): AsyncGenerator<Batch> {
  yield* typeof source === 'function' ? source() : source;
}
