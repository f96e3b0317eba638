import { initBackend } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { beforeAll, expect, it } from 'vitest';
import { classColor } from './palette.js';
import { segmentationPanel } from './segmentation-panel.js';

beforeAll(async () => {
  await initBackend('cpu');
});

it('draws input | truth | teacher | student | mask side by side', () => {
  // One 1×2 image: truth [1, ignore], teacher predicts [1, 2], student [0, 0], mask [1, 0].
  const inputs = {
    images: tf.tensor4d([0.5, 1], [1, 1, 2, 1]),
    labels: tf.tensor3d([[[1, 255]]], undefined, 'int32'),
    teacher: tf.oneHot(tf.tensor3d([[[1, 2]]], undefined, 'int32'), 3),
    student: tf.oneHot(tf.tensor3d([[[0, 0]]], undefined, 'int32'), 3),
    mask: tf.tensor3d([[[1, 0]]]),
  };
  const before = tf.memory().numTensors;
  const png = decode(segmentationPanel(inputs, 0, { scale: 1 }));
  expect(tf.memory().numTensors).toBe(before);
  // Five tiles of 2 pixels with 2-pixel gaps: 5·2 + 4·2 = 18 wide, 1 high, RGB.
  expect([png.width, png.height, png.channels]).toEqual([18, 1, 3]);
  const pixel = (x: number) => Array.from(png.data.slice(3 * x, 3 * x + 3));
  expect(pixel(0)).toEqual([128, 128, 128]); // 0.5 grey input (127.5 rounds up)
  expect(pixel(1)).toEqual([255, 255, 255]);
  expect(pixel(2)).toEqual([255, 255, 255]); // gap
  expect(pixel(4)).toEqual([...classColor(1)]);
  expect(pixel(5)).toEqual([128, 128, 128]); // ignored truth
  expect(pixel(8)).toEqual([...classColor(1)]);
  expect(pixel(9)).toEqual([...classColor(2)]);
  expect(pixel(12)).toEqual([...classColor(0)]);
  expect(pixel(16)).toEqual([255, 255, 255]);
  expect(pixel(17)).toEqual([0, 0, 0]);
});

it('upscales by `scale` and resizes low-resolution logits', () => {
  const inputs = {
    images: tf.zeros([2, 4, 4, 3]),
    labels: tf.zeros([2, 4, 4], 'int32'),
    teacher: tf.zeros([2, 2, 2, 5]),
    student: tf.zeros([2, 4, 4, 5]),
    mask: tf.zeros([2, 4, 4]),
  };
  const png = decode(segmentationPanel(inputs, 1, { scale: 3 }));
  expect([png.width, png.height]).toEqual([5 * 12 + 4 * 2, 12]);
});
