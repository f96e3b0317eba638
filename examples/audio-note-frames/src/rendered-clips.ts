import { decodeWav, noteFrames, readMidi, spectrogram, type MidiPerformance, type NoteFrameClip, type Spectrogram } from '@selective-kd/audio';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import wavEncoder from 'wav-encoder';
import type { ExperimentConfig } from './experiment-config.js';

/** Turns a performance into mono samples at `sampleRate` (the SoundFont synthesiser, or a stand-in in tests). */
export type Renderer = (performance: MidiPerformance, sampleRate: number) => Float32Array;

/** A piece's MIDI file: its name and bytes. */
export interface MidiPiece {
  name: string;
  bytes: Uint8Array;
}

/** Where the pieces come from and how they become audio. */
export interface Corpus {
  /** Every piece, in a fixed order. */
  pieces: MidiPiece[];
  render: Renderer;
  /** Names the synthesiser (the SoundFont): the renderings' cache folder. */
  soundFont: string;
  /** The data and the synthesiser, in words, for the log and RESULTS.md. */
  description: string;
}

/** Peak level the rendered pieces are normalised to, so no piece clips in the 16-bit cache. */
const PEAK = 0.9;

/** What the features depend on. */
export type FeatureConfig = Pick<ExperimentConfig, 'sampleRate' | 'windowSize' | 'hopSize' | 'melBands' | 'fMin'>;

/**
 * Each piece as a clip of log-mel features and note frames, cut to its first
 * `seconds` when given. The whole piece is rendered once per sample rate and
 * kept in `cacheDir` as a 16-bit WAV, read back through the audio plugin's
 * WAV decoder; its whole-piece log-mel features are kept beside it as raw
 * float32 (the FFTs take longer than training a student, and every worker
 * process needs them). Labels come from the same MIDI notes that were
 * rendered.
 */
export async function renderedClips(
  pieces: readonly MidiPiece[],
  config: FeatureConfig,
  render: Renderer,
  cacheDir: string,
  seconds?: number,
): Promise<NoteFrameClip[]> {
  mkdirSync(cacheDir, { recursive: true });
  const clips: NoteFrameClip[] = [];
  for (const piece of pieces) {
    const name = basename(piece.name, '.mid');
    const performance = readMidi(piece.bytes, piece.name);
    const wavFile = join(cacheDir, `${name}-${config.sampleRate}Hz.wav`);
    const featureFile = join(cacheDir, `${name}-${config.sampleRate}Hz-${config.windowSize}-${config.hopSize}-${config.melBands}mel-${config.fMin}Hz.f32`);
    if (!existsSync(wavFile)) {
      const samples = render(performance, config.sampleRate);
      let peak = 0;
      for (const v of samples) peak = Math.max(peak, Math.abs(v));
      if (peak > 0) for (let i = 0; i < samples.length; i++) samples[i] *= PEAK / peak;
      const wav = await wavEncoder.encode({ sampleRate: config.sampleRate, channelData: [samples] }, { bitDepth: 16 });
      writeFileSync(wavFile, new Uint8Array(wav));
    }
    const whole = existsSync(featureFile) ? readFeatures(featureFile, config) : writeFeatures(featureFile, wavFile, config);
    const frames = seconds === undefined ? whole.frames : Math.min(whole.frames, 1 + Math.floor((seconds * config.sampleRate) / config.hopSize));
    const spec = { ...whole, frames, values: whole.values.subarray(0, frames * whole.bins) };
    clips.push({ name, spectrogram: spec, roll: noteFrames(performance.notes, spec.frames, spec.hopSeconds) });
  }
  return clips;
}

function spectrogramOf(samples: Float32Array, config: FeatureConfig): Spectrogram {
  const { sampleRate, windowSize, hopSize, melBands, fMin } = config;
  return spectrogram(samples, { sampleRate, windowSize, hopSize, melBands, fMin });
}

function writeFeatures(featureFile: string, wavFile: string, config: FeatureConfig): Spectrogram {
  const spec = spectrogramOf(decodeWav(readFileSync(wavFile), { sampleRate: config.sampleRate, name: wavFile }).samples, config);
  writeFileSync(featureFile, new Uint8Array(spec.values.buffer, spec.values.byteOffset, spec.values.byteLength));
  return spec;
}

/** The cached features, with the frame count, hop and silence level a spectrogram of this configuration has. */
function readFeatures(featureFile: string, config: FeatureConfig): Spectrogram {
  const bytes = readFileSync(featureFile);
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  // A one-window silent signal gives the same bins, hop and silence value as the piece's spectrogram.
  const probe = spectrogramOf(new Float32Array(config.windowSize), config);
  return { ...probe, values, frames: values.length / probe.bins };
}
