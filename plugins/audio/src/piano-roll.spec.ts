import { initBackend } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { pianoRoll } from './piano-roll.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const pixel = (png: ReturnType<typeof decode>, x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * 3, (y * png.width + x) * 3 + 3));

describe('pianoRoll', () => {
  // One clip of 2 frames: C8 (key 87) sounds in frame 0; the teacher is sure of it, the student not.
  const labels = new Float32Array(2 * 88);
  labels[87] = 1;
  const teacher = new Float32Array(2 * 88).fill(-20);
  teacher[87] = 20;
  const inputs = () => ({
    labels: tf.tensor3d(labels, [1, 2, 88]),
    teacher: tf.tensor3d(teacher, [1, 2, 88]),
    student: tf.fill([1, 2, 88], -20),
    mask: tf.tensor2d([[1, 0]]),
    valid: tf.tensor2d([[1, 0]]),
  });

  it('stacks truth, teacher, student and a frame-mask strip on one time axis', () => {
    const png = decode(pianoRoll(inputs(), 0, { frameWidth: 1, keyHeight: 1, stripHeight: 4 }));
    expect([png.width, png.height, png.channels]).toEqual([2, 3 * 88 + 4 + 3 * 3, 3]);
    expect(pixel(png, 0, 0)).toEqual([255, 255, 255]); // truth: C8 on, top row
    expect(pixel(png, 0, 88 + 3)).toEqual([255, 160, 40]); // teacher: C8, σ(20) ≈ 1
    expect(pixel(png, 0, 2 * (88 + 3))).toEqual([40, 40, 40]); // student: C8 off, drawn as the faint C line
    expect(pixel(png, 0, 2 * (88 + 3) + 1)).toEqual([0, 0, 0]); // B7 off
    expect(pixel(png, 0, 3 * (88 + 3))).toEqual([255, 255, 255]); // mask: teacher better in frame 0
    expect(pixel(png, 1, 0)).toEqual([96, 96, 96]); // frame 1 is padding
    expect(pixel(png, 0, 88)).toEqual([255, 255, 255]); // gap between panels
  });

  it('draws a frame-note mask as a fourth piano roll', () => {
    const mask = new Float32Array(2 * 88);
    mask[87] = 1;
    const png = decode(pianoRoll({ ...inputs(), mask: tf.tensor3d(mask, [1, 2, 88]) }, 0, { frameWidth: 3, keyHeight: 2 }));
    expect([png.width, png.height]).toEqual([6, 4 * 176 + 9]);
    expect(pixel(png, 2, 3 * 179)).toEqual([255, 255, 255]);
    expect(pixel(png, 2, 3 * 179 + 2)).toEqual([0, 0, 0]);
  });
});
