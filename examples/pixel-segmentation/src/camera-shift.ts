import { seededRandom, SelectiveKdError } from '@selective-kd/core';
import type { SegmentationSample } from '@selective-kd/pixel';

/**
 * How the students' photos differ from the teacher's: a dimmer, cheaper camera.
 * Each pixel becomes `background + contrast · blur(v) + noise`, clipped to
 * [0, 1]; the labels stay those of the clean item (the item is still there).
 */
export interface CameraShift {
  /** Grey level of the empty background (0 = black as in Fashion-MNIST). */
  background: number;
  /** Scale of the item's intensities (1 = unchanged). */
  contrast: number;
  /** Weight of each of the 4 neighbours in a 3×3 cross blur (0 = sharp); the centre keeps 1 − 4·blur. */
  blur: number;
  /** Standard deviation of Gaussian sensor noise, per pixel. */
  noise: number;
}

/** The shift of the `shifted` regime (chosen and justified in the README). */
export const CAMERA_SHIFT: CameraShift = { background: 0.04, contrast: 0.6, blur: 0.08, noise: 0.06 };

/** `samples` as the shifted camera would see them, noise drawn reproducibly from `seed`. */
export function shiftSamples(samples: readonly SegmentationSample[], shift: CameraShift, seed: number): SegmentationSample[] {
  for (const key of ['background', 'contrast', 'blur', 'noise'] as const) {
    if (!Number.isFinite(shift[key]) || shift[key] < 0) {
      throw new SelectiveKdError('INVALID_OPTION', `shift.${key} must be a finite number ≥ 0; got ${shift[key]}`);
    }
  }
  if (shift.blur > 0.25) throw new SelectiveKdError('INVALID_OPTION', `shift.blur must be at most 0.25; got ${shift.blur}`);
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return samples.map((s) => {
    const { width, height } = s;
    const image = new Float32Array(s.image.length);
    const at = (y: number, x: number) => s.image[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const neighbours = at(y - 1, x) + at(y + 1, x) + at(y, x - 1) + at(y, x + 1);
        const blurred = (1 - 4 * shift.blur) * at(y, x) + shift.blur * neighbours;
        const value = shift.background + shift.contrast * blurred + shift.noise * gaussian();
        image[y * width + x] = Math.min(1, Math.max(0, value));
      }
    }
    return { ...s, name: `${s.name}-shifted`, image };
  });
}
