import { SelectiveKdError } from '@selective-kd/core';
import FFT from 'fft.js';
import { melFilterbank } from './mel-filterbank.js';

export interface SpectrogramOptions {
  /** The samples' rate in Hz. */
  sampleRate: number;
  /** FFT window length in samples, a power of two. Default 2048. */
  windowSize?: number;
  /** Samples between frame centres. Default 512. */
  hopSize?: number;
  /** `log-mel` (default): log of mel-filtered magnitudes; `log-magnitude`: log of the FFT magnitudes. */
  scale?: 'log-mel' | 'log-magnitude';
  /** Mel bands. Default 128. */
  melBands?: number;
  /** Mel range in Hz. Defaults 30 and sampleRate / 2. */
  fMin?: number;
  fMax?: number;
  /** Added before the log, so silence gives log(floor) instead of −∞. Default 1e-5. */
  floor?: number;
}

/** A spectrogram, row-major `[frames, bins]`; frame t is centred on sample t·hopSize. */
export interface Spectrogram {
  values: Float32Array;
  frames: number;
  bins: number;
  /** Seconds between frames. */
  hopSeconds: number;
  /** The value of a silent bin, log(floor): what context windows pad with beyond the clip. */
  silence: number;
}

/**
 * Short-time Fourier magnitudes of a mono signal with a periodic Hann window,
 * computed with fft.js (pure JS; the wasm backend has no FFT kernel), as log
 * magnitudes or log mel energies. Frames are centred: the signal is padded
 * with windowSize/2 zeros at both ends, giving 1 + ⌊n / hopSize⌋ frames.
 */
export function spectrogram(samples: Float32Array, options: SpectrogramOptions): Spectrogram {
  const { sampleRate, windowSize = 2048, hopSize = 512, scale = 'log-mel', melBands = 128, fMin = 30, floor = 1e-5 } = options;
  const fMax = options.fMax ?? sampleRate / 2;
  if (!Number.isInteger(windowSize) || windowSize < 4 || (windowSize & (windowSize - 1)) !== 0) {
    throw new SelectiveKdError('INVALID_OPTION', `windowSize must be a power of two ≥ 4; got ${windowSize}`);
  }
  if (!Number.isInteger(hopSize) || hopSize < 1) throw new SelectiveKdError('INVALID_OPTION', `hopSize must be a whole number ≥ 1; got ${hopSize}`);
  if (!(floor > 0)) throw new SelectiveKdError('INVALID_OPTION', `floor must be positive; got ${floor}`);
  if (!(sampleRate > 0 && Number.isFinite(sampleRate))) throw new SelectiveKdError('INVALID_OPTION', `sampleRate must be a positive number of Hz; got ${sampleRate}`);
  if (!(samples instanceof Float32Array)) throw new SelectiveKdError('INVALID_INPUT', `spectrogram takes the samples as a Float32Array; got ${samples === null ? 'null' : (samples as object).constructor?.name ?? typeof samples}`);
  if (samples.length === 0) throw new SelectiveKdError('EMPTY_INPUT', 'spectrogram of an empty signal');
  // One NaN would spread through the FFT into every bin of its frames: refuse it here, where its position is known.
  const bad = samples.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new SelectiveKdError('INVALID_INPUT', `spectrogram: sample ${bad} is ${samples[bad]}; samples must be finite`);

  const fft = new FFT(windowSize);
  const half = windowSize / 2;
  const fftBins = half + 1;
  const window = Float64Array.from({ length: windowSize }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / windowSize));
  const filters = scale === 'log-mel' ? melFilterbank(melBands, windowSize, sampleRate, fMin, fMax) : undefined;
  // Each triangle covers a few bins; summing only those keeps the mel step cheap.
  const spans = filters ? Array.from({ length: melBands }, (_, m) => nonZeroSpan(filters, m * (half + 1), half + 1)) : [];
  const bins = filters ? melBands : fftBins;
  const frames = 1 + Math.floor(samples.length / hopSize);
  const values = new Float32Array(frames * bins);
  const frame = new Float64Array(windowSize);
  const spectrum = new Float64Array(2 * windowSize);
  const magnitude = new Float64Array(fftBins);

  for (let t = 0; t < frames; t++) {
    const start = t * hopSize - half;
    for (let i = 0; i < windowSize; i++) {
      const j = start + i;
      frame[i] = j >= 0 && j < samples.length ? samples[j] * window[i] : 0;
    }
    fft.realTransform(spectrum, frame);
    for (let k = 0; k < fftBins; k++) magnitude[k] = Math.hypot(spectrum[2 * k], spectrum[2 * k + 1]);
    const row = t * bins;
    if (!filters) {
      for (let k = 0; k < fftBins; k++) values[row + k] = Math.log(magnitude[k] + floor);
      continue;
    }
    for (let m = 0; m < bins; m++) {
      let energy = 0;
      const [first, last] = spans[m];
      for (let k = first; k <= last; k++) energy += filters[m * fftBins + k] * magnitude[k];
      values[row + m] = Math.log(energy + floor);
    }
  }
  return { values, frames, bins, hopSeconds: hopSize / sampleRate, silence: Math.log(floor) };
}

/** First and last bin where row `offset…offset+length` is non-zero ([0, −1] for an all-zero row). */
function nonZeroSpan(weights: Float64Array, offset: number, length: number): [number, number] {
  let first = -1;
  let last = -1;
  for (let k = 0; k < length; k++) {
    if (weights[offset + k] === 0) continue;
    if (first < 0) first = k;
    last = k;
  }
  return first < 0 ? [0, -1] : [first, last];
}
