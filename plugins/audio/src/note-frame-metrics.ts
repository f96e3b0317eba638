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
      const [predicted, truth, validity] = tf.tidy(() => {
        const weights = tf.broadcastTo(tf.expandDims(tf.cast(valid, 'float32'), -1), logits.shape);
        return [tf.greater(logits, 0).dataSync(), tf.greater(labels, 0.5).dataSync(), weights.dataSync()];
      });
      for (let i = 0; i < predicted.length; i++) {
        if (validity[i] === 0) continue;
        if (predicted[i] && truth[i]) truePositives++;
        else if (predicted[i]) falsePositives++;
        else if (truth[i]) falseNegatives++;
      }
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
