import { encode } from 'fast-png';
import jpeg from 'jpeg-js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { readSegmentationFolder } from './read-segmentation-folder.js';

let root: string;
let images: string;
let labels: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'skd-seg-'));
  images = join(root, 'images');
  labels = join(root, 'labels');
  mkdirSync(images);
  mkdirSync(labels);
});

const grey = (width: number, height: number, data: number[]) => encode({ width, height, channels: 1, depth: 8, data: Uint8Array.from(data) });

it('reads grey and RGB PNGs, JPEGs, and grey or palette label PNGs', async () => {
  writeFileSync(join(images, 'a.png'), encode({ width: 2, height: 1, channels: 3, depth: 8, data: Uint8Array.from([255, 0, 0, 0, 0, 255]) }));
  writeFileSync(join(labels, 'a.png'), grey(2, 1, [1, 255]));
  const rgba = Buffer.from([0, 255, 0, 255, 255, 255, 255, 255]);
  writeFileSync(join(images, 'b.jpg'), jpeg.encode({ width: 2, height: 1, data: rgba }, 100).data);
  writeFileSync(
    join(labels, 'b.png'),
    encode({ width: 2, height: 1, channels: 1, depth: 8, data: Uint8Array.from([2, 0]), palette: [[0, 0, 0], [9, 9, 9], [200, 0, 0]] }),
  );
  writeFileSync(join(images, 'notes.txt'), 'not an image');

  const samples = await readSegmentationFolder({ images, labels, classes: 3 });
  expect(samples.map((s) => [s.name, s.width, s.height, s.channels])).toEqual([
    ['a', 2, 1, 3],
    ['b', 2, 1, 3],
  ]);
  expect(Array.from(samples[0].image)).toEqual([1, 0, 0, 0, 0, 1]);
  expect(Array.from(samples[0].labels)).toEqual([1, 255]);
  expect(Array.from(samples[1].labels)).toEqual([2, 0]); // palette indices, not colours
  // JPEG is lossy: green then white, within a few levels.
  const b = Array.from(samples[1].image);
  expect(b[1]).toBeGreaterThan(0.9);
  expect(b[0]).toBeLessThan(0.1);
  expect(Math.min(...b.slice(3))).toBeGreaterThan(0.9);
});

it('converts to the requested channel count', async () => {
  writeFileSync(join(images, 'a.png'), encode({ width: 1, height: 1, channels: 3, depth: 8, data: Uint8Array.from([255, 255, 0]) }));
  writeFileSync(join(labels, 'a.png'), grey(1, 1, [0]));
  const [sample] = await readSegmentationFolder({ images, labels, classes: 1, channels: 1 });
  expect(sample.channels).toBe(1);
  expect(sample.image[0]).toBeCloseTo(0.299 + 0.587, 5);
});

it('names a missing label file', async () => {
  writeFileSync(join(images, 'cat.jpg'), jpeg.encode({ width: 1, height: 1, data: Buffer.alloc(4) }, 90).data);
  await expect(readSegmentationFolder({ images, labels, classes: 2 })).rejects.toThrow(/cat\.jpg has no label file .*cat\.png/);
});

it('names an image and label of different sizes', async () => {
  writeFileSync(join(images, 'a.png'), grey(2, 2, [0, 0, 0, 0]));
  writeFileSync(join(labels, 'a.png'), grey(2, 1, [0, 0]));
  await expect(readSegmentationFolder({ images, labels, classes: 2 })).rejects.toThrow(/is 2×2 but its labels .* are 2×1/);
});

it('names a label value beyond the class count, with its pixel', async () => {
  writeFileSync(join(images, 'a.png'), grey(2, 2, [0, 0, 0, 0]));
  writeFileSync(join(labels, 'a.png'), grey(2, 2, [0, 1, 7, 255]));
  await expect(readSegmentationFolder({ images, labels, classes: 2 })).rejects.toMatchObject({
    code: 'LABEL_OUT_OF_RANGE',
    message: expect.stringMatching(/has label 7 at pixel \(x 0, y 1\); labels must be below 2 classes/),
  });
});

it('refuses colour label files and empty folders', async () => {
  await expect(readSegmentationFolder({ images, labels, classes: 2 })).rejects.toThrow(/no \.png or \.jpg images/);
  writeFileSync(join(images, 'a.png'), grey(1, 1, [0]));
  writeFileSync(join(labels, 'a.png'), encode({ width: 1, height: 1, channels: 3, depth: 8, data: Uint8Array.from([1, 2, 3]) }));
  await expect(readSegmentationFolder({ images, labels, classes: 2 })).rejects.toThrow(/has 3 channels; label files must hold one class index/);
  await expect(readSegmentationFolder({ images, labels, classes: 0 })).rejects.toThrow(/classes must be a whole number/);
});
