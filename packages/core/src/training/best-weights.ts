import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * The student's weights at its best validation epoch, for early stopping's
 * `restoreBestWeights`: kept in memory as clones (a variable's clone keeps the
 * values the optimizer later replaces). In a checkpoint folder they are also
 * written to disk (`persistence/best-weights-folder.ts`), so that a resumed
 * run ends with the same weights as one that never stopped.
 */
export class BestWeights {
  private kept: tf.Tensor[] | undefined;
  private bestEpoch: number | undefined;
  /** The checkpoint folder and epoch last written to or read from, so an unchanged best is not written again. */
  stored: { dir: string; epoch: number } | undefined;

  get epoch(): number | undefined {
    return this.bestEpoch;
  }

  /** The kept weights, in `student.getWeights()` order; owned by this object. */
  get weights(): readonly tf.Tensor[] | undefined {
    return this.kept;
  }

  /** Keeps copies of the student's weights (trainable and not) as those of epoch `epoch`. */
  take(student: LayersModel, epoch: number): void {
    this.replace(student.getWeights().map((w) => tf.keep(tf.clone(w))), epoch);
  }

  /** Sets the kept weights into the student. */
  restoreInto(student: LayersModel): void {
    if (this.kept) student.setWeights(this.kept);
  }

  /** Takes ownership of `weights` (kept tensors) as those of epoch `epoch`, disposing the ones held before. */
  replace(weights: tf.Tensor[] | undefined, epoch: number | undefined): void {
    if (this.kept) tf.dispose(this.kept);
    this.kept = weights;
    this.bestEpoch = epoch;
  }

  dispose(): void {
    this.replace(undefined, undefined);
  }
}
