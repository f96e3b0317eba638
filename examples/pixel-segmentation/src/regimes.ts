import type { SegmentationSample } from '@selective-kd/pixel';
import { CAMERA_SHIFT, shiftSamples, type CameraShift } from './camera-shift.js';
import type { MosaicSplits } from './mosaic-splits.js';
import type { TeacherName } from './teacher.js';

export type PixelRegime = 'strong' | 'shifted' | 'weak';
export const PIXEL_REGIMES: readonly PixelRegime[] = ['strong', 'shifted', 'weak'];

export interface RegimeSpec {
  /** What the regime is, a sentence for RESULTS.md. */
  description: string;
  /** The shipped teacher the regime's students learn from. */
  teacher: TeacherName;
  /** The camera the students' photos come from; unset: the teacher's clean mosaics. */
  shift?: CameraShift;
}

/**
 * (a) strong: a teacher trained to convergence on all training mosaics, students on a labelled subset of them;
 * (b) shifted: the same teacher, students whose photos (train, dev and test) come from the shifted camera;
 * (c) weak: the strong regime's data with a teacher trained briefly.
 */
export const REGIMES: Record<PixelRegime, RegimeSpec> = {
  strong: {
    description: 'The strong teacher (trained to convergence on all 2000 training mosaics); students learn from a labelled subset of those mosaics.',
    teacher: 'strong',
  },
  shifted: {
    description:
      "The same strong teacher, trained on clean mosaics; the students' photos (training, dev and test) come from a dimmer, " +
      'cheaper camera: a faint grey backdrop, 60% of the contrast, a slight defocus blur and sensor noise (`CAMERA_SHIFT`).',
    teacher: 'strong',
    shift: CAMERA_SHIFT,
  },
  weak: {
    description: "The strong regime's data with the weak teacher: the same network trained for one pass over the training mosaics.",
    teacher: 'weak',
  },
};

/** The students' splits of a regime. */
export interface StudentSplits {
  train: SegmentationSample[];
  dev: SegmentationSample[];
  test: SegmentationSample[];
}

/** Noise seeds per split, so the shifted photos are the same in every process. */
const SHIFT_SEEDS = { train: 11, dev: 12, test: 13 };

export function studentSplits(splits: MosaicSplits, spec: RegimeSpec): StudentSplits {
  const { train, dev, test } = splits;
  if (spec.shift === undefined) return { train, dev, test };
  const shift = spec.shift;
  return {
    train: shiftSamples(train, shift, SHIFT_SEEDS.train),
    dev: shiftSamples(dev, shift, SHIFT_SEEDS.dev),
    test: shiftSamples(test, shift, SHIFT_SEEDS.test),
  };
}
