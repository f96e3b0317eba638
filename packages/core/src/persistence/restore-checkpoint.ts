import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { SelectiveKdError } from '../selective-kd-error.js';
import { OPTIMIZER_FILE } from './checkpoint-state.js';
import { fileSystem, type FileSystemHandler } from './file-system.js';
import { restoreAdamBiasCorrection } from './adam-bias-correction.js';
import type { SavedCheckpoint } from './read-checkpoint.js';

/** As optimizers' getWeights/setWeights take them (tfjs-core does not export the type). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/**
 * Puts a checkpoint's student weights and optimizer state into `student` and
 * `optimizer`. Everything is read and checked before anything is changed, so
 * a checkpoint of another architecture or optimizer class leaves both as they were.
 */
export async function restoreCheckpoint({ folder }: SavedCheckpoint, student: LayersModel, optimizer: tf.Optimizer): Promise<void> {
  const loaded: tf.Tensor[] = [];
  try {
    const weights = await readWeights(folder, fileSystem(folder));
    loaded.push(...weights.named.map((w) => w.tensor));
    const slots = await readWeights(folder, fileSystem(join(folder, OPTIMIZER_FILE)));
    loaded.push(...slots.named.map((w) => w.tensor));
    checkStudentWeights(folder, weights.named, student);
    const className = (slots.topology as { class_name?: string }).class_name;
    if (className !== optimizer.getClassName()) {
      throw new SelectiveKdError(
        'CHECKPOINT',
        `the checkpoint '${folder}' holds the state of a ${className} optimizer; this distiller's optimizer is ${optimizer.getClassName()}`,
      );
    }
    student.setWeights(weights.named.map((w) => w.tensor));
    // setWeights replaces the optimizer's slot variables without freeing the ones it has.
    tf.dispose((await optimizer.getWeights()).map((w) => w.tensor));
    try {
      await optimizer.setWeights(slots.named);
      restoreAdamBiasCorrection(optimizer);
    } catch (error) {
      throw new SelectiveKdError('CHECKPOINT', `the ${className} optimizer cannot take the state in '${folder}': ${(error as Error).message}`);
    }
  } finally {
    // Both setWeights copy (new variables share the data by reference count), so the loaded tensors can go.
    tf.dispose(loaded);
  }
}

/** The weights of one model.json-format file set, in manifest order. */
async function readWeights(folder: string, handler: FileSystemHandler): Promise<{ topology: unknown; named: NamedTensor[] }> {
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (error) {
    throw new SelectiveKdError('CHECKPOINT', `the checkpoint '${folder}' cannot be read: ${(error as Error).message}`);
  }
  const specs = artifacts.weightSpecs ?? [];
  const byName = artifacts.weightData ? tf.io.decodeWeights(artifacts.weightData, specs) : {};
  return { topology: artifacts.modelTopology, named: specs.map((spec) => ({ name: spec.name, tensor: byName[spec.name] })) };
}

/**
 * Weights are matched by position, as `setWeights` does: layer names carry a
 * per-process counter (`dense_Dense3`), so a rebuilt student's names need
 * not match the saved ones, but the shapes must.
 */
function checkStudentWeights(folder: string, saved: NamedTensor[], student: LayersModel): void {
  const own = student.weights;
  if (saved.length !== own.length) {
    throw new SelectiveKdError(
      'CHECKPOINT',
      `the checkpoint '${folder}' holds ${saved.length} student weights; student '${student.name}' has ${own.length}`,
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
