import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SelectiveKdError } from '../selective-kd-error.js';
import type { BestWeights } from '../training/best-weights.js';
import { applyBestWeights, unstoredBestWeights } from './checkpoint-artifacts.js';
import { fileSystem } from './file-system.js';
import { syncFolder } from './write-file-atomic.js';

/** `best-weights-<epoch>` folders in a checkpoint dir, complete or staged by a write that died. */
const FOLDER = /^\.?best-weights-\d+(\.tmp-.*)?$/;
const folderName = (epoch: number) => `best-weights-${epoch}`;

/*
 * The best weights in a checkpoint folder are a standard TF.js weights folder
 * `best-weights-<epoch>`. It is written before the checkpoint that names its
 * epoch (in its epoch logs) is committed, and older ones are removed only
 * after: whichever checkpoint a reader finds, its best weights are there.
 */

/** Reads the best weights of epoch `epoch` from checkpoint folder `dir` into `best`, checked against the student. */
export async function loadBestWeights(best: BestWeights, dir: string, epoch: number, student: LayersModel): Promise<void> {
  const folder = join(dir, folderName(epoch));
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await fileSystem(folder).load();
  } catch (error) {
    throw new SelectiveKdError(
      'CHECKPOINT',
      `the checkpoint in '${dir}' names epoch ${epoch + 1} as the best, but its weights in '${folder}' cannot be read: ${(error as Error).message}`,
    );
  }
  applyBestWeights(best, artifacts, folder, { dir, epoch }, student);
}

/** Writes `best`'s weights into checkpoint folder `dir` unless they are there already. */
export async function saveBestWeights(best: BestWeights, dir: string): Promise<void> {
  const unstored = await unstoredBestWeights(best, dir);
  if (!unstored) return;
  const { epoch, artifacts } = unstored;
  const name = folderName(epoch);
  const staging = join(dir, `.${name}.tmp-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(staging, { recursive: true });
    await fileSystem(staging).save(artifacts);
    const folder = join(dir, name);
    // Only a run that died between this rename and its checkpoint's commit leaves a folder of this name.
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
    await syncFolder(dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const why = error instanceof Error ? error.message : String(error);
    throw new SelectiveKdError('CHECKPOINT', `cannot write the best weights to '${dir}': ${why}`);
  }
  best.stored = { dir, epoch };
}

/** Removes every best-weights folder in `dir` but `best`'s; call after the checkpoint naming it is committed. */
export async function pruneBestWeights(best: BestWeights, dir: string): Promise<void> {
  const keep = best.epoch === undefined ? undefined : folderName(best.epoch);
  const stale = (await readdir(dir)).filter((entry) => FOLDER.test(entry) && entry !== keep);
  await Promise.all(stale.map((entry) => rm(join(dir, entry), { recursive: true, force: true })));
}
