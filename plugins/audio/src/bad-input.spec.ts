import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoTensorLeak, expectSelectiveKdError } from '@selective-kd/testing';
import { writeMidi } from 'midi-file';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from './decode-wav.js';
import { noteFrameBatches } from './note-frame-batches.js';
import type { NoteFrameExcerpt } from './note-frame-excerpts.js';
import { noteFrames } from './note-frames.js';
import { readMidi, type Note } from './read-midi.js';
import { spectrogram } from './spectrogram.js';

// The audio plugin's readers and batchers on malformed, truncated, empty, huge and wrongly-typed
// input: each answers with a SelectiveKdError whose code and message name the problem, never NaN,
// and leaves no tensor behind.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const untyped = <T>(value: unknown) => value as T;

/** Mono 16-bit PCM at `rate`: 0.2 s of a 440 Hz tone; `fields` overrides fmt fields by byte offset in the fmt body. */
function wav({ rate = 8000, fields = {} as Record<number, [number, 16 | 32]> } = {}): Uint8Array {
  const samples = Math.round(rate * 0.2);
  const bytes = new Uint8Array(44 + 2 * samples);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => (bytes[offset + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  for (const [offset, [value, bits]] of Object.entries(fields)) {
    if (bits === 16) view.setUint16(20 + Number(offset), value, true);
    else view.setUint32(20 + Number(offset), value, true);
  }
  ascii(36, 'data');
  view.setUint32(40, 2 * samples, true);
  for (let i = 0; i < samples; i++) view.setInt16(44 + 2 * i, Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true);
  return bytes;
}

describe('decodeWav on damaged headers', () => {
  it('decodes the well-formed file the cases below damage', () => {
    expect(decodeWav(wav(), { name: 'ok.wav' }).samples.length).toBe(1600);
  });

  it('a file cut inside the fmt chunk is a SelectiveKdError, not a RangeError from the DataView', () => {
    for (const length of [21, 24, 30, 35]) {
      expectSelectiveKdError(() => decodeWav(wav().subarray(0, length), { name: 'cut.wav' }), 'INVALID_INPUT', 'cut.wav', 'truncated inside its fmt chunk');
    }
  });

  it('refuses a sample rate of 0 and other impossible header fields, naming the field', () => {
    const bad = (fields: Record<number, [number, 16 | 32]>, ...parts: string[]) =>
      expectSelectiveKdError(() => decodeWav(wav({ fields }), { name: 'bad.wav' }), 'INVALID_INPUT', 'bad.wav', ...parts);
    bad({ 4: [0, 32] }, 'sample rate of 0 Hz');
    bad({ 4: [4_000_000_000, 32] }, 'sample rate of 4000000000 Hz');
    bad({ 2: [0, 16] }, '0 channels');
    bad({ 12: [3, 16] }, 'block size 3');
    bad({ 8: [1, 32] }, 'byte rate 1');
    expectSelectiveKdError(() => decodeWav(wav({ fields: { 14: [12, 16] } }), { name: 'bad.wav' }), 'UNSUPPORTED_FORMAT', 'bad.wav', '12-bit');
  });

  it('refuses a cut data chunk, a chunk header cut short, a missing data chunk and a data chunk before fmt', () => {
    const file = wav();
    expectSelectiveKdError(() => decodeWav(file.subarray(0, 1000), { name: 'a.wav' }), 'INVALID_INPUT', 'a.wav', 'truncated inside its data chunk', '3200 bytes declared, 956 present');
    expectSelectiveKdError(() => decodeWav(file.subarray(0, 40), { name: 'a.wav' }), 'INVALID_INPUT', 'a.wav', 'truncated', 'chunk header');
    expectSelectiveKdError(() => decodeWav(file.subarray(0, 36), { name: 'a.wav' }), 'INVALID_INPUT', 'a.wav', 'no data chunk');
    const swapped = file.slice();
    swapped.set(file.subarray(36, 44), 12);
    expectSelectiveKdError(() => decodeWav(swapped, { name: 'a.wav' }), 'INVALID_INPUT', 'a.wav');
    const odd = file.slice();
    new DataView(odd.buffer).setUint32(40, 3199, true);
    expectSelectiveKdError(() => decodeWav(odd, { name: 'a.wav' }), 'INVALID_INPUT', 'a.wav', 'not whole frames');
  });

  it('refuses empty and non-WAV bytes', () => {
    expectSelectiveKdError(() => decodeWav(new Uint8Array(0), { name: 'e.wav' }), 'INVALID_INPUT', 'e.wav', 'not a WAV file');
    expectSelectiveKdError(() => decodeWav(new TextEncoder().encode('RIFF....WAVEjunk'), { name: 'j.wav' }), 'INVALID_INPUT', 'j.wav', 'truncated');
  });
});

describe('readMidi on bad files', () => {
  const midi = Uint8Array.from(
    writeMidi({
      header: { format: 0, numTracks: 1, ticksPerBeat: 96 },
      tracks: [
        [
          { deltaTime: 0, type: 'noteOn', channel: 0, noteNumber: 60, velocity: 90 },
          { deltaTime: 96, type: 'noteOff', channel: 0, noteNumber: 60, velocity: 0 },
          { deltaTime: 0, meta: true, type: 'endOfTrack' },
        ],
      ],
    }),
  );

  it('refuses empty, cut and foreign bytes, naming the file', () => {
    expect(readMidi(midi, 'ok.mid').notes).toHaveLength(1);
    expectSelectiveKdError(() => readMidi(new Uint8Array(0), 'e.mid'), 'INVALID_INPUT', 'e.mid', 'not a standard MIDI file');
    for (const length of [4, 13, 20, midi.length - 3]) {
      expectSelectiveKdError(() => readMidi(midi.subarray(0, length), 'cut.mid'), 'INVALID_INPUT', 'cut.mid');
    }
    expectSelectiveKdError(() => readMidi(new TextEncoder().encode('not midi at all'), 'x.mid'), 'INVALID_INPUT', 'x.mid');
  });

  it('refuses a header with no timing, naming the file', () => {
    const zeroDivision = midi.slice();
    zeroDivision[12] = 0;
    zeroDivision[13] = 0;
    expectSelectiveKdError(() => readMidi(zeroDivision, 'z.mid'), 'INVALID_INPUT', 'z.mid', 'ticks per beat');
  });

  it('refuses bytes of the wrong type', () => {
    expectSelectiveKdError(() => readMidi(untyped('MThd'), 's.mid'), 'INVALID_INPUT', 's.mid', 'bytes');
    expectSelectiveKdError(() => readMidi(untyped(null), 'n.mid'), 'INVALID_INPUT', 'n.mid', 'bytes');
  });
});

describe('spectrogram on bad signals', () => {
  const signal = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i / 10));

  it('refuses non-finite samples instead of returning NaN features', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const samples = signal.slice();
      samples[1234] = bad;
      expectSelectiveKdError(() => spectrogram(samples, { sampleRate: 8000, windowSize: 512, hopSize: 256 }), 'INVALID_INPUT', 'sample 1234', String(bad));
    }
  });

  it('refuses a bad sample rate, an empty or wrongly typed signal', () => {
    for (const sampleRate of [0, -8000, Number.NaN]) {
      expectSelectiveKdError(() => spectrogram(signal, { sampleRate, windowSize: 512 }), 'INVALID_OPTION', 'sampleRate');
    }
    expectSelectiveKdError(() => spectrogram(new Float32Array(0), { sampleRate: 8000 }), 'EMPTY_INPUT', 'empty signal');
    expectSelectiveKdError(() => spectrogram(untyped([0.1, 0.2]), { sampleRate: 8000 }), 'INVALID_INPUT', 'Float32Array');
  });
});

describe('noteFrames on bad notes', () => {
  const note = (fields: Partial<Note>): Note => ({ pitch: 60, start: 0, end: 0.5, channel: 0, velocity: 90, ...fields });

  it('refuses non-finite or backwards times and non-integer pitches, naming the note', () => {
    expectSelectiveKdError(() => noteFrames([note({ start: Number.NaN })], 10, 0.1), 'INVALID_INPUT', 'note 0', 'NaN');
    expectSelectiveKdError(() => noteFrames([note({}), note({ start: 1, end: 0.5 })], 10, 0.1), 'INVALID_INPUT', 'note 1', 'ends before it starts');
    expectSelectiveKdError(() => noteFrames([note({ end: Number.POSITIVE_INFINITY })], 10, 0.1), 'INVALID_INPUT', 'note 0');
    expectSelectiveKdError(() => noteFrames([note({ pitch: 60.5 })], 10, 0.1), 'LABEL_OUT_OF_RANGE', '60.5');
    expectSelectiveKdError(() => noteFrames([note({ pitch: 200 })], 10, 0.1), 'LABEL_OUT_OF_RANGE', '200');
    expectSelectiveKdError(() => noteFrames(untyped(null), 10, 0.1), 'INVALID_INPUT', 'notes');
  });
});

describe('noteFrameBatches on bad excerpts', () => {
  const excerpt = (fields: Partial<NoteFrameExcerpt> = {}): NoteFrameExcerpt => ({
    name: 'clip@0',
    frames: 4,
    context: 1,
    bins: 3,
    features: new Float32Array(6 * 3),
    labels: new Float32Array(4 * 88),
    valid: new Float32Array(4).fill(1),
    ...fields,
  });

  it('refuses excerpts whose arrays do not match their declared shape, naming the excerpt', () => {
    expectSelectiveKdError(() => noteFrameBatches([excerpt(), excerpt({ name: 'b@4', features: new Float32Array(5) })]), 'SHAPE_MISMATCH', "'b@4'", 'features');
    expectSelectiveKdError(() => noteFrameBatches([excerpt({ labels: new Float32Array(3) })]), 'SHAPE_MISMATCH', "'clip@0'", 'labels');
    expectSelectiveKdError(() => noteFrameBatches([excerpt({ valid: new Float32Array(0) })]), 'SHAPE_MISMATCH', "'clip@0'", 'valid');
    const nan = new Float32Array(18);
    nan[4] = Number.NaN;
    expectSelectiveKdError(() => noteFrameBatches([excerpt({ features: nan })]), 'INVALID_INPUT', "'clip@0'", 'not finite');
  });

  it('refuses an empty list and bad options; a good source leaves no tensor behind', async () => {
    expectSelectiveKdError(() => noteFrameBatches([]), 'EMPTY_DATASET', 'no excerpts');
    expectSelectiveKdError(() => noteFrameBatches([excerpt()], { batchSize: 0 }), 'INVALID_OPTION', 'batchSize');
    const source = noteFrameBatches([excerpt(), excerpt({ name: 'clip@4' })], { batchSize: 1 });
    await expectNoTensorLeak(() => {
      for (const batch of source()) tf.dispose([batch.inputs as tf.Tensor, batch.labels, batch.valid as tf.Tensor]);
    });
  });
});
