import { initBackend } from '@selective-kd/core';
import { expectSelectiveKdError } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { pianoRoll } from './piano-roll.js';
import { pianoRollSvg } from './piano-roll-svg.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** The text of every `<text>` element, unescaped. */
const texts = (svg: string) =>
  [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))));

describe('pianoRollSvg', () => {
  // One clip of 4 frames: C4 (MIDI 60, key 39) sounds in frames 0–1; the teacher is sure of it, the student not.
  const labels = new Float32Array(4 * 88);
  labels[39] = labels[88 + 39] = 1;
  const teacher = new Float32Array(4 * 88).fill(-20);
  teacher[39] = teacher[88 + 39] = 20;
  const inputs = (mask: tf.Tensor) => ({
    labels: tf.tensor3d(labels, [1, 4, 88]),
    teacher: tf.tensor3d(teacher, [1, 4, 88]),
    student: tf.fill([1, 4, 88], -20),
    mask,
    valid: tf.tensor2d([[1, 1, 1, 0]]),
  });
  const options = { frameRate: 10, frameWidth: 24, keyHeight: 2, stripHeight: 16, startSeconds: 0.5 };

  it('titles the rows, names every C, labels the time axis in seconds and explains every colour', () => {
    const one = inputs(tf.tensor2d([[1, 0, 0, 0]]));
    const before = tf.memory().numTensors;
    const svg = pianoRollSvg(one, 0, { ...options, title: 'Test excerpt <piece>@16' });
    expect(tf.memory().numTensors).toBe(before);
    const cs = ['C8', 'C7', 'C6', 'C5', 'C4', 'C3', 'C2', 'C1'];
    expect(texts(svg)).toEqual([
      'Test excerpt <piece>@16',
      'ground truth',
      ...cs,
      'teacher',
      ...cs,
      'student',
      ...cs,
      'contrast mask',
      // 4 frames at 10 per second from 0.5 s: 0.5–0.9 s; 24 px a frame puts 0.2 s 48 px apart.
      '0.6',
      '0.8',
      'time (s)',
      'rolls:',
      'note on (ground truth)',
      'teacher σ(logit)',
      'student σ(logit)',
      'line at every C',
      'mask (per frame):',
      'teacher better (distilled)',
      'student better or tie',
      'padding (no frame)',
      'Brighter = surer: a prediction is drawn at σ(logit) of its colour.',
    ]);
    expect(svg).toContain('&#60;piece&#62;');
    expect(svg).toContain('font-family="DejaVu Sans"');
    // Swatches in the colours pianoRoll draws with.
    for (const fill of ['255,255,255', '255,160,40', '60,200,255', '40,40,40', '0,0,0', '96,96,96']) expect(svg).toContain(`fill="rgb(${fill})"`);
    tf.dispose(Object.values(one));
  });

  it('puts each C label on its key row and each second tick at its frame', () => {
    const one = inputs(tf.tensor2d([[1, 0, 0, 0]]));
    const svg = pianoRollSvg(one, 0, options);
    // Image at x = 8 + 92 + 30 = 130, y = 8; C4 is key 39, row 88 − 1 − 39 = 48 from the top: centre 8 + 48·2 + 1 = 105.
    expect(svg).toContain('<image x="130" y="8" width="96"');
    expect(svg).toMatch(/<line x1="126" y1="105" x2="130" y2="105"/);
    // The student roll starts two panels (2·(176 + 3)) lower: C4 at 105 + 358 = 463.
    expect(svg).toMatch(/<line x1="126" y1="463" x2="130" y2="463"/);
    // 0.6 s is one frame (24 px) after the excerpt's start at 0.5 s.
    expect(svg).toMatch(/<text x="154" y="[\d.]+" font-size="10" text-anchor="middle">0.6<\/text>/);
    tf.dispose(Object.values(one));
  });

  it('embeds the rolls of pianoRoll unchanged, pixel for pixel, with a frame-note mask as a fourth roll', () => {
    const mask = new Float32Array(4 * 88);
    mask[39] = 1;
    const one = inputs(tf.tensor3d(mask, [1, 4, 88]));
    const svg = pianoRollSvg(one, 0, options);
    const embedded = /href="data:image\/png;base64,([^"]+)"/.exec(svg)?.[1] ?? '';
    const png = decode(Uint8Array.from(atob(embedded), (c) => c.charCodeAt(0)));
    const reference = decode(pianoRoll(one, 0, options));
    expect([png.width, png.height]).toEqual([4 * 24, 4 * 88 * 2 + 3 * 3]);
    expect(Array.from(png.data)).toEqual(Array.from(reference.data));
    expect(texts(svg).filter((t) => t === 'C4')).toHaveLength(4);
    expect(texts(svg)).toContain('mask (per key):');
    tf.dispose(Object.values(one));
  });

  it('refuses a missing or non-positive frame rate and a negative start, naming the field', () => {
    const one = inputs(tf.tensor2d([[1, 0, 0, 0]]));
    expectSelectiveKdError(() => pianoRollSvg(one, 0, { frameRate: 0 }), 'INVALID_OPTION', 'frameRate', 'got 0');
    expectSelectiveKdError(() => pianoRollSvg(one, 0, {} as never), 'INVALID_OPTION', 'frameRate');
    expectSelectiveKdError(() => pianoRollSvg(one, 0, { frameRate: 10, startSeconds: -1 }), 'INVALID_OPTION', 'startSeconds');
    tf.dispose(Object.values(one));
  });
});
