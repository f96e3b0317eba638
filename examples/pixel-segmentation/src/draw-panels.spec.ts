import { classColor } from '@selective-kd/pixel';
import { initBackend } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { decode } from 'fast-png';
import { beforeAll, expect, it } from 'vitest';
import { drawPanels } from './draw-panels.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** A 1×1 convolution whose class-k logit is `bias[k]` everywhere: a constant class map. */
function constantModel(classes: number, winner: number): tfl.LayersModel {
  const model = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: classes, kernelSize: 1, kernelInitializer: 'zeros' })] });
  const bias = new Float32Array(classes);
  bias[winner] = 5;
  model.layers[0].setWeights([tf.zeros([1, 1, 1, classes]), tf.tensor1d(bias)]);
  return model;
}

it('draws each test image as a labelled PNG: title, strip at 4× with its class colours, legends, without leaking tensors', () => {
  const test = [0, 1].map((n) => ({
    name: `mosaic-${n}`,
    width: 8,
    height: 8,
    channels: 1 as const,
    image: new Float32Array(64).fill(0.5),
    labels: new Int32Array(64).fill(n + 1),
  }));
  const teacher = constantModel(11, 1);
  const student = constantModel(11, 2);
  const before = tf.memory().numTensors;
  const pngs = drawPanels(teacher, student, test, 2);
  expect(tf.memory().numTensors).toBe(before);
  expect(pngs).toHaveLength(2);
  const png = decode(pngs[0]);
  // The strip (5 tiles of 32 px with 2-px gaps = 168 px) is narrower than the legends' 420 px; margins 8 on each side.
  expect(png.width).toBe(436);
  const at = (x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * png.channels, (y * png.width + x) * png.channels + 3));
  // Title (22) and column titles (18) above the strip, from y = 8: the strip starts at y = 48.
  const stripTop = 48;
  expect(at(8 + 2 * 34 + 16, stripTop + 16)).toEqual([...classColor(1)]); // teacher tile: T-shirt/top
  expect(at(8 + 3 * 34 + 16, stripTop + 16)).toEqual([...classColor(2)]); // student tile: Trouser
  expect(at(8 + 1 * 34 + 16, stripTop + 16)).toEqual([...classColor(1)]); // truth of image 0
  expect(at(8 + 1 * 34 + 16, stripTop + 16)).not.toEqual(at(8 + 1 * 34 + 16, stripTop - 30)); // text row is not the strip
  // Rows of dark title text above the strip, and legends below it (11 classes + ignored wrap onto several rows).
  const darkIn = (y0: number, y1: number) => {
    let dark = 0;
    for (let y = y0; y < y1; y++) for (let x = 0; x < png.width; x++) if (at(x, y).every((c) => c < 100)) dark++;
    return dark;
  };
  expect(darkIn(8, stripTop - 2)).toBeGreaterThan(100);
  expect(png.height).toBeGreaterThan(stripTop + 32 + 3 * 17);
  expect(darkIn(stripTop + 34, png.height)).toBeGreaterThan(300);
  teacher.dispose();
  student.dispose();
});
