import { initBackend } from '@selective-kd/core';
import { expectSelectiveKdError } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { beforeAll, expect, it } from 'vitest';
import { classColor } from './palette.js';
import { segmentationPanel } from './segmentation-panel.js';
import { segmentationPanelSvg } from './segmentation-panel-svg.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// One 2×3 image with three classes; truth [[1, 2, 255], [0, 1, 2]].
const inputs = () => ({
  images: tf.tensor4d([0, 0.2, 0.4, 0.6, 0.8, 1], [1, 2, 3, 1]),
  labels: tf.tensor3d([[[1, 2, 255], [0, 1, 2]]], undefined, 'int32'),
  teacher: tf.oneHot(tf.tensor3d([[[1, 2, 2], [0, 1, 1]]], undefined, 'int32'), 3),
  student: tf.oneHot(tf.tensor3d([[[0, 2, 0], [0, 0, 2]]], undefined, 'int32'), 3),
  mask: tf.tensor3d([[[1, 0, 0], [0, 1, 0]]]),
});

/** The text of every `<text>` element, unescaped. */
const texts = (svg: string) =>
  [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))));

it('titles the five columns and explains the class and mask colours', () => {
  const one = inputs();
  const before = tf.memory().numTensors;
  const svg = segmentationPanelSvg(one, 0, { classNames: ['background', 'T-shirt & top'], title: 'Test image 0' });
  expect(tf.memory().numTensors).toBe(before);
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(texts(svg)).toEqual([
    'Test image 0',
    'input',
    'ground truth',
    'teacher',
    'student',
    'contrast mask',
    'classes:',
    'background',
    'T-shirt & top',
    'class 2',
    'ignored (label 255)',
    'contrast mask:',
    'teacher better (distilled from the teacher)',
    'student better, tie or ignored pixel',
  ]);
  expect(svg).toContain('T-shirt &#38; top');
  // Every swatch shows the colour the strip uses for its entry.
  for (const k of [0, 1, 2]) expect(svg).toContain(`fill="rgb(${classColor(k).join(',')})"`);
  expect(svg).toContain('fill="rgb(128,128,128)"');
  expect(svg).toContain('font-family="DejaVu Sans"');
  tf.dispose(Object.values(one));
});

it('embeds the strip of segmentationPanel unchanged, pixel for pixel, and centres each title over its column', () => {
  const one = inputs();
  const svg = segmentationPanelSvg(one, 0, { scale: 10 });
  const embedded = /href="data:image\/png;base64,([^"]+)"/.exec(svg)?.[1] ?? '';
  const png = decode(Uint8Array.from(atob(embedded), (c) => c.charCodeAt(0)));
  const reference = decode(segmentationPanel(one, 0, { scale: 10 }));
  expect([png.width, png.height]).toEqual([5 * 30 + 4 * 2, 20]);
  expect(Array.from(png.data)).toEqual(Array.from(reference.data));
  expect(svg).toContain('<image x="8" y="26" width="158" height="20"');
  // Column i is centred at margin 8 + i·(30 + gap 2) + 15.
  expect([...svg.matchAll(/<text x="([\d.]+)"[^>]*text-anchor="middle"/g)].map((m) => Number(m[1]))).toEqual([23, 55, 87, 119, 151]);
  tf.dispose(Object.values(one));
});

it('refuses more class names than the logits have classes, naming the field', () => {
  const one = inputs();
  expectSelectiveKdError(() => segmentationPanelSvg(one, 0, { classNames: ['a', 'b', 'c', 'd'] }), 'INVALID_OPTION', 'classNames names 4 classes', 'have 3');
  tf.dispose(Object.values(one));
});
