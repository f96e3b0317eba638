import type * as tf from '@tensorflow/tfjs-core';
import { SelectiveKdError } from '../selective-kd-error.js';

/** A model's inputs: one tensor or one per input layer. */
export type ModelInputs = tf.Tensor | tf.Tensor[];

/**
 * A teacher: any function from inputs to logits, or a model with `predict`
 * (`tf.LayersModel`, `tf.GraphModel`). It is only ever run for inference.
 */
export type Teacher = ((inputs: ModelInputs) => tf.Tensor) | { predict(inputs: ModelInputs): unknown };

/** The teacher as a function that returns exactly one logits tensor. */
export function teacherFunction(teacher: Teacher): (inputs: ModelInputs) => tf.Tensor {
  const run = typeof teacher === 'function' ? teacher : (inputs: ModelInputs) => teacher.predict(inputs);
  return (inputs) => {
    const out = run(inputs);
    if (!isTensor(out)) {
      throw new SelectiveKdError(
        'INVALID_MODEL',
        `the teacher must return one logits tensor; it returned ${Array.isArray(out) ? `an array of ${out.length}` : typeof out}`,
      );
    }
    return out;
  };
}

function isTensor(value: unknown): value is tf.Tensor {
  return typeof value === 'object' && value !== null && 'shape' in value && 'dataId' in value;
}
