import { expectSelectiveKdError, expectTensorClose } from '@selective-kd/testing';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hzToMel, melFilterbank, melToHz } from './mel-filterbank.js';
import { spectrogram } from './spectrogram.js';

// Made by fixtures/golden/make_golden.py: a naive float64 DFT in Python, no FFT library.
const golden = JSON.parse(readFileSync(new URL('../fixtures/golden/spectrogram.json', import.meta.url), 'utf8'));
const signal = Float32Array.from({ length: golden.n }, (_, n) =>
  0.5 * Math.sin((2 * Math.PI * 1000 * n) / golden.rate) + 0.25 * Math.cos((2 * Math.PI * 2750 * n) / golden.rate + 0.3),
);
const rows = (values: Float32Array, frames: number, bins: number) =>
  Array.from({ length: frames }, (_, t) => Array.from(values.subarray(t * bins, (t + 1) * bins)));

describe('spectrogram', () => {
  const common = { sampleRate: golden.rate, windowSize: golden.windowSize, hopSize: golden.hopSize, floor: golden.floor };

  it('matches a float64 DFT of a two-tone signal in log magnitude', () => {
    const spec = spectrogram(signal, { ...common, scale: 'log-magnitude' });
    expect([spec.frames, spec.bins]).toEqual([golden.frames, golden.windowSize / 2 + 1]);
    expect(spec.hopSeconds).toBe(golden.hopSize / golden.rate);
    expectTensorClose(rows(spec.values, spec.frames, spec.bins), golden.logMagnitude, { rtol: 1e-5, atol: 1e-4 });
  });

  it('matches it in log mel energy', () => {
    const spec = spectrogram(signal, { ...common, melBands: golden.melBands, fMin: golden.fMin, fMax: golden.fMax });
    expect([spec.frames, spec.bins]).toEqual([golden.frames, golden.melBands]);
    expect(spec.silence).toBeCloseTo(Math.log(golden.floor), 10);
    expectTensorClose(rows(spec.values, spec.frames, spec.bins), golden.logMel, { rtol: 1e-5, atol: 1e-4 });
  });

  it('peaks at the bin of a pure tone', () => {
    // 1 kHz at 8 kHz with a 256-sample window: bin 1000 / (8000/256) = 32.
    const spec = spectrogram(Float32Array.from({ length: 2048 }, (_, n) => Math.sin((2 * Math.PI * 1000 * n) / 8000)), {
      ...common,
      scale: 'log-magnitude',
    });
    const frame = Array.from(spec.values.subarray(5 * spec.bins, 6 * spec.bins));
    expect(frame.indexOf(Math.max(...frame))).toBe(32);
  });

  it('spaces mel filters evenly on the HTK scale, each peaking at 1', () => {
    expect(hzToMel(700)).toBeCloseTo(2595 * Math.log10(2), 10);
    expect(melToHz(hzToMel(440))).toBeCloseTo(440, 9);
    const filters = melFilterbank(4, 16, 16000, 0, 8000);
    expect(filters.length).toBe(4 * 9);
    for (let m = 0; m < 4; m++) expect(Math.max(...filters.subarray(m * 9, (m + 1) * 9))).toBeLessThanOrEqual(1);
  });

  it('refuses bad settings', () => {
    expectSelectiveKdError(() => spectrogram(signal, { sampleRate: 8000, windowSize: 300 }), 'INVALID_OPTION', 'power of two', '300');
    expectSelectiveKdError(() => spectrogram(signal, { sampleRate: 8000, fMax: 9000 }), 'INVALID_OPTION', 'fMax 9000');
    expectSelectiveKdError(() => spectrogram(new Float32Array(0), { sampleRate: 8000 }), 'EMPTY_INPUT', 'empty');
  });
});
