import * as tf from '@tensorflow/tfjs-core';
import { throwUnitGridFaults, unitGridFaults } from '../check-unit-grid.js';
import type { AnyModalityPlugin, DistillationInputs } from '../modality-plugin.js';
import { toUnitGrid } from '../selective-distillation-loss.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import { disposeBatch, passOver, type BatchSource } from './batch.js';
import { checkBatch } from './check-batch.js';
import { runningOn } from './running-on.js';
import type { ModelInputs, Teacher } from './teacher.js';

/** One model's score on a source: its ground-truth loss and the modality's metrics. */
export interface ModelEvaluation {
  /** Batches the source gave. */
  batches: number;
  /**
   * The modality's ground-truth unit loss, averaged over every valid unit of
   * the source (`Σ v·unitLoss / Σ v`, the weighting of `groundTruthLoss`), so
   * it does not depend on how the units are cut into batches.
   */
  loss: number;
  /** The modality's metrics over the source, e.g. `{ meanIoU }`, `{ accuracy }`, `{ f1, precision, recall, accuracy }`. */
  metrics: Record<string, number>;
}

export interface EvaluateModelOptions {
  /** Dispose each batch's tensors after scoring it. Default true; false for a source that hands out the same tensors every pass. */
  disposeBatches?: boolean;
  /** Handed to a function source as `{ epoch: 0, seed }`. Default 0. */
  seed?: number;
}

/**
 * Scores one model — a teacher or a student, a `tf.LayersModel`, a
 * `tf.GraphModel` or an `(inputs) => logits` function — on `source` in
 * inference mode: no teacher, no distillation, one readback per batch (plus
 * what the modality's metric accumulator reads). Batches are checked as
 * `fit` checks them, with the same `INVALID_BATCH` and unit-grid errors.
 */
export async function evaluateModel(
  model: Teacher,
  source: BatchSource,
  modality: AnyModalityPlugin,
  options: EvaluateModelOptions = {},
): Promise<ModelEvaluation> {
  const { disposeBatches, seed } = checkEvaluateModelOptions(options);
  const name = modelName(model);
  const run = logitsOf(model, name);
  const metrics = modality.createMetrics();
  let lossSum = 0;
  let validUnits = 0;
  let batches = 0;
  for await (const batch of passOver(source, { epoch: 0, seed })) {
    try {
      checkBatch(batch);
      let given: DistillationInputs | undefined;
      const [numbers, logits, labels, valid] = tf.tidy(() => {
        const out = runningOn(batch.inputs, name, () => run(batch.inputs));
        given = { student: out, teacher: out, labels: batch.labels, valid: batch.valid };
        // The grid takes a teacher; the model stands in for both, so its logits are checked once.
        const grid = toUnitGrid(given, modality);
        const weighted = tf.sum(tf.mul(modality.unitLoss(grid.student, grid.labels), grid.valid));
        const summary = tf.concat([tf.stack([weighted, tf.sum(grid.valid)]), unitGridFaults(grid, modality.unit)]);
        // Clones: the grid may hand back the batch's own tensors, which go with the batch.
        return [summary, tf.clone(grid.student), tf.clone(grid.labels), tf.clone(grid.valid)];
      });
      try {
        const values = await numbers.data();
        const [nonFinite, , ...rest] = values.subarray(2);
        if (nonFinite !== 0) {
          throw new SelectiveKdError('NON_FINITE_LOGITS', `${name}'s logits contain NaN or Infinity (logits [${logits.shape}], labels [${labels.shape}])`);
        }
        throwUnitGridFaults([0, 0, ...rest], { student: logits, labels, valid }, modality.unit, given!);
        lossSum += values[0];
        validUnits += values[1];
        metrics.update(logits, labels, valid);
      } finally {
        tf.dispose([numbers, logits, labels, valid]);
      }
    } finally {
      if (disposeBatches) disposeBatch(batch);
    }
    batches++;
  }
  if (batches === 0) throw new SelectiveKdError('EMPTY_DATASET', 'evaluateModel was given a dataset with no batches');
  return { batches, loss: lossSum / Math.max(validUnits, 1), metrics: metrics.result() };
}

function checkEvaluateModelOptions(options: EvaluateModelOptions): Required<EvaluateModelOptions> {
  if (typeof options !== 'object' || options === null) {
    throw new SelectiveKdError('INVALID_OPTION', `evaluateModel's options must be an object; got ${JSON.stringify(options)}`);
  }
  if ('teacherOutputs' in options) {
    throw new SelectiveKdError('INVALID_OPTION', 'teacherOutputs does not apply to evaluateModel: it runs the model it is given');
  }
  const { disposeBatches = true, seed = 0 } = options;
  if (typeof disposeBatches !== 'boolean') {
    throw new SelectiveKdError('INVALID_OPTION', `disposeBatches must be true or false; got ${JSON.stringify(disposeBatches)}`);
  }
  if (!Number.isSafeInteger(seed)) throw new SelectiveKdError('INVALID_OPTION', `seed must be a whole number; got ${seed}`);
  return { disposeBatches, seed };
}

/** The model as a function that returns exactly one logits tensor; `predict` runs a model in inference mode. */
function logitsOf(model: Teacher, name: string): (inputs: ModelInputs) => tf.Tensor {
  if (typeof model !== 'function' && typeof model?.predict !== 'function') {
    throw new SelectiveKdError('INVALID_MODEL', 'evaluateModel needs a tf.LayersModel, a tf.GraphModel or an (inputs) => logits function');
  }
  const run = typeof model === 'function' ? model : (inputs: ModelInputs) => model.predict(inputs);
  return (inputs) => {
    const out = run(inputs);
    // Duck-typed, as in teacher.ts: a GraphModel may come with its own copy of tfjs-core.
    if (typeof out !== 'object' || out === null || !('dataId' in out)) {
      const got = Array.isArray(out) ? `an array of ${out.length}` : typeof out;
      throw new SelectiveKdError('INVALID_MODEL', `${name} must return one logits tensor; it returned ${got}`);
    }
    return out as tf.Tensor;
  };
}

/** How messages name the model: `model 'student'` for a named model, else `the model`. */
function modelName(model: Teacher): string {
  const name = (model as { name?: unknown }).name;
  return typeof model !== 'function' && typeof name === 'string' && name.length > 0 ? `model '${name}'` : 'the model';
}
