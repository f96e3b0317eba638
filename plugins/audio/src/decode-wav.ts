import { SelectiveKdError } from '@selective-kd/core';
import wavDecoder from 'wav-decoder';
import { resample } from './resample.js';

export interface DecodeWavOptions {
  /** The model's rate in Hz: the clip is resampled to it. Default: keep the file's rate. */
  sampleRate?: number;
  /** Shorter clips are refused. Default 0.1 s. */
  minSeconds?: number;
  /** Clips whose peak |sample| stays below this are refused as silent. Default 1e-4 (−80 dBFS). */
  silenceThreshold?: number;
  /** Names the file in error messages. Default 'audio'. */
  name?: string;
}

/** A decoded clip: mono samples in [-1, 1] at `sampleRate`, and what the file held. */
export interface AudioClip {
  samples: Float32Array;
  sampleRate: number;
  source: { sampleRate: number; channels: number; bitDepth: number; format: string };
}

const PCM = 0x0001;
const IEEE_FLOAT = 0x0003;
const EXTENSIBLE = 0xfffe;
const FORMAT_NAMES: Record<number, string> = {
  [PCM]: 'PCM',
  0x0002: 'Microsoft ADPCM',
  [IEEE_FLOAT]: 'IEEE float',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0055: 'MPEG layer 3',
  [EXTENSIBLE]: 'WAVE_FORMAT_EXTENSIBLE',
};

/**
 * Decodes a WAV file with wav-decoder, mixes it down to mono (the mean of the
 * channels) and resamples it to `sampleRate`. wav-decoder reads only plain
 * PCM and float format tags; WAVE_FORMAT_EXTENSIBLE files (what most tools
 * write for 24-bit or multichannel audio) whose sub-format is PCM or float
 * are decoded by handing wav-decoder the sub-format's plain tag — the sample
 * layout is the same. Every other format is refused with its name.
 */
export function decodeWav(bytes: Uint8Array, options: DecodeWavOptions = {}): AudioClip {
  const { sampleRate, minSeconds = 0.1, silenceThreshold = 1e-4, name = 'audio' } = options;
  if (sampleRate !== undefined && !(Number.isFinite(sampleRate) && sampleRate > 0)) {
    throw new SelectiveKdError('INVALID_OPTION', `sampleRate must be a positive number of Hz; got ${sampleRate}`);
  }
  const { patched, format, bitDepth } = withPlainFormatTag(bytes, name);
  let decoded: wavDecoder.DecodedWav;
  try {
    // wav-decoder reads an ArrayBuffer (or a Node Buffer), not a view into one.
    decoded = wavDecoder.decode.sync(patched.buffer.slice(patched.byteOffset, patched.byteOffset + patched.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new SelectiveKdError('INVALID_INPUT', `${name}: wav-decoder cannot read this ${format} file: ${(error as Error).message}`);
  }
  const { numberOfChannels: channels, length, channelData } = decoded;
  const source = { sampleRate: decoded.sampleRate, channels, bitDepth, format };
  if (length === 0 || channels === 0) throw new SelectiveKdError('EMPTY_INPUT', `${name}: the WAV file holds no samples (${format}, ${channels} channel(s))`);

  const mono = new Float32Array(length);
  for (const channel of channelData) for (let i = 0; i < length; i++) mono[i] += channel[i] / channels;
  const seconds = length / decoded.sampleRate;
  if (seconds < minSeconds) {
    throw new SelectiveKdError('EMPTY_INPUT', `${name}: ${seconds.toFixed(4)} s (${length} samples at ${decoded.sampleRate} Hz) is shorter than the minimum ${minSeconds} s`);
  }
  let peak = 0;
  for (const v of mono) peak = Math.max(peak, Math.abs(v));
  if (peak < silenceThreshold) {
    throw new SelectiveKdError('EMPTY_INPUT', `${name}: silent — peak level ${peak.toExponential(2)} is below the threshold ${silenceThreshold}`);
  }
  const rate = sampleRate ?? decoded.sampleRate;
  return { samples: rate === decoded.sampleRate ? mono : resample(mono, decoded.sampleRate, rate), sampleRate: rate, source };
}

/**
 * Finds the fmt chunk; for WAVE_FORMAT_EXTENSIBLE with a PCM or float
 * sub-format returns a copy whose format tag is that sub-format.
 */
function withPlainFormatTag(bytes: Uint8Array, name: string): { patched: Uint8Array; format: string; bitDepth: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') {
    throw new SelectiveKdError('INVALID_INPUT', `${name}: not a WAV file (no RIFF/WAVE header in its first 12 bytes)`);
  }
  for (let offset = 12; offset + 8 <= bytes.length; offset += 8 + view.getUint32(offset + 4, true) + (view.getUint32(offset + 4, true) % 2)) {
    if (text(offset) !== 'fmt ') continue;
    const body = offset + 8;
    const tag = view.getUint16(body, true);
    const bitDepth = view.getUint16(body + 14, true);
    if (tag === PCM || tag === IEEE_FLOAT) return { patched: bytes, format: `${bitDepth}-bit ${FORMAT_NAMES[tag]}`, bitDepth };
    if (tag !== EXTENSIBLE) {
      throw new SelectiveKdError('UNSUPPORTED_FORMAT', `${name}: WAV format 0x${hex(tag)} (${FORMAT_NAMES[tag] ?? 'unknown'}) is not supported; convert it to PCM or float WAV`);
    }
    // WAVEFORMATEXTENSIBLE: the sub-format GUID starts 24 bytes into the chunk; its first two bytes are the plain tag.
    const subFormat = body + 24 + 2 <= bytes.length ? view.getUint16(body + 24, true) : -1;
    const format = `WAVE_FORMAT_EXTENSIBLE ${bitDepth}-bit ${FORMAT_NAMES[subFormat] ?? `sub-format 0x${hex(subFormat)}`}`;
    if (subFormat !== PCM && subFormat !== IEEE_FLOAT) {
      throw new SelectiveKdError('UNSUPPORTED_FORMAT', `${name}: ${format} is not supported; convert it to PCM or float WAV`);
    }
    const patched = bytes.slice();
    new DataView(patched.buffer).setUint16(body, subFormat, true);
    return { patched, format, bitDepth };
  }
  throw new SelectiveKdError('INVALID_INPUT', `${name}: the WAV file has no fmt chunk`);
}

function hex(tag: number): string {
  return tag.toString(16).padStart(4, '0');
}
