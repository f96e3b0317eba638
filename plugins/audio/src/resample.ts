import { SelectiveKdError } from '@selective-kd/core';

export interface ResampleOptions {
  /** Zero crossings of the sinc kernel on each side: longer is sharper and slower. Default 16. */
  zeroCrossings?: number;
  /** Cut-off as a fraction of the lower Nyquist frequency, below 1 so the filter's skirt stays below it. Default 0.95. */
  rolloff?: number;
}

/**
 * Band-limited resampling with a Blackman-windowed sinc kernel. When
 * downsampling, the kernel's cut-off is the target's Nyquist frequency, so
 * content the target rate cannot hold is filtered out instead of folding back
 * as aliases. Kernel weights are normalised at every output sample, so a
 * constant signal stays exactly constant.
 */
export function resample(
  samples: Float32Array,
  fromRate: number,
  toRate: number,
  { zeroCrossings = 16, rolloff = 0.95 }: ResampleOptions = {},
): Float32Array {
  for (const [name, rate] of [['fromRate', fromRate], ['toRate', toRate]] as const) {
    if (!Number.isFinite(rate) || rate <= 0) throw new SelectiveKdError('INVALID_OPTION', `${name} must be a positive number of Hz; got ${rate}`);
  }
  if (!(rolloff > 0 && rolloff <= 1)) throw new SelectiveKdError('INVALID_OPTION', `rolloff must be in (0, 1]; got ${rolloff}`);
  if (fromRate === toRate) return samples.slice();
  const ratio = toRate / fromRate;
  // Cut-off in cycles per input sample, and the kernel's half-width in input samples.
  const cutoff = 0.5 * Math.min(1, ratio) * rolloff;
  const halfWidth = zeroCrossings / (2 * cutoff);
  const out = new Float32Array(Math.floor(samples.length * ratio));
  for (let j = 0; j < out.length; j++) {
    const x = j / ratio;
    const first = Math.max(0, Math.ceil(x - halfWidth));
    const last = Math.min(samples.length - 1, Math.floor(x + halfWidth));
    let sum = 0;
    let weights = 0;
    for (let i = first; i <= last; i++) {
      const u = i - x;
      const w = sinc(2 * cutoff * u) * blackman(u / halfWidth);
      sum += w * samples[i];
      weights += w;
    }
    out[j] = weights !== 0 ? sum / weights : 0;
  }
  return out;
}

function sinc(x: number): number {
  return x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

/** Blackman window on [-1, 1], zero at the ends. */
function blackman(t: number): number {
  if (t <= -1 || t >= 1) return 0;
  const phase = Math.PI * (t + 1);
  return 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
}
