import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SelectiveKdError } from '../selective-kd-error.js';
import { optimizerArtifacts, studentArtifacts } from './checkpoint-artifacts.js';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  checkpointFolderName,
  OPTIMIZER_FILE,
  POINTER_FILE,
  STATE_FILE,
  type CheckpointPointer,
  type CheckpointState,
} from './checkpoint-state.js';
import { describeWriteError, fileSystem } from './file-system.js';
import { readPointer } from './read-checkpoint.js';
import { syncFolder, writeFileAtomic } from './write-file-atomic.js';

export interface CheckpointContents {
  student: LayersModel;
  optimizer: tf.Optimizer;
  state: CheckpointState;
}

/** A checkpoint's own subfolder, complete or half-written by a run that died. */
const CHECKPOINT_ENTRY = /^\.?checkpoint-\d+(\.tmp-.*)?$/;

/**
 * Writes a checkpoint into `dir` and returns its subfolder. The previous
 * checkpoint stays valid until the new one is complete: the new one is
 * written to a temp folder, renamed to `checkpoint-<n>`, and committed by
 * atomically replacing `checkpoint.json`; only then are older checkpoints
 * and leftovers of crashed writes removed.
 */
export async function writeCheckpoint(dir: string, { student, optimizer, state }: CheckpointContents): Promise<string> {
  let staging: string | undefined;
  try {
    await mkdir(dir, { recursive: true });
    const generation = ((await readPointer(dir))?.generation ?? 0) + 1;
    const name = checkpointFolderName(generation);
    // Not mkdtemp: its folders are private (0700), and this one becomes the checkpoint.
    staging = join(dir, `.${name}.tmp-${randomBytes(6).toString('hex')}`);
    await mkdir(staging);
    await fileSystem(staging).save(await studentArtifacts(student));
    await fileSystem(join(staging, OPTIMIZER_FILE)).save(await optimizerArtifacts(optimizer));
    await writeFileAtomic(join(staging, STATE_FILE), JSON.stringify(state));
    const folder = join(dir, name);
    // Only a run that died between this rename and the commit below leaves a folder of this name.
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
    staging = undefined;
    await syncFolder(dir);
    const pointer: CheckpointPointer = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, generation, latest: name };
    await writeFileAtomic(join(dir, POINTER_FILE), JSON.stringify(pointer));
    const stale = (await readdir(dir)).filter((entry) => CHECKPOINT_ENTRY.test(entry) && entry !== name);
    await Promise.all(stale.map((entry) => rm(join(dir, entry), { recursive: true, force: true })));
    return folder;
  } catch (error) {
    if (staging) await rm(staging, { recursive: true, force: true });
    if (error instanceof SelectiveKdError && error.code === 'CHECKPOINT') throw error;
    const why = error instanceof SelectiveKdError ? error.message : describeWriteError(dir, error);
    throw new SelectiveKdError('CHECKPOINT', `cannot write a checkpoint to '${dir}': ${why}`);
  }
}
