import { selectiveDistillationLoss, type Batch, type ModelInputs } from '@selective-kd/core';
import { pixelModality, segmentationBatches, segmentationPanel, type SegmentationSample } from '@selective-kd/pixel';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Panels of the first `count` test images: input | truth | teacher | student |
 * contrast mask, the mask computed as the loss-compare gate would see it.
 */
export function drawPanels(
  teacher: tfl.LayersModel,
  student: tfl.LayersModel,
  test: readonly SegmentationSample[],
  count: number,
): Uint8Array[] {
  const [batch] = segmentationBatches(test.slice(0, count), { batchSize: count, shuffle: false })();
  try {
    return tf.tidy(() => {
      const inputs = batch.inputs as tf.Tensor;
      const teacherLogits = teacher.predict(inputs as ModelInputs) as tf.Tensor;
      const studentLogits = student.predict(inputs as ModelInputs) as tf.Tensor;
      const { mask } = selectiveDistillationLoss(
        { student: studentLogits, teacher: teacherLogits, labels: batch.labels },
        pixelModality(),
      );
      const panelInputs = { images: inputs, labels: batch.labels, teacher: teacherLogits, student: studentLogits, mask };
      return Array.from({ length: count }, (_, i) => segmentationPanel(panelInputs, i)) as never;
    });
  } finally {
    disposeBatch(batch);
  }
}

function disposeBatch(batch: Batch): void {
  tf.dispose([batch.inputs as tf.Tensor, batch.labels]);
}
