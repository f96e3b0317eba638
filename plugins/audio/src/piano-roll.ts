import { encode } from 'fast-png';
import * as tf from '@tensorflow/tfjs-core';
import { PIANO_KEYS } from './read-midi.js';

export interface PianoRollInputs {
  /** 0/1 targets `[B, F, 88]`. */
  labels: tf.Tensor;
  /** Teacher and student logits `[B, F, 88]`. */
  teacher: tf.Tensor;
  student: tf.Tensor;
  /** The contrast mask: `[B, F]` (granularity `frame`) or `[B, F, 88]` (`frame-note`), 1 = teacher better. */
  mask: tf.Tensor;
  /** Optional `[B, F]` validity: padding frames are drawn grey. */
  valid?: tf.Tensor;
}

export interface PianoRollOptions {
  /** Pixels per frame (horizontal) and per key (vertical). Defaults 2 and 2. */
  frameWidth?: number;
  keyHeight?: number;
  /** Height in pixels of a frame-mask strip. Default 16. */
  stripHeight?: number;
}

type Rgb = readonly [number, number, number];
const GAP = 3;
const GAP_COLOR: Rgb = [255, 255, 255];
const PADDING: Rgb = [96, 96, 96];
const TRUTH: Rgb = [255, 255, 255];
const TEACHER: Rgb = [255, 160, 40];
const STUDENT: Rgb = [60, 200, 255];
const C_LINE: Rgb = [40, 40, 40];

/**
 * One sample as a PNG, four panels stacked on one time axis (frames left to
 * right), top to bottom: ground truth | teacher | student | contrast mask.
 * Keys run from C8 at the top to A0 at the bottom, with a faint line at every
 * C; predictions are drawn with brightness σ(logit). The mask is a piano roll
 * for `frame-note` units and a strip for `frame` units (white: the teacher was
 * better there).
 */
export function pianoRoll(inputs: PianoRollInputs, sample: number, options: PianoRollOptions = {}): Uint8Array {
  const { frameWidth = 2, keyHeight = 2, stripHeight = 16 } = options;
  const frames = (inputs.labels.shape as number[])[1];
  const [truth, teacher, student, mask, valid] = tf.tidy(() => {
    const pick = (t: tf.Tensor) => tf.gather(t, sample).dataSync();
    return [
      pick(inputs.labels),
      tf.sigmoid(tf.gather(inputs.teacher, sample)).dataSync(),
      tf.sigmoid(tf.gather(inputs.student, sample)).dataSync(),
      pick(inputs.mask),
      inputs.valid ? pick(inputs.valid) : new Float32Array(frames).fill(1),
    ];
  });
  const perKeyMask = inputs.mask.rank === 3;
  const shade = (color: Rgb, level: number): Rgb => [color[0] * level, color[1] * level, color[2] * level];
  const roll = (values: ArrayLike<number>, color: Rgb) => (t: number, key: number) => {
    const level = values[t * PIANO_KEYS + key];
    return level <= 0.02 && (key + 21) % 12 === 0 ? C_LINE : shade(color, level);
  };
  const keys = PIANO_KEYS * keyHeight;
  const panels: { rows: number; roll: boolean; color: (t: number, row: number) => Rgb }[] = [
    { rows: keys, roll: true, color: roll(truth, TRUTH) },
    { rows: keys, roll: true, color: roll(teacher, TEACHER) },
    { rows: keys, roll: true, color: roll(student, STUDENT) },
    perKeyMask
      ? { rows: keys, roll: true, color: (t, key) => (mask[t * PIANO_KEYS + key] > 0.5 ? TRUTH : [0, 0, 0]) }
      : { rows: stripHeight, roll: false, color: (t) => (mask[t] > 0.5 ? TRUTH : [0, 0, 0]) },
  ];
  const width = frames * frameWidth;
  const height = panels.reduce((sum, p) => sum + p.rows, 0) + GAP * (panels.length - 1);
  const pixels = new Uint8Array(width * height * 3);
  let top = 0;
  panels.forEach((panel, i) => {
    for (let y = 0; y < panel.rows; y++) {
      // Rolls put the highest key on top.
      const row = panel.roll ? PIANO_KEYS - 1 - Math.floor(y / keyHeight) : y;
      for (let x = 0; x < width; x++) {
        const t = Math.floor(x / frameWidth);
        const color = valid[t] > 0 ? panel.color(t, row) : PADDING;
        pixels.set(color.map(Math.round), ((top + y) * width + x) * 3);
      }
    }
    top += panel.rows;
    if (i < panels.length - 1) {
      for (let y = top; y < top + GAP; y++) for (let x = 0; x < width; x++) pixels.set(GAP_COLOR, (y * width + x) * 3);
      top += GAP;
    }
  });
  return encode({ width, height, data: pixels, channels: 3, depth: 8 });
}
