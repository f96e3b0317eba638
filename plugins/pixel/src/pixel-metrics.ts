import type { MetricAccumulator } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Segmentation metrics from a confusion matrix accumulated over batches:
 * `meanIoU` (over classes that occur in the truth or the prediction),
 * `pixelAccuracy`, and `iou/<k>` per such class. Invalid pixels (the ignore
 * label, `valid` = 0) are left out.
 */
export function pixelMetrics(): MetricAccumulator {
  let classes = 0;
  let confusion = new Float64Array(0); // [truth * classes + predicted]
  return {
    update(logits, labels, valid) {
      const c = logits.shape[logits.rank - 1];
      if (classes === 0) {
        classes = c;
        confusion = new Float64Array(c * c);
      } else if (c !== classes) {
        throw new Error(`pixelMetrics: logits have ${c} classes after earlier batches had ${classes}`);
      }
      const [predicted, truth, validity] = tf.tidy(() => [
        tf.argMax(logits, -1).dataSync(),
        tf.cast(labels, 'int32').dataSync(),
        tf.cast(valid, 'float32').dataSync(),
      ]);
      for (let i = 0; i < truth.length; i++) {
        if (validity[i] > 0) confusion[truth[i] * classes + predicted[i]] += 1;
      }
    },
    result() {
      let correct = 0;
      let total = 0;
      const ious: Record<string, number> = {};
      for (let k = 0; k < classes; k++) {
        let truthK = 0;
        let predictedK = 0;
        for (let j = 0; j < classes; j++) {
          truthK += confusion[k * classes + j];
          predictedK += confusion[j * classes + k];
        }
        const hit = confusion[k * classes + k];
        correct += hit;
        total += truthK;
        const union = truthK + predictedK - hit;
        if (union > 0) ious[`iou/${k}`] = hit / union;
      }
      const values = Object.values(ious);
      return {
        meanIoU: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0,
        pixelAccuracy: total ? correct / total : 0,
        ...ious,
      };
    },
  };
}
