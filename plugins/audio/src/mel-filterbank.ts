import { SelectiveKdError } from '@selective-kd/core';

/** Hz → mel on the HTK scale. */
export function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

/** Mel → Hz on the HTK scale. */
export function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/**
 * Triangular mel filters over the `windowSize / 2 + 1` bins of a real FFT:
 * `bands` filters with centres equally spaced in mel between `fMin` and
 * `fMax`, each rising from its left neighbour's centre to 1 at its own and
 * falling to its right neighbour's (peak 1, no area normalisation).
 * Row-major `[bands, bins]`.
 */
export function melFilterbank(bands: number, windowSize: number, sampleRate: number, fMin: number, fMax: number): Float64Array {
  if (!Number.isInteger(bands) || bands < 1) throw new SelectiveKdError('INVALID_OPTION', `melBands must be a whole number ≥ 1; got ${bands}`);
  if (!(fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2)) {
    throw new SelectiveKdError('INVALID_OPTION', `mel range must satisfy 0 ≤ fMin < fMax ≤ sampleRate/2 = ${sampleRate / 2}; got fMin ${fMin}, fMax ${fMax}`);
  }
  const bins = windowSize / 2 + 1;
  const low = hzToMel(fMin);
  const step = (hzToMel(fMax) - low) / (bands + 1);
  const edges = Array.from({ length: bands + 2 }, (_, i) => melToHz(low + i * step));
  const weights = new Float64Array(bands * bins);
  for (let m = 0; m < bands; m++) {
    const [left, centre, right] = [edges[m], edges[m + 1], edges[m + 2]];
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / windowSize;
      weights[m * bins + k] = Math.max(0, Math.min((f - left) / (centre - left), (right - f) / (right - centre)));
    }
  }
  return weights;
}
