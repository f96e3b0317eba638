import { expectSelectiveKdError } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { noteFrames } from './note-frames.js';

const on = (roll: Float32Array, frames: number) =>
  Array.from({ length: frames }, (_, t) => Array.from({ length: 88 }, (_, k) => k).filter((k) => roll[t * 88 + k] === 1));

describe('noteFrames', () => {
  it('labels a key in every frame whose hop interval the note overlaps', () => {
    // hop 0.1 s: frame t covers [0.1t − 0.05, 0.1t + 0.05).
    const roll = noteFrames(
      [
        { pitch: 21, start: 0, end: 0.2, channel: 0, velocity: 1 }, // frames 0, 1, 2 (2 covers [0.15, 0.25))
        { pitch: 60, start: 0.26, end: 0.27, channel: 0, velocity: 1 }, // shorter than a hop: frame 3 only
        { pitch: 108, start: 0.35, end: 0.45, channel: 0, velocity: 1 }, // frames 4 ([0.35, 0.45)) only
      ],
      6,
      0.1,
    );
    expect(on(roll, 6)).toEqual([[0], [0], [0], [39], [87], []]);
  });

  it('clips notes to the frames given and refuses pitches off the keyboard', () => {
    expect(on(noteFrames([{ pitch: 69, start: 0.1, end: 9, channel: 0, velocity: 1 }], 3, 0.1), 3)).toEqual([[], [48], [48]]);
    expectSelectiveKdError(() => noteFrames([{ pitch: 109, start: 0, end: 1, channel: 0, velocity: 1 }], 3, 0.1), 'LABEL_OUT_OF_RANGE', '109');
  });
});
