import { ConfusionMatrix, type MetricAccumulator } from '@selective-kd/core';

/**
 * Segmentation metrics from a confusion matrix accumulated over batches:
 * `meanIoU` (over classes that occur in the truth or the prediction),
 * `pixelAccuracy`, and `iou/<k>` per such class. Invalid pixels (the ignore
 * label, `valid` = 0) are left out.
 */
export function pixelMetrics(): MetricAccumulator {
  const confusion = new ConfusionMatrix('pixelMetrics');
  return {
    update(logits, labels, valid) {
      confusion.add(logits, labels, valid);
    },
    result() {
      const ious: Record<string, number> = {};
      for (let k = 0; k < confusion.size; k++) {
        const { truth, predicted, hits } = confusion.classCounts(k);
        const union = truth + predicted - hits;
        if (union > 0) ious[`iou/${k}`] = hits / union;
      }
      const values = Object.values(ious);
      return {
        meanIoU: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0,
        pixelAccuracy: confusion.accuracy(),
        ...ious,
      };
    },
  };
}
