import { describe, expect, it } from 'vitest';
import { measureScaling, scaleClip } from './feature-scaling.js';
import type { NoteFrameClip } from './note-frame-excerpts.js';

function clip(name: string, values: number[], silence = 0): NoteFrameClip {
  return {
    name,
    spectrogram: { values: Float32Array.from(values), frames: values.length, bins: 1, hopSeconds: 0.032, silence },
    roll: new Float32Array(values.length * 88),
  } as NoteFrameClip;
}

describe('feature scaling', () => {
  // Golden values from numpy in float64: v = [1, 2, 3, 4, 6, 8]; v.mean() = 4, v.std() (population) = 2.3804761428476167.
  const clips = [clip('a', [1, 2, 3]), clip('b', [4, 6, 8])];

  it('measures one mean and population standard deviation over every value of every clip', () => {
    const { mean, std } = measureScaling(clips);
    expect(mean).toBe(4);
    expect(std).toBeCloseTo(2.3804761428476167, 12);
  });

  it('standardises the values and the silence level, leaving the rest of the clip as it was', () => {
    const scaled = scaleClip(clips[1], measureScaling(clips));
    const expected = [0, 0.8401680504168059, 1.6803361008336117];
    Array.from(scaled.spectrogram.values).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(scaled.spectrogram.silence).toBeCloseTo(-1.6803361008336117, 12);
    expect(scaled.roll).toBe(clips[1].roll);
    expect(clips[1].spectrogram.values[0]).toBe(4); // the input clip is not changed
  });

  it('gives a positive deviation for constant features, so scaling never divides by zero', () => {
    const { mean, std } = measureScaling([clip('flat', [2, 2, 2])]);
    expect(mean).toBe(2);
    expect(std).toBeGreaterThan(0);
  });
});
