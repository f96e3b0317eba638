import * as tf from '@tensorflow/tfjs-core';

/**
 * A confusion matrix of class-index units accumulated over batches, rows the
 * truth and columns the argmax prediction; invalid units are left out. The
 * shared counting behind plugins' accuracy, IoU and F1 metrics.
 */
export class ConfusionMatrix {
  private classes = 0;
  private counts = new Float64Array(0); // [truth * classes + predicted]

  /** `owner` names the metric in errors ('pixelMetrics'). */
  constructor(private readonly owner: string) {}

  /** The number of classes, fixed by the first batch; 0 before it. */
  get size(): number {
    return this.classes;
  }

  /**
   * Counts a batch of logits `[...U, C]`, labels `U` and validity `U` (a unit
   * counts where valid > 0). The counting runs on the device, a bincount of
   * `truth·C + prediction` weighted by validity, and only the C×C counts are
   * read back. Labels outside `[0, C)` are not counted. Disposes nothing.
   */
  add(logits: tf.Tensor, labels: tf.Tensor, valid: tf.Tensor): void {
    const c = logits.shape[logits.rank - 1];
    if (this.classes === 0) {
      this.classes = c;
      this.counts = new Float64Array(c * c);
    } else if (c !== this.classes) {
      throw new Error(`${this.owner}: logits have ${c} classes after earlier batches had ${this.classes}`);
    }
    const batchCounts = tf.tidy(() => {
      const truth = tf.reshape(tf.cast(labels, 'int32'), [-1]);
      const cell = tf.add(tf.mul(truth, tf.scalar(c, 'int32')), tf.reshape(tf.argMax(logits, -1), [-1]));
      // bincount skips values ≥ its size (and refuses negative ones): send out-of-range truths there.
      const inRange = tf.logicalAnd(tf.greaterEqual(truth, 0), tf.less(truth, c));
      const index = tf.where(inRange, cell, tf.fill(cell.shape, c * c, 'int32')) as tf.Tensor1D;
      const weights = tf.cast(tf.greater(tf.reshape(valid, [-1]), 0), 'float32') as tf.Tensor1D;
      return tf.bincount(index, weights, c * c);
    });
    const values = batchCounts.dataSync();
    batchCounts.dispose();
    for (let i = 0; i < values.length; i++) this.counts[i] += values[i];
  }

  /** Valid units whose truth is `k`, units predicted as `k`, and units both. */
  classCounts(k: number): { truth: number; predicted: number; hits: number } {
    let truth = 0;
    let predicted = 0;
    for (let j = 0; j < this.classes; j++) {
      truth += this.counts[k * this.classes + j];
      predicted += this.counts[j * this.classes + k];
    }
    return { truth, predicted, hits: this.counts[k * this.classes + k] };
  }

  /** The share of valid units predicted right; 0 before any valid unit. */
  accuracy(): number {
    let correct = 0;
    let total = 0;
    for (let k = 0; k < this.classes; k++) {
      const { truth, hits } = this.classCounts(k);
      correct += hits;
      total += truth;
    }
    return total ? correct / total : 0;
  }
}
