import { seededRandom } from '@selective-kd/core';
import type { SegmentationSample } from '@selective-kd/pixel';
import { ITEM_SIZE, type SmallItems } from './small-items.js';

/** Items per side of a mosaic: 2×2 items of 14×14 make a 28×28 image. */
const GRID = 2;
export const MOSAIC_SIZE = GRID * ITEM_SIZE;
/** Background plus the ten item classes. */
export const MOSAIC_CLASSES = 11;
/**
 * A pixel belongs to its item where the item's intensity exceeds 32 of 255,
 * else to the background. Halved intensities are multiples of a quarter grey
 * level stored as float32: the extra eighth keeps exactly 32 background
 * however it rounds.
 */
const FOREGROUND = (32 + 1 / 8) / 255;

/** Which items a draw may take: indices `from` (inclusive) to `to` (exclusive) of a split. */
export interface ItemRange {
  from: number;
  to: number;
}

/**
 * `count` mosaics of four items each, drawn reproducibly by `seed` from the
 * items in `range`. Per-pixel label: the item's class + 1 on the item, 0 on the
 * background — so one image holds several classes, as segmentation needs.
 */
export function makeMosaics(items: SmallItems, range: ItemRange, count: number, seed: number, prefix: string): SegmentationSample[] {
  const random = seededRandom(seed);
  const samples: SegmentationSample[] = [];
  const cells = ITEM_SIZE * ITEM_SIZE;
  for (let m = 0; m < count; m++) {
    const image = new Float32Array(MOSAIC_SIZE * MOSAIC_SIZE);
    const labels = new Int32Array(MOSAIC_SIZE * MOSAIC_SIZE);
    for (let cell = 0; cell < GRID * GRID; cell++) {
      const item = range.from + Math.floor(random() * (range.to - range.from));
      const top = Math.floor(cell / GRID) * ITEM_SIZE;
      const left = (cell % GRID) * ITEM_SIZE;
      for (let y = 0; y < ITEM_SIZE; y++) {
        for (let x = 0; x < ITEM_SIZE; x++) {
          const value = items.images[item * cells + y * ITEM_SIZE + x];
          const at = (top + y) * MOSAIC_SIZE + left + x;
          image[at] = value;
          labels[at] = value > FOREGROUND ? items.classes[item] + 1 : 0;
        }
      }
    }
    samples.push({ name: `${prefix}-${m}`, width: MOSAIC_SIZE, height: MOSAIC_SIZE, channels: 1, image, labels });
  }
  return samples;
}
