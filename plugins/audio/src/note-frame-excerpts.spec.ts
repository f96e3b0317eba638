import { expectSelectiveKdError } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { noteFrameExcerpts } from './note-frame-excerpts.js';
import type { Spectrogram } from './spectrogram.js';

// 5 frames of 2 bins, frame t = [t, 10 + t]; key t is on in frame t.
const spectrogram: Spectrogram = { values: Float32Array.from([0, 10, 1, 11, 2, 12, 3, 13, 4, 14]), frames: 5, bins: 2, hopSeconds: 0.1, silence: -9 };
const roll = new Float32Array(5 * 88);
for (let t = 0; t < 5; t++) roll[t * 88 + t] = 1;

describe('noteFrameExcerpts', () => {
  it('cuts a clip into excerpts with context frames, silence beyond the ends and invalid padding', () => {
    const [first, second] = noteFrameExcerpts({ name: 'song', spectrogram, roll }, { frames: 3, context: 1 });
    expect(first.name).toBe('song@0');
    expect(Array.from(first.features)).toEqual([-9, -9, 0, 10, 1, 11, 2, 12, 3, 13]);
    expect(Array.from(first.valid)).toEqual([1, 1, 1]);
    expect(second.name).toBe('song@3');
    expect(Array.from(second.features)).toEqual([2, 12, 3, 13, 4, 14, -9, -9, -9, -9]);
    expect(Array.from(second.valid)).toEqual([1, 1, 0]);
    expect([3, 4].map((k, t) => second.labels[t * 88 + k])).toEqual([1, 1]);
    expect(second.labels.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('refuses note frames that do not match the spectrogram', () => {
    expectSelectiveKdError(() => noteFrameExcerpts({ name: 'x', spectrogram, roll: new Float32Array(88) }), 'SHAPE_MISMATCH', 'x: the note frames hold 1 frames but the spectrogram 5');
  });
});
