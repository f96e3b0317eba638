import * as tf from '@tensorflow/tfjs-core';
import { encodePng } from './encode-png.js';
import { classColor, DEFAULT_PALETTE, type Rgb } from './palette.js';

export interface SegmentationPanelInputs {
  /** Input images `[B,H,W,1|3]`, values in [0, 1]. */
  images: tf.Tensor;
  /** int32 labels `[B,H,W]`. */
  labels: tf.Tensor;
  /** Teacher and student logits `[B,h,w,C]`; resized to H×W if smaller. */
  teacher: tf.Tensor;
  student: tf.Tensor;
  /** The contrast mask `[B,H,W]` (1 = teacher better). */
  mask: tf.Tensor;
}

export interface SegmentationPanelOptions {
  /** Label drawn in grey as "ignored". Default 255. */
  ignoreLabel?: number;
  /** Nearest-neighbour upscaling so small images stay readable. Default 4. */
  scale?: number;
  palette?: readonly Rgb[];
}

const GAP = 2;
const IGNORED: Rgb = [128, 128, 128];
const GAP_COLOR: Rgb = [255, 255, 255];

/**
 * One sample as a PNG panel, left to right: input | ground truth | teacher |
 * student | contrast mask (teacher-better white). Classes are drawn in a fixed
 * palette, so panels of different runs compare at a glance.
 */
export function segmentationPanel(
  inputs: SegmentationPanelInputs,
  sample: number,
  { ignoreLabel = 255, scale = 4, palette = DEFAULT_PALETTE }: SegmentationPanelOptions = {},
): Uint8Array {
  const [, height, width] = inputs.labels.shape;
  const [image, truth, teacher, student, mask] = tf.tidy(() => {
    const pick = (t: tf.Tensor) => tf.gather(t, sample);
    const classMap = (logits: tf.Tensor) => {
      const one = pick(logits) as tf.Tensor3D;
      const sized = one.shape[0] === height && one.shape[1] === width ? one : tf.image.resizeBilinear(one, [height, width], false, true);
      return tf.argMax(sized, -1).dataSync();
    };
    const img = pick(inputs.images);
    const rgb = img.shape[2] === 1 ? tf.tile(img, [1, 1, 3]) : img;
    return [
      tf.round(tf.clipByValue(tf.mul(rgb, 255), 0, 255)).dataSync(),
      pick(inputs.labels).dataSync(),
      classMap(inputs.teacher),
      classMap(inputs.student),
      pick(inputs.mask).dataSync(),
    ];
  });

  const tiles: Array<(i: number) => Rgb> = [
    (i) => [image[3 * i], image[3 * i + 1], image[3 * i + 2]],
    (i) => (truth[i] === ignoreLabel ? IGNORED : classColor(truth[i], palette)),
    (i) => classColor(teacher[i], palette),
    (i) => classColor(student[i], palette),
    (i) => (mask[i] > 0.5 ? [255, 255, 255] : [0, 0, 0]),
  ];
  const tileWidth = width * scale;
  const panelWidth = tiles.length * tileWidth + (tiles.length - 1) * GAP;
  const panelHeight = height * scale;
  const pixels = new Uint8Array(panelWidth * panelHeight * 3);
  for (let y = 0; y < panelHeight; y++) {
    for (let x = 0; x < panelWidth; x++) {
      const tile = Math.floor(x / (tileWidth + GAP));
      const within = x - tile * (tileWidth + GAP);
      const color = within >= tileWidth ? GAP_COLOR : tiles[tile](Math.floor(y / scale) * width + Math.floor(within / scale));
      pixels.set(color, (y * panelWidth + x) * 3);
    }
  }
  return encodePng(pixels, panelWidth, panelHeight, 3);
}
