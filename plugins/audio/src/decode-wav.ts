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

/** Sample rates outside this range are taken for a corrupt header rather than audio. */
const MIN_RATE = 1000;
const MAX_RATE = 768_000;
const MAX_CHANNELS = 256;
const BIT_DEPTHS: Record<number, number[]> = { [PCM]: [8, 16, 24, 32], [IEEE_FLOAT]: [32, 64] };

/**
 * Walks the RIFF chunks and checks every header field against the chunk's
 * length and sane ranges before wav-decoder sees the file (it reads past a
 * short fmt chunk, accepts a rate of 0 and a cut data chunk). For
 * WAVE_FORMAT_EXTENSIBLE with a PCM or float sub-format it returns a copy
 * whose format tag is that sub-format.
 */
function withPlainFormatTag(bytes: Uint8Array, name: string): { patched: Uint8Array; format: string; bitDepth: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  const invalid = (why: string) => new SelectiveKdError('INVALID_INPUT', `${name}: ${why}`);
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') {
    throw invalid('not a WAV file (no RIFF/WAVE header in its first 12 bytes)');
  }
  let fmt: ReturnType<typeof readFormat> | undefined;
  for (let offset = 12; offset < bytes.length; ) {
    if (offset + 8 > bytes.length) throw invalid(`the file is truncated: ${bytes.length - offset} byte(s) of a chunk header at byte ${offset}`);
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    const available = bytes.length - body;
    if (id === 'fmt ') {
      if (size > available) throw invalid(`the file is truncated inside its fmt chunk (${size} bytes declared, ${available} present)`);
      fmt = readFormat(view, body, size, invalid, name);
    } else if (id === 'data') {
      if (!fmt) throw invalid('the data chunk comes before any fmt chunk');
      if (size > available) throw invalid(`the file is truncated inside its data chunk (${size} bytes declared, ${available} present)`);
      if (size % fmt.blockAlign !== 0) throw invalid(`the data chunk's ${size} bytes are not whole frames of ${fmt.blockAlign} bytes`);
      if (fmt.tag !== EXTENSIBLE) return { patched: bytes, format: fmt.format, bitDepth: fmt.bitDepth };
      const patched = bytes.slice();
      new DataView(patched.buffer).setUint16(fmt.formatOffset, fmt.plainTag, true);
      return { patched, format: fmt.format, bitDepth: fmt.bitDepth };
    }
    offset = body + size + (size % 2);
  }
  throw invalid(fmt ? 'the WAV file has no data chunk' : 'the WAV file has no fmt chunk');
}

/** The fmt chunk's fields, each checked; `formatOffset` is where the format tag sits. */
function readFormat(view: DataView, body: number, size: number, invalid: (why: string) => SelectiveKdError, name: string) {
  if (size < 16) throw invalid(`the fmt chunk is ${size} bytes; a WAV fmt chunk has at least 16`);
  const tag = view.getUint16(body, true);
  const channels = view.getUint16(body + 2, true);
  const rate = view.getUint32(body + 4, true);
  const byteRate = view.getUint32(body + 8, true);
  const blockAlign = view.getUint16(body + 12, true);
  const bitDepth = view.getUint16(body + 14, true);
  let plainTag = tag;
  let format = `${bitDepth}-bit ${FORMAT_NAMES[tag]}`;
  if (tag === EXTENSIBLE) {
    // WAVEFORMATEXTENSIBLE: the sub-format GUID starts 24 bytes into the chunk; its first two bytes are the plain tag.
    plainTag = size >= 26 ? view.getUint16(body + 24, true) : -1;
    format = `WAVE_FORMAT_EXTENSIBLE ${bitDepth}-bit ${FORMAT_NAMES[plainTag] ?? `sub-format 0x${hex(plainTag)}`}`;
    if (plainTag !== PCM && plainTag !== IEEE_FLOAT) {
      throw new SelectiveKdError('UNSUPPORTED_FORMAT', `${name}: ${format} is not supported; convert it to PCM or float WAV`);
    }
  } else if (tag !== PCM && tag !== IEEE_FLOAT) {
    throw new SelectiveKdError('UNSUPPORTED_FORMAT', `${name}: WAV format 0x${hex(tag)} (${FORMAT_NAMES[tag] ?? 'unknown'}) is not supported; convert it to PCM or float WAV`);
  }
  if (channels < 1 || channels > MAX_CHANNELS) throw invalid(`the fmt chunk gives ${channels} channels; expected 1 to ${MAX_CHANNELS}`);
  if (rate < MIN_RATE || rate > MAX_RATE) throw invalid(`the fmt chunk gives a sample rate of ${rate} Hz; expected ${MIN_RATE} to ${MAX_RATE} Hz`);
  if (!BIT_DEPTHS[plainTag].includes(bitDepth)) {
    throw new SelectiveKdError('UNSUPPORTED_FORMAT', `${name}: ${format} is not supported; ${FORMAT_NAMES[plainTag]} samples have ${BIT_DEPTHS[plainTag].join(', ')} bits`);
  }
  if (blockAlign !== (channels * bitDepth) / 8) {
    throw invalid(`the fmt chunk's block size ${blockAlign} is not ${channels} channel(s) × ${bitDepth / 8} byte(s)`);
  }
  if (byteRate !== rate * blockAlign) throw invalid(`the fmt chunk's byte rate ${byteRate} is not ${rate} Hz × ${blockAlign} bytes`);
  return { tag, plainTag, channels, bitDepth, blockAlign, format, formatOffset: body };
}

function hex(tag: number): string {
  return tag.toString(16).padStart(4, '0');
}
