import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { SelectiveKdError } from '../selective-kd-error.js';

/**
 * A model's weights at one moment (trainable and not, in `model.weights`
 * order), held as tensors of their own: training the model afterwards does
 * not change them. Put them into the same model or one of the same
 * architecture with `applyTo`, as often as needed; `dispose` frees them.
 */
export interface WeightSnapshot {
  /** How many weights, and each one's name and shape, as in the model snapshotted. */
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  /** Throws a `SelectiveKdError` naming the first weight of `model` that differs from the snapshot in count or shape. */
  check(model: LayersModel): void;
  /** Sets the snapshot's values into `model` after `check`; `model` keeps no reference to the snapshot. */
  applyTo(model: LayersModel): void;
  /** Frees the held tensors; `applyTo` throws afterwards. Calling it again does nothing. */
  dispose(): void;
}

/**
 * Takes a `WeightSnapshot` of `model`, e.g. before training the first of
 * several students that should all start from the same initial weights:
 *
 *     const start = snapshotWeights(student);
 *     for (const gate of gates) { start.applyTo(student); await train(student, gate); }
 *     start.dispose();
 */
export function snapshotWeights(model: LayersModel): WeightSnapshot {
  if (!model || typeof model.getWeights !== 'function') {
    throw new SelectiveKdError('INVALID_MODEL', 'snapshotWeights needs a tf.LayersModel');
  }
  const names = model.weights.map((w) => w.originalName ?? w.name);
  const shapes = model.weights.map((w) => [...(w.shape as number[])]);
  // A variable's clone keeps the values the optimizer later replaces.
  let values: tf.Tensor[] | undefined = model.getWeights().map((w) => tf.keep(tf.clone(w)));
  const from = model.name;

  const check = (target: LayersModel): void => {
    if (!target || typeof target.setWeights !== 'function') {
      throw new SelectiveKdError('INVALID_MODEL', `the weights of model '${from}' can only go into a tf.LayersModel`);
    }
    const own = target.weights;
    if (own.length !== names.length) {
      throw new SelectiveKdError(
        'SHAPE_MISMATCH',
        `model '${target.name}' has ${own.length} weights, but the snapshot of model '${from}' has ${names.length}: ` +
          'the models must have the same architecture',
      );
    }
    own.forEach((w, i) => {
      if (!tf.util.arraysEqual(w.shape as number[], shapes[i])) {
        throw new SelectiveKdError(
          'SHAPE_MISMATCH',
          `weight ${i} '${w.originalName ?? w.name}' of model '${target.name}' has shape [${w.shape}], ` +
            `but the snapshot's '${names[i]}' from model '${from}' has [${shapes[i]}]`,
        );
      }
    });
  };

  return {
    names,
    shapes,
    check,
    applyTo(target: LayersModel): void {
      if (values === undefined) {
        throw new SelectiveKdError('DISPOSED', `this weight snapshot of model '${from}' has been disposed`);
      }
      check(target);
      target.setWeights(values);
    },
    dispose(): void {
      if (values) tf.dispose(values);
      values = undefined;
    },
  };
}
