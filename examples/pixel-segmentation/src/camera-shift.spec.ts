import type { SegmentationSample } from '@selective-kd/pixel';
import { selectiveKdErrorFrom } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { CAMERA_SHIFT, shiftSamples } from './camera-shift.js';

function sample(image: number[], width: number): SegmentationSample {
  return { name: 's', width, height: image.length / width, channels: 1, image: Float32Array.from(image), labels: Int32Array.from(image, (v) => (v > 0 ? 1 : 0)) };
}

describe('shiftSamples', () => {
  it('maps each pixel to background + contrast · cross-blurred value, clipped, without noise', () => {
    // 3×3, centre 1: blurred centre = (1 − 4·0.1)·1 = 0.6; its 4 neighbours get 0.1; corners 0 (edges replicate).
    const [s] = shiftSamples([sample([0, 0, 0, 0, 1, 0, 0, 0, 0], 3)], { background: 0.25, contrast: 0.5, blur: 0.1, noise: 0 }, 1);
    const expected = [0.25, 0.3, 0.25, 0.3, 0.55, 0.3, 0.25, 0.3, 0.25];
    [...s.image].forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect([...s.labels]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const [bright] = shiftSamples([sample([1, 1], 2)], { background: 0.5, contrast: 1, blur: 0, noise: 0 }, 1);
    expect([...bright.image]).toEqual([1, 1]);
  });

  it('adds Gaussian noise of the given standard deviation, the same for the same seed', () => {
    const flat = sample(new Array(100 * 100).fill(0.5), 100);
    const [a] = shiftSamples([flat], { background: 0, contrast: 1, blur: 0, noise: 0.1 }, 7);
    const mean = a.image.reduce((s, v) => s + v, 0) / a.image.length;
    const std = Math.sqrt(a.image.reduce((s, v) => s + (v - mean) ** 2, 0) / (a.image.length - 1));
    // 10 000 draws: the sample std is within 3% of σ, the mean within 0.005 of 0.5 (5 standard errors).
    expect(std).toBeGreaterThan(0.097);
    expect(std).toBeLessThan(0.103);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(shiftSamples([flat], { background: 0, contrast: 1, blur: 0, noise: 0.1 }, 7)[0].image).toEqual(a.image);
    expect(shiftSamples([flat], { background: 0, contrast: 1, blur: 0, noise: 0.1 }, 8)[0].image).not.toEqual(a.image);
  });

  it('leaves its input alone', () => {
    const s = sample([0, 1], 2);
    shiftSamples([s], CAMERA_SHIFT, 1);
    expect([...s.image]).toEqual([0, 1]);
  });

  it('names the field of a bad shift', () => {
    expect(selectiveKdErrorFrom(() => shiftSamples([], { ...CAMERA_SHIFT, noise: -1 }, 1))).toMatchObject({ code: 'INVALID_OPTION' });
    expect(() => shiftSamples([], { ...CAMERA_SHIFT, contrast: Number.NaN }, 1)).toThrow(/shift\.contrast/);
    expect(() => shiftSamples([], { ...CAMERA_SHIFT, blur: 0.3 }, 1)).toThrow(/shift\.blur must be at most 0\.25/);
  });
});
