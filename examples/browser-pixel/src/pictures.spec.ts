import { DEFAULT_PALETTE } from '@selective-kd/pixel';
import { describe, expect, it } from 'vitest';
import { classPicture, greyPicture, maskPicture } from './pictures.js';

describe('pictures', () => {
  it('colours classes with the pixel plugin palette, opaque', () => {
    const picture = classPicture(Int32Array.from([0, 3, 10, 3]), 2, 2);
    expect([picture.width, picture.height]).toEqual([2, 2]);
    expect(Array.from(picture.rgba)).toEqual([...DEFAULT_PALETTE[0], 255, ...DEFAULT_PALETTE[3], 255, ...DEFAULT_PALETTE[10], 255, ...DEFAULT_PALETTE[3], 255]);
  });

  it('draws grey values of [0, 1] rounded to 0–255, clamped', () => {
    const picture = greyPicture(Float32Array.from([0, 0.5, 1, 1.5]), 4, 1);
    expect(Array.from(picture.rgba)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
  });

  it('draws a mask white where 1 and black where 0', () => {
    const picture = maskPicture(Uint8Array.from([1, 0]), 1, 2);
    expect(Array.from(picture.rgba)).toEqual([255, 255, 255, 255, 0, 0, 0, 255]);
  });
});
