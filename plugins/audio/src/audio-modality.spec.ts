import { initBackend, selectiveDistillationLoss } from '@selective-kd/core';
import { expectSelectiveKdError, expectTensorClose, pluginContractSuite } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { audioModality } from './audio-modality.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// 2 clips of 3 frames over 88 keys, a few keys on; the last frame of clip 1 is padding.
const labels = () => {
  const values = new Float32Array(2 * 3 * 88);
  for (const [b, t, k] of [[0, 0, 39], [0, 1, 39], [0, 1, 43], [1, 0, 10], [1, 2, 60]]) values[(b * 3 + t) * 88 + k] = 1;
  return tf.tensor3d(values, [2, 3, 88]);
};
const valid = () => tf.tensor2d([[1, 1, 1], [1, 1, 0]]);

for (const granularity of ['frame', 'frame-note'] as const) {
  pluginContractSuite({
    create: () => audioModality({ granularity }),
    sampleInputs: () => ({
      student: tf.randomNormal([2, 3, 88], 0, 2, 'float32', 1),
      teacher: tf.randomNormal([2, 3, 88], 0, 2, 'float32', 2),
      labels: labels(),
      valid: valid(),
    }),
    allInvalidInputs: () => ({
      student: tf.randomNormal([2, 3, 88], 0, 2, 'float32', 1),
      teacher: tf.randomNormal([2, 3, 88], 0, 2, 'float32', 2),
      labels: labels(),
      valid: tf.zeros([2, 3]),
    }),
  });
}

describe('audioModality', () => {
  it('keeps frames as units with granularity frame, all valid when no validity is given', () => {
    const plugin = audioModality();
    expect(plugin.unit).toEqual({ name: 'frame', axes: ['frame'], target: 'multi-label' });
    const grid = plugin.toUnits({ student: tf.zeros([1, 2, 88]), teacher: tf.zeros([1, 2, 88]), labels: tf.zeros([1, 2, 88], 'int32') });
    expect(grid.student.shape).toEqual([1, 2, 88]);
    expect(grid.labels.dtype).toBe('float32');
    expect(grid.valid.arraySync()).toEqual([[1, 1]]);
  });

  it('makes every key of every frame a unit with granularity frame-note', () => {
    const plugin = audioModality({ granularity: 'frame-note' });
    expect(plugin.unit.axes).toEqual(['frame', 'key']);
    const grid = plugin.toUnits({ student: tf.zeros([2, 3, 88]), teacher: tf.zeros([2, 3, 88]), labels: labels(), valid: valid() });
    expect(grid.student.shape).toEqual([2, 3, 88, 1]);
    expect(grid.labels.shape).toEqual([2, 3, 88, 1]);
    expect(grid.valid.shape).toEqual([2, 3, 88]);
    expect(tf.sum(grid.valid).dataSync()[0]).toBe(5 * 88);
  });

  it('sums sigmoid cross-entropy over the keys of a frame, and keeps it per key for frame-note', () => {
    // Logit 0 costs ln 2 whatever the label; logit ln 3 (σ = 3/4) costs ln(4/3) on a 1 and ln 4 on a 0.
    const logits = new Float32Array(88);
    logits[0] = Math.log(3);
    logits[1] = Math.log(3);
    const label = new Float32Array(88);
    label[0] = 1;
    const inputs = { student: tf.tensor3d(logits, [1, 1, 88]), teacher: tf.tensor3d(logits, [1, 1, 88]), labels: tf.tensor3d(label, [1, 1, 88]) };
    const frame = audioModality();
    const frameGrid = frame.toUnits(inputs);
    expectTensorClose(frame.unitLoss(frameGrid.student, frameGrid.labels), [[Math.log(4 / 3) + Math.log(4) + 86 * Math.log(2)]], { rtol: 1e-5 });
    const note = audioModality({ granularity: 'frame-note' });
    const noteGrid = note.toUnits(inputs);
    const perKey = note.unitLoss(noteGrid.student, noteGrid.labels);
    expect(perKey.shape).toEqual([1, 1, 88]);
    expectTensorClose(tf.slice(perKey, [0, 0, 0], [1, 1, 3]), [[[Math.log(4 / 3), Math.log(4), Math.log(2)]]], { rtol: 1e-5 });
  });

  it('gives the binary KL at temperature τ', () => {
    // Teacher logit 2τ → p = σ(2), student logit 0 → q = ½: KL = p ln 2p + (1−p) ln 2(1−p) per key.
    const tau = 2;
    const plugin = audioModality({ granularity: 'frame-note' });
    const divergence = plugin.unitDivergence(tf.fill([1, 1, 1, 1], 2 * tau), tf.zeros([1, 1, 1, 1]), tau);
    const p = 1 / (1 + Math.exp(-2));
    expectTensorClose(divergence, [[[p * Math.log(2 * p) + (1 - p) * Math.log(2 * (1 - p))]]], { rtol: 1e-5 });
  });

  it('distils only at the frames where the teacher is better', () => {
    // Frame 0: the teacher is right (+4 on the sounding key), the student unsure; frame 1: the reverse; frame 2 is padding.
    const sounding = Array.from({ length: 88 }, (_, k) => (k === 5 ? 1 : 0));
    const label = tf.tensor3d([[sounding, sounding, sounding]]);
    const confident = Array.from({ length: 88 }, (_, k) => (k === 5 ? 4 : -4));
    const unsure = Array.from({ length: 88 }, () => 0);
    const result = selectiveDistillationLoss(
      {
        teacher: tf.tensor3d([[confident, unsure, unsure]]),
        student: tf.tensor3d([[unsure, confident, unsure]]),
        labels: label,
        valid: tf.tensor2d([[1, 1, 0]]),
      },
      audioModality(),
    );
    expect(result.mask.arraySync()).toEqual([[1, 0, 0]]);
    expectTensorClose(result.teacherBetterFraction, 0.5);
  });

  it('exports a frame mask as a strip and a frame-note mask as a piano roll with C8 on top', () => {
    const strip = decode(audioModality({ stripHeight: 2, maskValues: { teacherBetter: 200, studentBetter: 10 } }).maskLayout.export(tf.tensor2d([[0, 0, 0], [1, 0, 1]]), 1, undefined));
    expect([strip.width, strip.height, strip.channels]).toEqual([3, 2, 1]);
    expect(Array.from(strip.data)).toEqual([200, 10, 200, 200, 10, 200]);

    const mask = new Float32Array(2 * 88);
    mask[87] = 1; // frame 0, C8
    mask[88] = 1; // frame 1, A0
    const roll = decode(audioModality({ granularity: 'frame-note' }).maskLayout.export(tf.tensor3d(mask, [1, 2, 88]), 0, undefined));
    expect([roll.width, roll.height]).toEqual([2, 88]);
    expect([roll.data[0], roll.data[1]]).toEqual([255, 0]); // top row: C8 on in frame 0
    expect([roll.data[87 * 2], roll.data[87 * 2 + 1]]).toEqual([0, 255]); // bottom row: A0 on in frame 1
  });

  it('refuses bad options and layouts, naming the shapes', () => {
    expectSelectiveKdError(() => audioModality({ granularity: 'note' as never }), 'INVALID_OPTION', "'note'");
    expectSelectiveKdError(() => audioModality({ stripHeight: 0 }), 'INVALID_OPTION', 'stripHeight');
    const plugin = audioModality();
    expectSelectiveKdError(
      () => plugin.toUnits({ student: tf.zeros([1, 2, 12]), teacher: tf.zeros([1, 2, 12]), labels: tf.zeros([1, 2, 12]) }),
      'SHAPE_MISMATCH',
      '[batch, frames, 88]',
      'student [1,2,12]',
    );
    expectSelectiveKdError(
      () => plugin.toUnits({ student: tf.zeros([1, 3, 88]), teacher: tf.zeros([1, 3, 88]), labels: tf.zeros([1, 2, 88]) }),
      'SHAPE_MISMATCH',
      'same frames',
    );
    expectSelectiveKdError(
      () => plugin.toUnits({ student: tf.zeros([1, 2, 88]), teacher: tf.zeros([1, 2, 88]), labels: tf.zeros([1, 2, 88]), valid: tf.ones([1, 2, 88]) }),
      'SHAPE_MISMATCH',
      'valid must be [batch, frames] = [1,2]',
    );
  });
});
