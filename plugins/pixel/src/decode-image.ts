import { decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';

/** A decoded image: row-major samples, `channels` per pixel. */
export interface DecodedImage {
  width: number;
  height: number;
  channels: number;
  /** 8-bit samples (16-bit PNGs keep their 16-bit values). */
  data: Uint8Array | Uint8ClampedArray | Uint16Array;
  /** For indexed (palette) PNGs: the data are palette indices, as segmentation label files use them. */
  indexed: boolean;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/**
 * Decodes a PNG or JPEG file by its signature with pure-JS decoders
 * (fast-png, jpeg-js). Palette PNGs keep their indices rather than colours.
 */
export function decodeImage(bytes: Uint8Array, name = 'image'): DecodedImage {
  if (startsWith(bytes, PNG_SIGNATURE)) {
    const png = decodePng(bytes);
    if (png.depth < 8) {
      throw new Error(`${name}: ${png.depth}-bit PNGs are not supported; save it with 8 or 16 bits per sample`);
    }
    return { width: png.width, height: png.height, channels: png.channels, data: png.data, indexed: png.palette !== undefined };
  }
  if (startsWith(bytes, JPEG_SIGNATURE)) {
    // Packed RGB: JPEG has no alpha, so none is made up.
    const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
    return { width: decoded.width, height: decoded.height, channels: 3, data: decoded.data, indexed: false };
  }
  throw new Error(`${name}: not a PNG or JPEG file`);
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}
