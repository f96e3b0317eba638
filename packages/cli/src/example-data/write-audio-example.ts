import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeMidi } from './encode-midi.js';
import { encodeWav } from './encode-wav.js';
import { EXAMPLE_SPLITS, type ExampleSplit, type SplitCounts } from './example-splits.js';

/** 6 / 2 / 2 clips of 4 s at 16 kHz: 1.3 MB of WAV in all. */
export const AUDIO_COUNTS: SplitCounts = { train: 6, dev: 2, test: 2 };
export const AUDIO_SAMPLE_RATE = 16000;
export const AUDIO_SECONDS = 4;
/** C4 to C5: a small range, so a few clips hold every pitch several times. */
export const AUDIO_PITCHES = { lowest: 60, highest: 72 } as const;

/** 480 ticks a beat at 120 BPM: 960 ticks a second. */
const TICKS_PER_BEAT = 480;
const MICROSECONDS_PER_BEAT = 500_000;
const TICKS_PER_SECOND = (TICKS_PER_BEAT * 1_000_000) / MICROSECONDS_PER_BEAT;
/** Note times fall on a 50 ms grid (48 ticks), so the MIDI file and the synthesised audio agree exactly. */
const GRID_SECONDS = 0.05;
const RELEASE_SECONDS = 0.03;

/** A synthesised note, in seconds. */
export interface AudioExampleNote {
  pitch: number;
  start: number;
  end: number;
  velocity: number;
}

export interface AudioExampleClip {
  name: string;
  notes: AudioExampleNote[];
  samples: Float32Array;
}

/**
 * Clips of random notes between C4 and C5 — one or two sounding at a time,
 * sometimes struck together — synthesised additively: six harmonics falling
 * as 1/k^1.5, a 10 ms attack, an exponential decay while the key is held and
 * a 30 ms release, over a faint noise floor.
 */
export function makeAudioExample(random: () => number): Record<ExampleSplit, AudioExampleClip[]> {
  const grid = (low: number, high: number) => GRID_SECONDS * Math.round((low + (high - low) * random()) / GRID_SECONDS);
  const pitch = () => AUDIO_PITCHES.lowest + Math.floor(random() * (AUDIO_PITCHES.highest - AUDIO_PITCHES.lowest + 1));
  const out = {} as Record<ExampleSplit, AudioExampleClip[]>;
  for (const split of EXAMPLE_SPLITS) {
    out[split] = [];
    for (let n = 0; n < AUDIO_COUNTS[split]; n++) {
      const notes: AudioExampleNote[] = [];
      for (let start = grid(0, 0.3); start < AUDIO_SECONDS - 0.5; start = round(start + grid(0.2, 0.7))) {
        const voices = random() < 0.25 ? 2 : 1;
        for (let v = 0; v < voices; v++) {
          const end = Math.min(round(start + grid(0.25, 0.9)), AUDIO_SECONDS - 0.1);
          let p = pitch();
          // A key still sounding would be cut short by its own second note-on; pick another.
          while (notes.some((note) => note.pitch === p && note.end > start)) p = pitch();
          notes.push({ pitch: p, start, end, velocity: 60 + Math.floor(random() * 50) });
        }
      }
      out[split].push({ name: `${split}-${String(n).padStart(2, '0')}`, notes, samples: synthesise(notes, random) });
    }
  }
  return out;
}

/** Writes `<dir>/{train,dev,test}/<name>.wav` (16 kHz mono 16-bit) and `<name>.mid` (type 0), the layout `readNoteFrameFolder` reads. */
export async function writeAudioExample(dir: string, random: () => number): Promise<SplitCounts & { notes: number }> {
  const splits = makeAudioExample(random);
  let notes = 0;
  for (const split of EXAMPLE_SPLITS) {
    await mkdir(join(dir, split), { recursive: true });
    for (const clip of splits[split]) {
      notes += clip.notes.length;
      await writeFile(join(dir, split, `${clip.name}.wav`), encodeWav(clip.samples, AUDIO_SAMPLE_RATE));
      const ticks = (seconds: number) => Math.round(seconds * TICKS_PER_SECOND);
      const midiNotes = clip.notes.map((note) => ({ pitch: note.pitch, startTick: ticks(note.start), endTick: ticks(note.end), velocity: note.velocity }));
      const midi = encodeMidi(midiNotes, { ticksPerBeat: TICKS_PER_BEAT, microsecondsPerBeat: MICROSECONDS_PER_BEAT, endTick: ticks(AUDIO_SECONDS) });
      await writeFile(join(dir, split, `${clip.name}.mid`), midi);
    }
  }
  return { ...AUDIO_COUNTS, notes };
}

function synthesise(notes: AudioExampleNote[], random: () => number): Float32Array {
  const rate = AUDIO_SAMPLE_RATE;
  const mix = new Float64Array(AUDIO_SECONDS * rate);
  for (const note of notes) {
    const frequency = 440 * 2 ** ((note.pitch - 69) / 12);
    const loudness = (0.25 * note.velocity) / 127;
    const phases = Array.from({ length: 6 }, () => 2 * Math.PI * random());
    const first = Math.round(note.start * rate);
    const last = Math.min(mix.length, Math.round((note.end + RELEASE_SECONDS) * rate));
    // Each harmonic as a phasor turned by its step every sample: the same sine as Math.sin per sample
    // (float64 drift stays far below the 16-bit step over a clip), at a fraction of the time.
    const harmonics = phases.map((phase, h) => {
      const step = (2 * Math.PI * frequency * (h + 1)) / rate;
      return { re: Math.cos(phase), im: Math.sin(phase), cos: Math.cos(step), sin: Math.sin(step), weight: 1 / (h + 1) ** 1.5 };
    });
    for (let i = first; i < last; i++) {
      const t = (i - first) / rate;
      const held = Math.min(1, t / 0.01) * Math.exp(-t / 0.6);
      const release = i / rate > note.end ? Math.max(0, 1 - (i / rate - note.end) / RELEASE_SECONDS) : 1;
      let wave = 0;
      for (const h of harmonics) {
        wave += h.weight * h.im;
        const re = h.re * h.cos - h.im * h.sin;
        h.im = h.re * h.sin + h.im * h.cos;
        h.re = re;
      }
      mix[i] += loudness * held * release * wave;
    }
  }
  let peak = 0;
  for (const v of mix) peak = Math.max(peak, Math.abs(v));
  // Chords can add up past full scale: scale the clip down rather than clip it.
  const gain = peak > 0.9 ? 0.9 / peak : 1;
  return Float32Array.from(mix, (v) => gain * v + 0.002 * (random() - 0.5));
}

/** Sums of grid steps drift off the grid in floating point; snap them back to 1 ms. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
