import { classColor, type Rgb } from '@selective-kd/pixel';
import type { Picture } from './messages.js';

/** A class map in the pixel plugin's palette, as the pixel example's panels draw it. */
export function classPicture(classes: Int32Array, width: number, height: number): Picture {
  const colors = new Map<number, Rgb>();
  return fill(width, height, (i) => {
    const k = classes[i];
    let color = colors.get(k);
    if (!color) colors.set(k, (color = classColor(k)));
    return color;
  });
}

/** Grey values in [0, 1] (clamped) as grey pixels. */
export function greyPicture(values: Float32Array, width: number, height: number): Picture {
  return fill(width, height, (i) => {
    const v = Math.round(255 * Math.min(1, Math.max(0, values[i])));
    return [v, v, v];
  });
}

/** A 0/1 mask: white (255) where 1, black (0) elsewhere. */
export function maskPicture(mask: Uint8Array, width: number, height: number): Picture {
  return fill(width, height, (i) => (mask[i] ? WHITE : BLACK));
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

function fill(width: number, height: number, colorAt: (i: number) => Rgb): Picture {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = colorAt(i);
    rgba.set([r, g, b, 255], i * 4);
  }
  return { width, height, rgba };
}
