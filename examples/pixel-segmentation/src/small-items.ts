import type { FashionMnist } from './fashion-mnist.js';

/** Side of an item after halving Fashion-MNIST's 28×28. */
export const ITEM_SIZE = 14;

/** Fashion-MNIST items at half resolution, intensities in [0, 1]. */
export interface SmallItems {
  count: number;
  /** `count` × 14 × 14 values in [0, 1]. */
  images: Float32Array;
  /** Item classes 0–9. */
  classes: Uint8Array;
}

/**
 * Every item averaged over 2×2 blocks to 14×14. Why: a student run must
 * converge in seconds on one wasm core, and the per-pixel loss costs in
 * proportion to the pixels; at 14×14 the items keep their silhouettes, which
 * is what tells a trouser from a sneaker.
 */
export function halveItems(data: FashionMnist): SmallItems {
  const full = 2 * ITEM_SIZE;
  const images = new Float32Array(data.count * ITEM_SIZE * ITEM_SIZE);
  for (let item = 0; item < data.count; item++) {
    for (let y = 0; y < ITEM_SIZE; y++) {
      for (let x = 0; x < ITEM_SIZE; x++) {
        const at = item * full * full + 2 * y * full + 2 * x;
        const sum = data.images[at] + data.images[at + 1] + data.images[at + full] + data.images[at + full + 1];
        images[item * ITEM_SIZE * ITEM_SIZE + y * ITEM_SIZE + x] = sum / (4 * 255);
      }
    }
  }
  return { count: data.count, images, classes: data.classes };
}
