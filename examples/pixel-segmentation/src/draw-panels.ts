import { selectiveDistillationLoss, type Batch, type ModelInputs } from '@selective-kd/core';
import { pixelModality, segmentationBatches, segmentationPanelSvg, type SegmentationSample } from '@selective-kd/pixel';
import { svgToPng } from '@selective-kd/plots';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ITEM_NAMES } from './fashion-mnist.js';

/** Label 0 is the background; label k + 1 is Fashion-MNIST item k. */
const CLASS_NAMES = ['background', ...ITEM_NAMES];

/**
 * Labelled panels (PNG) of the first `count` test images: input | truth |
 * teacher | student | contrast mask under column titles, with the class and
 * mask legends; the mask is computed as the loss-compare gate would see it.
 * The strips are already 4× upscaled, so the PNG is drawn at 1 px per SVG unit.
 */
export function drawPanels(
  teacher: tfl.LayersModel,
  student: tfl.LayersModel,
  test: readonly SegmentationSample[],
  count: number,
): Uint8Array[] {
  const [batch] = segmentationBatches(test.slice(0, count), { batchSize: count, shuffle: false })();
  try {
    const svgs = tf.tidy(() => {
      const inputs = batch.inputs as tf.Tensor;
      const teacherLogits = teacher.predict(inputs as ModelInputs) as tf.Tensor;
      const studentLogits = student.predict(inputs as ModelInputs) as tf.Tensor;
      const { mask } = selectiveDistillationLoss(
        { student: studentLogits, teacher: teacherLogits, labels: batch.labels },
        pixelModality(),
      );
      const panelInputs = { images: inputs, labels: batch.labels, teacher: teacherLogits, student: studentLogits, mask };
      const classNames = CLASS_NAMES.slice(0, teacherLogits.shape[3]);
      return Array.from({ length: count }, (_, i) => segmentationPanelSvg(panelInputs, i, { classNames, title: `Test image ${i}: ${test[i].name}` })) as never as string[];
    });
    return svgs.map((svg) => svgToPng(svg, { scale: 1 }));
  } finally {
    disposeBatch(batch);
  }
}

function disposeBatch(batch: Batch): void {
  tf.dispose([batch.inputs as tf.Tensor, batch.labels]);
}
