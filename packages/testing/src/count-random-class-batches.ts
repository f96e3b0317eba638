import * as tf from '@tensorflow/tfjs-core';

/** Per-class counts over valid units: how often each class is the truth, the argmax, and both. */
export interface ClassCounts {
  truths: number[];
  predictions: number[];
  hits: number[];
}

/**
 * The reference for metrics that count on the device: hands `update` three
 * seeded random batches — logits `[...unitShape, classes]`, int32 labels and
 * 0/1 validity `unitShape` (about a quarter of the units invalid) — and counts
 * the same batches' argmax against truth in plain JavaScript.
 */
export function countRandomClassBatches(
  unitShape: number[],
  classes: number,
  update: (logits: tf.Tensor, labels: tf.Tensor, valid: tf.Tensor) => void,
): ClassCounts {
  const counts: ClassCounts = { truths: zeros(classes), predictions: zeros(classes), hits: zeros(classes) };
  for (let seed = 0; seed < 3; seed++) {
    tf.tidy(() => {
      const logits = tf.randomNormal([...unitShape, classes], 0, 1, 'float32', seed);
      const labels = tf.randomUniform(unitShape, 0, classes, 'int32', 10 + seed);
      const valid = tf.cast(tf.greater(tf.randomUniform(unitShape, 0, 1, 'float32', 20 + seed), 0.25), 'float32');
      update(logits, labels, valid);
      const [x, y, v] = [logits.dataSync(), labels.dataSync(), valid.dataSync()];
      for (let i = 0; i < y.length; i++) {
        if (v[i] === 0) continue;
        let best = 0;
        for (let k = 1; k < classes; k++) if (x[i * classes + k] > x[i * classes + best]) best = k;
        counts.truths[y[i]]++;
        counts.predictions[best]++;
        if (best === y[i]) counts.hits[best]++;
      }
    });
  }
  return counts;
}

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}
