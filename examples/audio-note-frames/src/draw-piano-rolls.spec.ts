import type { NoteFrameExcerpt } from '@selective-kd/audio';
import { initBackend } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { beforeAll, expect, it } from 'vitest';
import { drawPianoRolls } from './draw-piano-rolls.js';
import { buildStudent } from './models.js';

beforeAll(async () => {
  await initBackend('cpu');
});

it('joins a passage\'s consecutive excerpts into one labelled PNG at 2 px per SVG unit, the rolls where the layout puts them, without leaking tensors', () => {
  const shape = { frames: 8, context: 2, bins: 16 };
  const excerpt = (first: number): NoteFrameExcerpt => {
    const labels = new Float32Array(8 * 88);
    labels[39] = 1; // C4 in the excerpt's frame 0
    return { name: `piece@${first}`, features: new Float32Array(12 * 16).fill(0.1), labels, valid: new Float32Array(8).fill(1), ...shape };
  };
  const teacher = buildStudent(shape, 1);
  const student = buildStudent(shape, 2);
  const before = tf.memory().numTensors;
  const pngs = drawPianoRolls(teacher, student, [[excerpt(64), excerpt(72)]], 'frame');
  expect(tf.memory().numTensors).toBe(before);
  expect(pngs).toHaveLength(1);
  const png = decode(pngs[0]);
  // SVG height: margin 8 + title 24 + rolls 3·88·3 + strip 16 + 3 gaps of 3 + time axis 45 + legend 52 + margin 8 = 954;
  // width: the legend's first row ends at 763, + margin 8 = 771 (the 16 frames · 4 px = 64-px-wide rolls are narrower).
  expect([png.width, png.height]).toEqual([2 * 771, 2 * 954]);
  const at = (x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * png.channels, (y * png.width + x) * png.channels + 3));
  // Rolls start at x = 8 + 92 + 30 = 130, y = 32; joined frame f spans x 130 + 4f … + 4, key row r spans y 32 + 3r … + 3.
  // resvg's rasteriser may round a mid grey by one level; pure black and white come through exactly.
  const near = (rgb: number[], expected: number[]) => rgb.forEach((c, i) => expect(Math.abs(c - expected[i])).toBeLessThanOrEqual(1));
  near(at(2 * 132, 2 * (32 + 1)), [40, 40, 40]); // C8 (row 0) off: the C line
  expect(at(2 * 132, 2 * (32 + 4))).toEqual([0, 0, 0]); // B7 off
  expect(at(2 * 132, 2 * (32 + 48 * 3 + 1))).toEqual([255, 255, 255]); // C4 (row 48) on in frame 0
  near(at(2 * 136, 2 * (32 + 48 * 3 + 1)), [40, 40, 40]); // and off in frame 1
  expect(at(2 * 164, 2 * (32 + 48 * 3 + 1))).toEqual([255, 255, 255]); // on again in joined frame 8: the second excerpt's frame 0
  teacher.dispose();
  student.dispose();
});
