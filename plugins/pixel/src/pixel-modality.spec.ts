import { initBackend, selectiveDistillationLoss } from '@selective-kd/core';
import { expectTensorClose, pluginContractSuite } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { pixelModality } from './pixel-modality.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// 2 images of 4×4 pixels, 3 classes; logits at half resolution (2×2) are resized.
const labels = () =>
  tf.tensor3d(
    [
      [[0, 0, 1, 1], [0, 255, 1, 1], [2, 2, 0, 0], [2, 2, 0, 255]],
      [[1, 1, 1, 1], [0, 0, 0, 0], [2, 255, 2, 2], [0, 1, 2, 0]],
    ],
    undefined,
    'int32',
  );

pluginContractSuite({
  create: () => pixelModality(),
  sampleInputs: () => ({
    student: tf.randomNormal([2, 2, 2, 3], 0, 2, 'float32', 1),
    teacher: tf.randomNormal([2, 4, 4, 3], 0, 2, 'float32', 2),
    labels: labels(),
  }),
  allInvalidInputs: () => ({
    student: tf.randomNormal([2, 4, 4, 3], 0, 2, 'float32', 1),
    teacher: tf.randomNormal([2, 4, 4, 3], 0, 2, 'float32', 2),
    labels: tf.fill([2, 4, 4], 255, 'int32'),
  }),
});

describe('pixelModality', () => {
  it('marks ignore-label pixels invalid, zeroes their label, and combines a given validity', () => {
    const plugin = pixelModality({ ignoreLabel: 9 });
    const grid = plugin.toUnits({
      student: tf.zeros([1, 1, 3, 2]),
      teacher: tf.zeros([1, 1, 3, 2]),
      labels: tf.tensor3d([[[1, 9, 0]]], undefined, 'int32'),
      valid: tf.tensor3d([[[1, 1, 0]]]),
    });
    expect(grid.labels.arraySync()).toEqual([[[1, 0, 0]]]);
    expect(grid.valid.arraySync()).toEqual([[[1, 0, 0]]]);
  });

  it('resizes lower-resolution logits to the label grid with half-pixel centres', () => {
    const grid = pixelModality().toUnits({
      student: tf.tensor4d([0, 4], [1, 1, 2, 1]),
      teacher: tf.tensor4d([0, 4, 8, 12], [1, 1, 4, 1]),
      labels: tf.zeros([1, 1, 4], 'int32'),
    });
    // Output x = 0..3 samples input at (x + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25, clamped to [0, 1]:
    // 0, 0.25·4, 0.75·4, 4.
    expectTensorClose(grid.student, [[[[0], [1], [3], [4]]]]);
    expect(grid.teacher.shape).toEqual([1, 1, 4, 1]);
  });

  it('computes per-pixel softmax cross-entropy', () => {
    const plugin = pixelModality();
    const loss = plugin.unitLoss(tf.tensor4d([0, 0, Math.log(3), 0], [1, 1, 2, 2]), tf.tensor3d([[[0, 0]]], undefined, 'int32'));
    // Uniform over 2 classes: ln 2. Logits (ln 3, 0): p(class 0) = 3/4, loss ln(4/3).
    expectTensorClose(loss, [[[Math.log(2), Math.log(4 / 3)]]]);
  });

  it('exports the mask as an H×W greyscale PNG, teacher-better pixels bright', () => {
    const plugin = pixelModality({ maskValues: { teacherBetter: 200, studentBetter: 10 } });
    const mask = tf.tensor3d([[[0, 0], [0, 0]], [[1, 0], [0, 1]]]);
    const png = decode(plugin.maskLayout.export(mask, 1, undefined));
    expect([png.width, png.height, png.channels]).toEqual([2, 2, 1]);
    expect(Array.from(png.data)).toEqual([200, 10, 10, 200]);
  });

  it('distils only at pixels where the teacher is better', () => {
    // Pixel 0: the teacher is right and the student wrong; pixel 1: the reverse; pixel 2 is ignored.
    const result = selectiveDistillationLoss(
      {
        teacher: tf.tensor4d([5, 0, 0, 5, 5, 0], [1, 1, 3, 2]),
        student: tf.tensor4d([0, 5, 5, 0, 0, 5], [1, 1, 3, 2]),
        labels: tf.tensor3d([[[0, 0, 255]]], undefined, 'int32'),
      },
      pixelModality(),
    );
    expect(result.mask.arraySync()).toEqual([[[1, 0, 0]]]);
    expect(result.teacherBetterFraction.dataSync()[0]).toBe(0.5);
  });

  it('refuses layouts that are not [B,H,W,C] logits and [B,H,W] labels, naming the shapes', () => {
    const plugin = pixelModality();
    expect(() =>
      plugin.toUnits({ student: tf.zeros([1, 4, 3]), teacher: tf.zeros([1, 4, 3]), labels: tf.zeros([1, 4], 'int32') }),
    ).toThrow(/pixel logits must be \[batch, height, width, classes\] \(student \[1,4,3\]/);
    expect(() =>
      plugin.toUnits({ student: tf.zeros([1, 2, 2, 3]), teacher: tf.zeros([1, 2, 2, 3]), labels: tf.zeros([1, 4], 'int32') }),
    ).toThrow(/pixel labels must be \[batch, height, width\]/);
    expect(() => pixelModality({ ignoreLabel: 0.5 })).toThrow(/ignoreLabel must be an integer/);
    expect(() => pixelModality({ maskValues: { teacherBetter: 256, studentBetter: 0 } })).toThrow(/maskValues.teacherBetter/);
  });
});
