import { SelectiveKdError } from '@selective-kd/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { encodePng } from './encode-png.js';

// Random bytes, truncations and changed bytes of a real PNG always give a SelectiveKdError, or (for a
// change that keeps the file decodable) an image whose sample count matches its size — never
// another error type. fast-check with a fixed seed, so a failure reproduces.

const RUNS = { seed: 20261130, numRuns: 200 };
const png = encodePng(Uint8Array.from({ length: 12 * 9 * 3 }, (_, i) => (i * 37) % 256), 12, 9, 3);

function onlySelectiveKdErrors(read: () => ReturnType<typeof decodeImage>): void {
  let image;
  try {
    image = read();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(SelectiveKdError);
    return;
  }
  expect(image.data.length).toBe(image.width * image.height * image.channels);
}

describe('decodeImage on random damage', () => {
  it('every truncation gives a SelectiveKdError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: png.length - 1 }), (length) => {
        expect(() => decodeImage(png.subarray(0, length), 'cut.png')).toThrow(SelectiveKdError);
      }),
      RUNS,
    );
  });

  it('random bytes, bare or behind a PNG or JPEG signature, give a SelectiveKdError', () => {
    const signatures = [[], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff]];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...signatures), (bytes, signature) => {
        onlySelectiveKdErrors(() => decodeImage(Uint8Array.from([...signature, ...bytes]), 'noise'));
      }),
      RUNS,
    );
  });

  it('a changed byte gives a SelectiveKdError or a whole image', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: png.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const file = png.slice();
        file[at] = value;
        onlySelectiveKdErrors(() => decodeImage(file, 'changed.png'));
      }),
      RUNS,
    );
  });
});
