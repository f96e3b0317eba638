import {
  dropIgnoredLabels,
  SelectiveKdError,
  softmaxCrossEntropy,
  softmaxKlDivergence,
  type DistillationInputs,
  type ModalityPlugin,
} from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { encodePng } from './encode-png.js';
import { pixelMetrics } from './pixel-metrics.js';

export interface PixelModalityOptions {
  /** Label of pixels that count for nothing (void, object borders). Default 255. */
  ignoreLabel?: number;
  /** Grey values of the exported mask: teacher-better pixels (default 255) and the rest (default 0). */
  maskValues?: { teacherBetter: number; studentBetter: number };
}

/**
 * Pixels as processing units, for semantic segmentation: logits `[B,h,w,C]`
 * (resized bilinearly to the label grid when smaller), int32 labels `[B,H,W]`,
 * optional validity `[B,H,W]`. Per-pixel loss: softmax cross-entropy; per-pixel
 * divergence: KL at temperature τ. The contrast mask exports as an H×W PNG.
 */
export function pixelModality(options: PixelModalityOptions = {}): ModalityPlugin<Uint8Array> {
  const { ignoreLabel = 255, maskValues = { teacherBetter: 255, studentBetter: 0 } } = options;
  if (!Number.isInteger(ignoreLabel)) {
    throw new SelectiveKdError('INVALID_OPTION', `ignoreLabel must be an integer; got ${ignoreLabel}`);
  }
  for (const [name, value] of Object.entries(maskValues)) {
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      throw new SelectiveKdError('INVALID_OPTION', `maskValues.${name} must be an integer grey level 0–255; got ${value}`);
    }
  }

  return {
    meta: { name: 'pixel', version: '0.1.0' },
    unit: { name: 'pixel', axes: ['height', 'width'], target: 'class-index' },
    toUnits: (inputs) =>
      tf.tidy(() => {
        checkLayout(inputs);
        const [height, width] = inputs.labels.shape.slice(1);
        return {
          student: toLabelGrid(inputs.student, height, width),
          teacher: toLabelGrid(inputs.teacher, height, width),
          ...dropIgnoredLabels(inputs.labels, ignoreLabel, inputs.valid),
        };
      }),
    unitLoss: softmaxCrossEntropy,
    unitDivergence: softmaxKlDivergence,
    maskLayout: {
      description: 'H×W greyscale PNG, teacher-better pixels bright',
      export: (mask, sample) => {
        const [, height, width] = mask.shape;
        const values = tf.tidy(() => tf.gather(mask, sample).dataSync());
        const grey = Uint8Array.from(values, (m) => (m > 0.5 ? maskValues.teacherBetter : maskValues.studentBetter));
        return encodePng(grey, width, height, 1);
      },
    },
    createMetrics: pixelMetrics,
  };
}

/** Logits at the label grid's size; lower-resolution logits are resized bilinearly (half-pixel centres). */
function toLabelGrid(logits: tf.Tensor, height: number, width: number): tf.Tensor {
  const [, h, w] = logits.shape;
  if (h === height && w === width) return logits;
  return tf.image.resizeBilinear(logits as tf.Tensor4D, [height, width], false, true);
}

function checkLayout({ student, teacher, labels, valid }: DistillationInputs): void {
  const given = `(student [${student.shape}], teacher [${teacher.shape}], labels [${labels.shape}]${valid ? `, valid [${valid.shape}]` : ''})`;
  if (student.rank !== 4 || teacher.rank !== 4) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `pixel logits must be [batch, height, width, classes] ${given}`);
  }
  if (labels.rank !== 3) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `pixel labels must be [batch, height, width] ${given}`);
  }
  if (valid && !tf.util.arraysEqual(valid.shape, labels.shape)) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `valid must have the labels' shape ${given}`);
  }
}
