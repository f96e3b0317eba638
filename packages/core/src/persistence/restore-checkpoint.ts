import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { SelectiveKdError } from '../selective-kd-error.js';
import { applyCheckpoint } from './checkpoint-artifacts.js';
import { OPTIMIZER_FILE } from './checkpoint-state.js';
import { fileSystem } from './file-system.js';
import type { SavedCheckpoint } from './read-checkpoint.js';

/**
 * Puts a checkpoint's student weights and optimizer state into `student` and
 * `optimizer`. Everything is read and checked before anything is changed, so
 * a checkpoint of another architecture or optimizer class leaves both as they were.
 */
export async function restoreCheckpoint({ folder }: SavedCheckpoint, student: LayersModel, optimizer: tf.Optimizer): Promise<void> {
  const read = async (path: string) => {
    try {
      return await fileSystem(path).load();
    } catch (error) {
      throw new SelectiveKdError('CHECKPOINT', `the checkpoint '${folder}' cannot be read: ${(error as Error).message}`);
    }
  };
  const artifacts = { student: await read(folder), optimizer: await read(join(folder, OPTIMIZER_FILE)) };
  await applyCheckpoint(folder, artifacts, student, optimizer);
}
