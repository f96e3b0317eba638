import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystem } from '../persistence/file-system.js';
import { syncFolder } from '../persistence/write-file-atomic.js';
import { SelectiveKdError } from '../selective-kd-error.js';

/** `best-weights-<epoch>` folders in a checkpoint dir, complete or staged by a write that died. */
const FOLDER = /^\.?best-weights-\d+(\.tmp-.*)?$/;
const folderName = (epoch: number) => `best-weights-${epoch}`;

/**
 * The student's weights at its best validation epoch, for early stopping's
 * `restoreBestWeights`: kept in memory as clones (a variable's clone keeps the
 * values the optimizer later replaces), and, in a checkpoint folder, as a
 * standard TF.js weights folder `best-weights-<epoch>` so that a resumed run
 * ends with the same weights as one that never stopped.
 *
 * On disk the folder is written before the checkpoint that names its epoch
 * (in its epoch logs) is committed, and older ones are removed only after:
 * whichever checkpoint a reader finds, its best weights are there.
 */
export class BestWeights {
  private kept: tf.Tensor[] | undefined;
  private bestEpoch: number | undefined;
  /** The checkpoint folder and epoch last written, so an unchanged best is not written again. */
  private written: { dir: string; epoch: number } | undefined;

  get epoch(): number | undefined {
    return this.bestEpoch;
  }

  /** Keeps copies of the student's weights (trainable and not) as those of epoch `epoch`. */
  take(student: LayersModel, epoch: number): void {
    this.replace(student.getWeights().map((w) => tf.keep(tf.clone(w))), epoch);
  }

  /** Sets the kept weights into the student. */
  restoreInto(student: LayersModel): void {
    if (this.kept) student.setWeights(this.kept);
  }

  /** Reads the best weights of epoch `epoch` from checkpoint folder `dir`, checked against the student. */
  async load(dir: string, epoch: number, student: LayersModel): Promise<void> {
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
    const specs = artifacts.weightSpecs ?? [];
    const byName = artifacts.weightData ? tf.io.decodeWeights(artifacts.weightData, specs) : {};
    const loaded = specs.map((spec) => byName[spec.name]);
    const own = student.weights;
    const misfit = loaded.length !== own.length || loaded.some((t, i) => !tf.util.arraysEqual(t.shape, own[i].shape as number[]));
    if (misfit) {
      tf.dispose(loaded);
      throw new SelectiveKdError(
        'CHECKPOINT',
        `the best weights in '${folder}' (${loaded.length}: ${loaded.map((t) => `[${t.shape}]`).join(', ')}) do not fit student '${student.name}' ` +
          `(${own.length}: ${own.map((w) => `[${w.shape}]`).join(', ')})`,
      );
    }
    this.replace(loaded.map((t) => tf.keep(t)), epoch);
    this.written = { dir, epoch };
  }

  /** Writes the kept weights into checkpoint folder `dir` unless they are there already. */
  async saveTo(dir: string): Promise<void> {
    const epoch = this.bestEpoch;
    if (!this.kept || epoch === undefined || (this.written?.dir === dir && this.written.epoch === epoch)) return;
    const name = folderName(epoch);
    const staging = join(dir, `.${name}.tmp-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(staging, { recursive: true });
      const specsAndData = await tf.io.encodeWeights(this.kept.map((tensor, i) => ({ name: `weight_${i}`, tensor })));
      await fileSystem(staging).save({
        modelTopology: { epoch },
        format: 'best-weights',
        generatedBy: 'selective-kd-checkpoint',
        weightSpecs: specsAndData.specs,
        weightData: specsAndData.data,
      });
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
    this.written = { dir, epoch };
  }

  /** Removes every best-weights folder in `dir` but the current one; call after the checkpoint naming it is committed. */
  async pruneIn(dir: string): Promise<void> {
    const keep = this.bestEpoch === undefined ? undefined : folderName(this.bestEpoch);
    const stale = (await readdir(dir)).filter((entry) => FOLDER.test(entry) && entry !== keep);
    await Promise.all(stale.map((entry) => rm(join(dir, entry), { recursive: true, force: true })));
  }

  dispose(): void {
    this.replace(undefined, undefined);
  }

  private replace(weights: tf.Tensor[] | undefined, epoch: number | undefined): void {
    if (this.kept) tf.dispose(this.kept);
    this.kept = weights;
    this.bestEpoch = epoch;
  }
}
