import { encode } from 'fast-png';

/**
 * A PNG file of an 8-bit grey (`channels` 1) or RGB (3) image given as bytes
 * in row-major order. Uses fast-png, pure JavaScript.
 */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Uint8Array {
  if (pixels.length !== width * height * channels) {
    throw new Error(`encodePng: ${pixels.length} bytes do not make a ${width}×${height} image of ${channels} channel(s)`);
  }
  return encode({ width, height, data: pixels, channels, depth: 8 });
}
