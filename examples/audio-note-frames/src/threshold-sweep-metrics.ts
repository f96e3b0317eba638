import { noteFrameMetrics } from '@selective-kd/audio';
import type { MetricAccumulator } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';

/** Decision thresholds on σ(logit) at which frame F1 is also counted, as `f1@<p>`. */
export const DECISION_THRESHOLDS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5];

/**
 * The audio plugin's frame metrics (a key on where σ(logit) > 0.5) plus the
 * pooled frame F1 at each of `thresholds`, `f1@0.3` and so on: what lets a
 * run's decision threshold be chosen on dev (`atDevThreshold`) and applied,
 * unchanged, on test.
 */
export function thresholdSweepMetrics(thresholds: readonly number[] = DECISION_THRESHOLDS): MetricAccumulator {
  const plain = noteFrameMetrics();
  const counts = thresholds.map(() => ({ tp: 0, fp: 0, fn: 0 }));
  return {
    update(logits, labels, valid) {
      plain.update(logits, labels, valid);
      const values = tf.tidy(() => {
        const truth = tf.cast(tf.greater(labels, 0.5), 'float32');
        // Validity per unit, broadcast over the keys of a frame unit (or the single class of a note-frame unit).
        const counted = tf.expandDims(tf.cast(tf.notEqual(valid, 0), 'float32'), -1);
        const positives = tf.sum(tf.mul(truth, counted));
        return tf
          .stack(
            thresholds.flatMap((p) => {
              const predicted = tf.mul(tf.cast(tf.greater(logits, Math.log(p / (1 - p))), 'float32'), counted);
              const hits = tf.sum(tf.mul(predicted, truth));
              return [hits, tf.sub(tf.sum(predicted), hits), tf.sub(positives, hits)];
            }),
          )
          .dataSync();
      });
      counts.forEach((c, i) => {
        c.tp += values[3 * i];
        c.fp += values[3 * i + 1];
        c.fn += values[3 * i + 2];
      });
    },
    result() {
      const f1 = ({ tp, fp, fn }: { tp: number; fp: number; fn: number }) => (tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0);
      return { ...plain.result(), ...Object.fromEntries(thresholds.map((p, i) => [`f1@${p}`, f1(counts[i])])) };
    },
  };
}
