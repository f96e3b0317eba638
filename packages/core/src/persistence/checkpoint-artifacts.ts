import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { SelectiveKdError } from '../selective-kd-error.js';
import type { BestWeights } from '../training/best-weights.js';
import { restoreAdamBiasCorrection } from './adam-bias-correction.js';
import { CHECKPOINT_FORMAT } from './checkpoint-state.js';

/*
 * A checkpoint's weights as TF.js model artifacts, whatever stores them: a
 * folder on disk in Node (model.json + weights files), a record in IndexedDB
 * in a browser. Turning models into artifacts and back is the same on both.
 */

/** A checkpoint's two weight sets: the student (a standard TF.js model) and the optimizer's state (its class and config as topology). */
export interface CheckpointArtifacts {
  student: tf.io.ModelArtifacts;
  optimizer: tf.io.ModelArtifacts;
}

/** As optimizers' getWeights/setWeights take them (tfjs-core does not export the type). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** The student as `model.save` hands it to any IO handler. */
export async function studentArtifacts(student: LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await student.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(saved) };
    }),
  );
  return artifacts!;
}

/** The optimizer's state as a TF.js weights manifest, with its class and config as the topology. */
export async function optimizerArtifacts(optimizer: tf.Optimizer): Promise<tf.io.ModelArtifacts> {
  const named = await optimizer.getWeights();
  try {
    const { data, specs } = await tf.io.encodeWeights(named);
    return {
      modelTopology: { class_name: optimizer.getClassName(), config: optimizer.getConfig() },
      format: 'optimizer-state',
      generatedBy: CHECKPOINT_FORMAT,
      weightSpecs: specs,
      weightData: data,
    };
  } finally {
    // getWeights hands out the optimizer's own slot variables and new tensors (the step count); free only the new ones.
    tf.dispose(named.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  }
}

/**
 * Puts a checkpoint's student weights and optimizer state into `student` and
 * `optimizer`; `where` names the checkpoint in errors. Everything is decoded
 * and checked before anything is changed, so a checkpoint of another
 * architecture or optimizer class leaves both as they were.
 */
export async function applyCheckpoint(where: string, artifacts: CheckpointArtifacts, student: LayersModel, optimizer: tf.Optimizer): Promise<void> {
  const loaded: tf.Tensor[] = [];
  try {
    const weights = decodeWeights(artifacts.student);
    loaded.push(...weights.map((w) => w.tensor));
    const slots = decodeWeights(artifacts.optimizer);
    loaded.push(...slots.map((w) => w.tensor));
    checkStudentWeights(where, weights, student);
    const className = (artifacts.optimizer.modelTopology as { class_name?: string } | undefined)?.class_name;
    if (className !== optimizer.getClassName()) {
      throw new SelectiveKdError(
        'CHECKPOINT',
        `the checkpoint '${where}' holds the state of a ${className} optimizer; this distiller's optimizer is ${optimizer.getClassName()}`,
      );
    }
    student.setWeights(weights.map((w) => w.tensor));
    // setWeights replaces the optimizer's slot variables without freeing the ones it has.
    tf.dispose((await optimizer.getWeights()).map((w) => w.tensor));
    try {
      await optimizer.setWeights(slots);
      restoreAdamBiasCorrection(optimizer);
    } catch (error) {
      throw new SelectiveKdError('CHECKPOINT', `the ${className} optimizer cannot take the state in '${where}': ${(error as Error).message}`);
    }
  } finally {
    // Both setWeights copy (new variables share the data by reference count), so the decoded tensors can go.
    tf.dispose(loaded);
  }
}

/**
 * `best`'s weights and epoch as artifacts, to be written beside checkpoint
 * `dir`; undefined when it holds none or they are there already.
 */
export async function unstoredBestWeights(best: BestWeights, dir: string): Promise<{ epoch: number; artifacts: tf.io.ModelArtifacts } | undefined> {
  const { epoch, weights } = best;
  if (!weights || epoch === undefined || (best.stored?.dir === dir && best.stored.epoch === epoch)) return undefined;
  const { data, specs } = await tf.io.encodeWeights(weights.map((tensor, i) => ({ name: `weight_${i}`, tensor })));
  return { epoch, artifacts: { modelTopology: { epoch }, format: 'best-weights', generatedBy: CHECKPOINT_FORMAT, weightSpecs: specs, weightData: data } };
}

/**
 * Makes the weights in `artifacts` (read from `where`) `best`'s, as those of
 * `epoch`, after checking they fit the student; `stored` records where they
 * came from so they are not written there again.
 */
export function applyBestWeights(
  best: BestWeights,
  artifacts: tf.io.ModelArtifacts,
  where: string,
  stored: { dir: string; epoch: number },
  student: LayersModel,
): void {
  const loaded = decodeWeights(artifacts).map((w) => w.tensor);
  const own = student.weights;
  const misfit = loaded.length !== own.length || loaded.some((t, i) => !tf.util.arraysEqual(t.shape, own[i].shape as number[]));
  if (misfit) {
    tf.dispose(loaded);
    throw new SelectiveKdError(
      'CHECKPOINT',
      `the best weights in '${where}' (${loaded.length}: ${loaded.map((t) => `[${t.shape}]`).join(', ')}) do not fit student '${student.name}' ` +
        `(${own.length}: ${own.map((w) => `[${w.shape}]`).join(', ')})`,
    );
  }
  best.replace(loaded.map((t) => tf.keep(t)), stored.epoch);
  best.stored = stored;
}

/** The weights of one set of artifacts, in manifest order. */
function decodeWeights(artifacts: tf.io.ModelArtifacts): NamedTensor[] {
  const specs = artifacts.weightSpecs ?? [];
  const byName = artifacts.weightData ? tf.io.decodeWeights(artifacts.weightData, specs) : {};
  return specs.map((spec) => ({ name: spec.name, tensor: byName[spec.name] }));
}

/**
 * Weights are matched by position, as `setWeights` does: layer names carry a
 * per-process counter (`dense_Dense3`), so a rebuilt student's names need
 * not match the saved ones, but the shapes must.
 */
function checkStudentWeights(where: string, saved: NamedTensor[], student: LayersModel): void {
  const own = student.weights;
  if (saved.length !== own.length) {
    throw new SelectiveKdError(
      'CHECKPOINT',
      `the checkpoint '${where}' holds ${saved.length} student weights; student '${student.name}' has ${own.length}`,
    );
  }
  saved.forEach(({ name, tensor }, i) => {
    // A weight's shape is always fully known (the Shape type also allows null for symbolic tensors).
    if (!tf.util.arraysEqual(tensor.shape, own[i].shape as number[])) {
      throw new SelectiveKdError(
        'CHECKPOINT',
        `the checkpoint's student weight ${i} '${name}' has shape [${tensor.shape}], ` +
          `but student '${student.name}' has '${own[i].originalName}' of shape [${own[i].shape}]`,
      );
    }
  });
}
