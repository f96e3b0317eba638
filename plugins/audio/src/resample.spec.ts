import { expectSelectiveKdError } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { resample } from './resample.js';

const sine = (hz: number, rate: number, n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));

describe('resample', () => {
  it('keeps a tone below the new Nyquist frequency: 1 kHz from 48 kHz to 16 kHz', () => {
    const out = resample(sine(1000, 48000, 4800), 48000, 16000);
    expect(out.length).toBe(1600);
    const ideal = sine(1000, 16000, 1600);
    // Away from the ends, where the kernel runs out of signal.
    let worst = 0;
    for (let i = 100; i < 1500; i++) worst = Math.max(worst, Math.abs(out[i] - ideal[i]));
    expect(worst).toBeLessThan(2e-3);
  });

  it('filters out a tone the new rate cannot hold instead of aliasing it: 12 kHz from 48 kHz to 16 kHz', () => {
    const out = resample(sine(12000, 48000, 4800), 48000, 16000);
    let power = 0;
    for (let i = 100; i < 1500; i++) power += out[i] ** 2;
    expect(Math.sqrt(power / 1400)).toBeLessThan(0.01); // the input's RMS is 0.707
  });

  it('upsamples a slow tone faithfully: 100 Hz from 8 kHz to 22.05 kHz', () => {
    const out = resample(sine(100, 8000, 800), 8000, 22050);
    expect(out.length).toBe(2205);
    for (const i of [300, 1000, 1900]) expect(out[i]).toBeCloseTo(Math.sin((2 * Math.PI * 100 * i) / 22050), 3);
  });

  it('checks its rates', () => {
    expectSelectiveKdError(() => resample(new Float32Array(4), -1, 16000), 'INVALID_OPTION', 'fromRate', '-1');
  });
});
