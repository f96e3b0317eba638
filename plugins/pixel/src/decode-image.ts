import { SelectiveKdError } from '@selective-kd/core';
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

/** Larger images are refused before decoding: jpeg-js's own default limit, 512 MB of samples. */
const MAX_MEGAPIXELS = 100;

/**
 * Decodes a PNG or JPEG file by its signature with pure-JS decoders
 * (fast-png, jpeg-js). Palette PNGs keep their indices rather than colours.
 * A file the decoder cannot read, one whose samples fall short of its size,
 * or an empty or huge image fails with a `SelectiveKdError` naming the file.
 */
export function decodeImage(bytes: Uint8Array, name = 'image'): DecodedImage {
  if (startsWith(bytes, PNG_SIGNATURE)) {
    // The size is checked from the IHDR chunk first: fast-png allocates what the header says before it finds the data short.
    if (bytes.length >= 24) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      checkSize(name, view.getUint32(16), view.getUint32(20));
    }
    // fast-png decodes a file cut after its image data without complaint; a whole PNG ends with IEND.
    if (String.fromCharCode(...bytes.subarray(bytes.length - 8, bytes.length - 4)) !== 'IEND') {
      throw new SelectiveKdError('INVALID_INPUT', `${name}: the PNG file is cut short (it does not end with an IEND chunk)`);
    }
    const png = decoding(name, 'PNG', () => decodePng(bytes));
    if (png.depth < 8) {
      throw new SelectiveKdError('UNSUPPORTED_FORMAT', `${name}: ${png.depth}-bit PNGs are not supported; save it with 8 or 16 bits per sample`);
    }
    return checked(name, { width: png.width, height: png.height, channels: png.channels, data: png.data, indexed: png.palette !== undefined });
  }
  if (startsWith(bytes, JPEG_SIGNATURE)) {
    // jpeg-js decodes a file cut inside its scan into a partly grey image; a whole JPEG's scan ends with the EOI marker.
    if (lastMarker(bytes, 0xd9) < lastMarker(bytes, 0xda)) {
      throw new SelectiveKdError('INVALID_INPUT', `${name}: the JPEG file is cut short (no end-of-image marker after its last scan)`);
    }
    // Packed RGB: JPEG has no alpha, so none is made up.
    const decoded = decoding(name, 'JPEG', () => jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_MEGAPIXELS }));
    return checked(name, { width: decoded.width, height: decoded.height, channels: 3, data: decoded.data, indexed: false });
  }
  throw new SelectiveKdError('UNSUPPORTED_FORMAT', `${name}: not a PNG or JPEG file`);
}

/** Runs a decoder, turning whatever it throws on a damaged file into a `SelectiveKdError` naming the file. */
function decoding<T>(name: string, kind: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    throw new SelectiveKdError('INVALID_INPUT', `${name}: cannot decode this ${kind} file (damaged or cut short?): ${(error as Error).message}`);
  }
}

/** Decoders may return fewer samples than the header promises (fast-png on a cut file); refuse those, and empty or huge images. */
function checked(name: string, image: DecodedImage): DecodedImage {
  const { width, height, channels, data } = image;
  checkSize(name, width, height);
  if (data.length !== width * height * channels) {
    throw new SelectiveKdError('INVALID_INPUT', `${name}: ${data.length} samples decoded where ${width}×${height}×${channels} were expected; the file is damaged or cut short`);
  }
  return image;
}

function checkSize(name: string, width: number, height: number): void {
  if (width === 0 || height === 0) throw new SelectiveKdError('EMPTY_INPUT', `${name}: the image is ${width}×${height} pixels`);
  if (width * height > MAX_MEGAPIXELS * 1e6) {
    throw new SelectiveKdError('INVALID_INPUT', `${name}: ${width}×${height} pixels is more than the ${MAX_MEGAPIXELS} megapixels this reader decodes`);
  }
}

/** Position of the last 0xFF `code` marker (inside scans a data 0xFF is followed by 0x00, so it is never taken for one). */
function lastMarker(bytes: Uint8Array, code: number): number {
  for (let i = bytes.length - 2; i >= 0; i--) if (bytes[i] === 0xff && bytes[i + 1] === code) return i;
  return -1;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}
