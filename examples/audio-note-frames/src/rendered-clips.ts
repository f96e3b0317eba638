import { decodeWav, noteFrames, readMidi, spectrogram, type MidiPerformance, type NoteFrameClip } from '@selective-kd/audio';
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
  /** The data and the synthesiser, in words, for the log and RESULTS.md. */
  description: string;
}

/** Peak level the rendered pieces are normalised to, so no piece clips in the 16-bit cache. */
const PEAK = 0.9;

/**
 * Each piece as a clip of log-mel features and note frames. The whole piece
 * is rendered once per sample rate and kept in `cacheDir` as a 16-bit WAV
 * (so quick and full runs share renderings); the clip is then read back
 * through the audio plugin's WAV decoder, cut to `secondsPerPiece`, and
 * labelled from the same MIDI notes that were rendered.
 */
export async function renderedClips(
  pieces: readonly MidiPiece[],
  config: ExperimentConfig,
  render: Renderer,
  cacheDir: string,
): Promise<NoteFrameClip[]> {
  mkdirSync(cacheDir, { recursive: true });
  const clips: NoteFrameClip[] = [];
  for (const piece of pieces) {
    const performance = readMidi(piece.bytes, piece.name);
    const wavFile = join(cacheDir, `${basename(piece.name, '.mid')}-${config.sampleRate}Hz.wav`);
    if (!existsSync(wavFile)) {
      const samples = render(performance, config.sampleRate);
      let peak = 0;
      for (const v of samples) peak = Math.max(peak, Math.abs(v));
      if (peak > 0) for (let i = 0; i < samples.length; i++) samples[i] *= PEAK / peak;
      const wav = await wavEncoder.encode({ sampleRate: config.sampleRate, channelData: [samples] }, { bitDepth: 16 });
      writeFileSync(wavFile, new Uint8Array(wav));
    }
    let { samples } = decodeWav(readFileSync(wavFile), { sampleRate: config.sampleRate, name: wavFile });
    if (config.secondsPerPiece !== undefined) samples = samples.subarray(0, Math.round(config.secondsPerPiece * config.sampleRate));
    const spec = spectrogram(samples, {
      sampleRate: config.sampleRate,
      windowSize: config.windowSize,
      hopSize: config.hopSize,
      melBands: config.melBands,
      fMin: config.fMin,
    });
    clips.push({ name: basename(piece.name, '.mid'), spectrogram: spec, roll: noteFrames(performance.notes, spec.frames, spec.hopSeconds) });
  }
  return clips;
}
