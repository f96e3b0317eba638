import * as tf from '@tensorflow/tfjs-core';

/** What one `add` read from the tensors, for metrics that need more than the counts (spans, say). */
export interface ConfusionBatch {
  /** Argmax class per unit. */
  predicted: ArrayLike<number>;
  /** Label per unit. */
  truth: ArrayLike<number>;
  /** 1 for a valid unit, 0 otherwise. */
  validity: ArrayLike<number>;
}

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

  /** Counts a batch of logits `[...U, C]`, labels `U` and validity `U`. Disposes nothing. */
  add(logits: tf.Tensor, labels: tf.Tensor, valid: tf.Tensor): ConfusionBatch {
    const c = logits.shape[logits.rank - 1];
    if (this.classes === 0) {
      this.classes = c;
      this.counts = new Float64Array(c * c);
    } else if (c !== this.classes) {
      throw new Error(`${this.owner}: logits have ${c} classes after earlier batches had ${this.classes}`);
    }
    const [predicted, truth, validity] = tf.tidy(() => [
      tf.argMax(logits, -1).dataSync(),
      tf.cast(labels, 'int32').dataSync(),
      tf.cast(valid, 'float32').dataSync(),
    ]);
    for (let i = 0; i < truth.length; i++) {
      if (validity[i] > 0) this.counts[truth[i] * this.classes + predicted[i]] += 1;
    }
    return { predicted, truth, validity };
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
