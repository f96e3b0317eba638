import { encodePng } from '@selective-kd/pixel';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXAMPLE_SPLITS, type ExampleSplit, type SplitCounts } from './example-splits.js';

/** Class index = position: 0 is the background, then one class per shape. */
export const PIXEL_CLASSES = ['background', 'disc', 'square', 'bar'] as const;

export const PIXEL_SIZE = 32;

/** 48 / 16 / 16 images: enough for a small teacher to learn the shapes in seconds, small enough to ship. */
export const PIXEL_COUNTS: SplitCounts = { train: 48, dev: 16, test: 16 };

/** One grey image and its class index per pixel, row-major `[32, 32]`. */
export interface PixelExampleImage {
  name: string;
  image: Uint8Array;
  labels: Uint8Array;
}

/**
 * Grey 32×32 images of one to three shapes — discs, squares and bars — on a
 * textured, noisy background. Shapes are brighter than the background on
 * average, but their brightness ranges overlap the background's brightest
 * texture, so a model must use shape (corners, thickness) and not only level.
 * A later shape is drawn over an earlier one, and the labels follow.
 */
export function makePixelExample(random: () => number): Record<ExampleSplit, PixelExampleImage[]> {
  const between = (low: number, high: number) => low + (high - low) * random();
  const whole = (low: number, high: number) => Math.floor(between(low, high + 1));
  const out = {} as Record<ExampleSplit, PixelExampleImage[]>;
  for (const split of EXAMPLE_SPLITS) {
    out[split] = [];
    for (let n = 0; n < PIXEL_COUNTS[split]; n++) {
      const size = PIXEL_SIZE;
      const level = new Float64Array(size * size);
      const labels = new Uint8Array(size * size);
      // Background: a slanted stripe texture of random frequency and phase, plus noise.
      const [fx, fy, phase, base] = [between(0.1, 0.6), between(0.1, 0.6), between(0, 2 * Math.PI), between(50, 100)];
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) level[y * size + x] = base + 25 * Math.sin(fx * x + fy * y + phase);
      const shapes = whole(1, 3);
      for (let s = 0; s < shapes; s++) {
        const kind = whole(1, 3);
        const brightness = between(120, 230);
        const [cx, cy] = [between(6, size - 6), between(6, size - 6)];
        const radius = between(4.5, 7);
        const half = between(3.5, 6);
        const vertical = random() < 0.5;
        const [halfLength, halfWidth] = [between(8, 14), between(1, 1.6)];
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const [dx, dy] = [x + 0.5 - cx, y + 0.5 - cy];
            const inside =
              kind === 1
                ? dx * dx + dy * dy <= radius * radius
                : kind === 2
                  ? Math.abs(dx) <= half && Math.abs(dy) <= half
                  : Math.abs(vertical ? dy : dx) <= halfLength && Math.abs(vertical ? dx : dy) <= halfWidth;
            if (!inside) continue;
            level[y * size + x] = brightness;
            labels[y * size + x] = kind;
          }
        }
      }
      const image = new Uint8Array(size * size);
      for (let i = 0; i < image.length; i++) image[i] = Math.max(0, Math.min(255, Math.round(level[i] + between(-15, 15))));
      out[split].push({ name: `${split}-${String(n).padStart(3, '0')}`, image, labels });
    }
  }
  return out;
}

/**
 * Writes `<dir>/{train,dev,test}/{images,labels}/<name>.png` (grey PNGs; a
 * label pixel is its class index) and `<dir>/classes.json`, the layout
 * `readSegmentationFolder` reads.
 */
export async function writePixelExample(dir: string, random: () => number): Promise<SplitCounts> {
  const splits = makePixelExample(random);
  for (const split of EXAMPLE_SPLITS) {
    await mkdir(join(dir, split, 'images'), { recursive: true });
    await mkdir(join(dir, split, 'labels'), { recursive: true });
    for (const { name, image, labels } of splits[split]) {
      await writeFile(join(dir, split, 'images', `${name}.png`), encodePng(image, PIXEL_SIZE, PIXEL_SIZE, 1));
      await writeFile(join(dir, split, 'labels', `${name}.png`), encodePng(labels, PIXEL_SIZE, PIXEL_SIZE, 1));
    }
  }
  await writeFile(join(dir, 'classes.json'), `${JSON.stringify(PIXEL_CLASSES)}\n`);
  return { ...PIXEL_COUNTS };
}
