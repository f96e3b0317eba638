import { seededRandom } from '@selective-kd/core';
import type { SegmentationSample } from '@selective-kd/pixel';
import type { FashionMnist } from './fashion-mnist.js';

/** Items per side of a mosaic: 2×2 items of 28×28 make a 56×56 image. */
const GRID = 2;
const ITEM = 28;
export const MOSAIC_SIZE = GRID * ITEM;
/** Background plus the ten item classes. */
export const MOSAIC_CLASSES = 11;
/** A pixel belongs to its item where the item's intensity exceeds this, else to the background. */
const FOREGROUND = 32;

/**
 * `count` mosaics of four Fashion-MNIST items each, drawn reproducibly from
 * `data` by `seed`. Per-pixel label: the item's class + 1 on the item, 0 on the
 * background — so one image holds several classes, as segmentation needs.
 */
export function makeMosaics(data: FashionMnist, count: number, seed: number, prefix = 'mosaic'): SegmentationSample[] {
  const random = seededRandom(seed);
  const samples: SegmentationSample[] = [];
  for (let m = 0; m < count; m++) {
    const image = new Float32Array(MOSAIC_SIZE * MOSAIC_SIZE);
    const labels = new Int32Array(MOSAIC_SIZE * MOSAIC_SIZE);
    for (let cell = 0; cell < GRID * GRID; cell++) {
      const item = Math.floor(random() * data.count);
      const top = Math.floor(cell / GRID) * ITEM;
      const left = (cell % GRID) * ITEM;
      for (let y = 0; y < ITEM; y++) {
        for (let x = 0; x < ITEM; x++) {
          const value = data.images[item * ITEM * ITEM + y * ITEM + x];
          const at = (top + y) * MOSAIC_SIZE + left + x;
          image[at] = value / 255;
          labels[at] = value > FOREGROUND ? data.classes[item] + 1 : 0;
        }
      }
    }
    samples.push({ name: `${prefix}-${m}`, width: MOSAIC_SIZE, height: MOSAIC_SIZE, channels: 1, image, labels });
  }
  return samples;
}

