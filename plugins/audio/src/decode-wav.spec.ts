import { expectSelectiveKdError, selectiveKdErrorFrom } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { decodeWav } from './decode-wav.js';

/** A WAV file written byte by byte: `fmt` holds the fmt chunk's body, `data` the interleaved sample bytes. */
function wav(fmt: Uint8Array, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + 8 + fmt.length + 8 + data.length);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => (bytes[offset + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmt.length, true);
  bytes.set(fmt, 20);
  ascii(20 + fmt.length, 'data');
  view.setUint32(24 + fmt.length, data.length, true);
  bytes.set(data, 28 + fmt.length);
  return bytes;
}

function fmtChunk(tag: number, channels: number, rate: number, bits: number, subFormat?: number): Uint8Array {
  const body = new Uint8Array(subFormat === undefined ? 16 : 40);
  const view = new DataView(body.buffer);
  const block = (channels * bits) / 8;
  view.setUint16(0, tag, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, rate, true);
  view.setUint32(8, rate * block, true);
  view.setUint16(12, block, true);
  view.setUint16(14, bits, true);
  if (subFormat !== undefined) {
    view.setUint16(16, 22, true); // cbSize
    view.setUint16(18, bits, true); // valid bits
    view.setUint32(20, 3, true); // channel mask: front left, front right
    view.setUint16(24, subFormat, true); // GUID 0000xxxx-0000-0010-8000-00aa00389b71
    body.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  }
  return body;
}

/** 16-bit stereo PCM: frames of [left, right] integer samples. */
function pcm16(frames: [number, number][]): Uint8Array {
  const data = new Uint8Array(frames.length * 4);
  const view = new DataView(data.buffer);
  frames.forEach(([l, r], i) => {
    view.setInt16(4 * i, l, true);
    view.setInt16(4 * i + 2, r, true);
  });
  return data;
}

/** 24-bit stereo PCM, 3 little-endian bytes per sample. */
function pcm24(frames: [number, number][]): Uint8Array {
  const data = new Uint8Array(frames.length * 6);
  frames.flat().forEach((v, i) => data.set([v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff], 3 * i));
  return data;
}

const RATE = 1000;
const constant = (n: number, l: number, r: number) => Array.from({ length: n }, () => [l, r] as [number, number]);


describe('decodeWav', () => {
  it('mixes 16-bit stereo PCM down to the mean of its channels', () => {
    // wav-decoder maps 16-bit integers by /32768 for negatives and /32767 for positives.
    const clip = decodeWav(wav(fmtChunk(1, 2, RATE, 16), pcm16(constant(200, 16384, -8192))));
    expect(clip.sampleRate).toBe(RATE);
    expect(clip.source).toEqual({ sampleRate: RATE, channels: 2, bitDepth: 16, format: '16-bit PCM' });
    expect(clip.samples.length).toBe(200);
    expect(clip.samples[17]).toBeCloseTo((16384 / 32767 - 8192 / 32768) / 2, 6);
  });

  it('decodes WAVE_FORMAT_EXTENSIBLE 24-bit PCM, which wav-decoder alone refuses', () => {
    const clip = decodeWav(wav(fmtChunk(0xfffe, 2, RATE, 24, 1), pcm24(constant(150, 4194304, 4194304))), { name: 'studio.wav' });
    expect(clip.source.format).toBe('WAVE_FORMAT_EXTENSIBLE 24-bit PCM');
    expect(clip.samples.length).toBe(150);
    expect(clip.samples[0]).toBeCloseTo(4194304 / 8388607, 6);
  });

  it('resamples to the model rate', () => {
    const clip = decodeWav(wav(fmtChunk(1, 2, RATE, 16), pcm16(constant(400, 1000, 1000))), { sampleRate: 500 });
    expect(clip.sampleRate).toBe(500);
    expect(clip.samples.length).toBe(200);
    expect(clip.samples[100]).toBeCloseTo(1000 / 32767, 6); // a constant stays exactly constant
  });

  it('refuses formats it cannot read, naming them', () => {
    const adpcm = selectiveKdErrorFrom(() => decodeWav(wav(fmtChunk(2, 2, RATE, 4), new Uint8Array(400)), { name: 'old.wav' }));
    expect(adpcm.code).toBe('UNSUPPORTED_FORMAT');
    expect(adpcm.message).toContain('old.wav: WAV format 0x0002 (Microsoft ADPCM) is not supported');
    const alaw = selectiveKdErrorFrom(() => decodeWav(wav(fmtChunk(0xfffe, 2, RATE, 8, 6), new Uint8Array(400))));
    expect(alaw.code).toBe('UNSUPPORTED_FORMAT');
    expect(alaw.message).toContain('WAVE_FORMAT_EXTENSIBLE 8-bit A-law is not supported');
    const notWav = selectiveKdErrorFrom(() => decodeWav(new TextEncoder().encode('ID3 this is an mp3')));
    expect(notWav.code).toBe('INVALID_INPUT');
  });

  it('refuses empty, too-short and silent clips with what it found', () => {
    const empty = selectiveKdErrorFrom(() => decodeWav(wav(fmtChunk(1, 2, RATE, 16), new Uint8Array(0)), { name: 'e.wav' }));
    expect([empty.code, empty.message]).toEqual(['EMPTY_INPUT', 'e.wav: the WAV file holds no samples (16-bit PCM, 2 channel(s))']);
    const short = selectiveKdErrorFrom(() => decodeWav(wav(fmtChunk(1, 2, RATE, 16), pcm16(constant(50, 100, 100))), { minSeconds: 0.1 }));
    expect(short.code).toBe('EMPTY_INPUT');
    expect(short.message).toContain('0.0500 s (50 samples at 1000 Hz) is shorter than the minimum 0.1 s');
    const silent = selectiveKdErrorFrom(() => decodeWav(wav(fmtChunk(1, 2, RATE, 16), pcm16(constant(200, 1, -1)))));
    expect(silent.code).toBe('EMPTY_INPUT');
    expect(silent.message).toContain('below the threshold 0.0001');
  });

  it('checks its options', () => {
    expectSelectiveKdError(() => decodeWav(new Uint8Array(0), { sampleRate: 0 }), 'INVALID_OPTION', 'sampleRate');
  });
});
