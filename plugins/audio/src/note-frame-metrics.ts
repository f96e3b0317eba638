import type { MetricAccumulator } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The standard multi-pitch frame metrics (as mir_eval's `multipitch` and the
 * MAPS/MAESTRO papers report them), pooled over all valid frames of all
 * batches: a key is predicted on where its logit > 0 (σ > 0.5);
 * `precision` = TP / (TP + FP), `recall` = TP / (TP + FN), `f1` their
 * harmonic mean, `accuracy` = TP / (TP + FP + FN) (Dixon's). Each is 0 where
 * its denominator is. Works on either granularity's unit grid: logits
 * `[B, F, 88]` with valid `[B, F]`, or `[B, F, 88, 1]` with valid `[B, F, 88]`.
 */
export function noteFrameMetrics(): MetricAccumulator {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  return {
    update(logits, labels, valid) {
      // Counted on the device, per unit over the keys first and then weighted by validity (no broadcast of
      // validity over the keys); only the three totals are read back.
      const [tp, fp, fn] = tf.tidy(() => {
        const predicted = tf.cast(tf.greater(logits, 0), 'float32');
        const truth = tf.cast(tf.greater(labels, 0.5), 'float32');
        const hits = tf.sum(tf.mul(predicted, truth), -1);
        const counted = tf.cast(tf.notEqual(valid, 0), 'float32');
        const total = (perUnit: tf.Tensor) => tf.sum(tf.mul(perUnit, counted));
        return tf
          .stack([total(hits), total(tf.sub(tf.sum(predicted, -1), hits)), total(tf.sub(tf.sum(truth, -1), hits))])
          .dataSync();
      });
      truePositives += tp;
      falsePositives += fp;
      falseNegatives += fn;
    },
    result() {
      const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
      const precision = ratio(truePositives, truePositives + falsePositives);
      const recall = ratio(truePositives, truePositives + falseNegatives);
      return {
        precision,
        recall,
        f1: ratio(2 * precision * recall, precision + recall),
        accuracy: ratio(truePositives, truePositives + falsePositives + falseNegatives),
      };
    },
  };
}
