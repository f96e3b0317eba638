import { SelectiveKdError } from '@selective-kd/core';
import fc from 'fast-check';
import { writeMidi, type MidiEvent } from 'midi-file';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from './decode-wav.js';
import { readMidi } from './read-midi.js';
import { readNoteFrameFolder } from './read-note-frame-folder.js';

// Random bytes, random truncations and random byte changes of real WAV and MIDI files (alone or as a
// pair in a folder) always give a SelectiveKdError, or (for a changed byte that keeps the file well-formed) a clip of finite samples —
// never another error type. fast-check with a fixed seed, so a failure reproduces.

const RUNS = { seed: 20261130, numRuns: 200 };

/** 0.25 s of stereo 16-bit PCM at 8 kHz with a LIST chunk before the data, as many tools write it. */
function wavFile(): Uint8Array {
  const frames = 2000;
  const list = new TextEncoder().encode('LIST\x0a\x00\x00\x00INFOabcdef');
  const bytes = new Uint8Array(12 + 24 + list.length + 8 + frames * 4);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => (bytes[offset + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 2, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 32000, true);
  view.setUint16(32, 4, true);
  view.setUint16(34, 16, true);
  bytes.set(list, 36);
  const data = 36 + list.length;
  ascii(data, 'data');
  view.setUint32(data + 4, frames * 4, true);
  for (let i = 0; i < frames; i++) {
    view.setInt16(data + 8 + 4 * i, Math.round(9000 * Math.sin(i / 5)), true);
    view.setInt16(data + 10 + 4 * i, Math.round(7000 * Math.sin(i / 7)), true);
  }
  return bytes;
}

/** Two tracks: a tempo map and a short melody with a drum. */
function midiFile(): Uint8Array {
  const melody: MidiEvent[] = [];
  for (const [i, pitch] of [60, 64, 67, 72].entries()) {
    melody.push({ deltaTime: i === 0 ? 0 : 24, type: 'noteOn', channel: 0, noteNumber: pitch, velocity: 80 });
    melody.push({ deltaTime: 48, type: 'noteOff', channel: 0, noteNumber: pitch, velocity: 0 });
  }
  melody.push({ deltaTime: 0, type: 'noteOn', channel: 9, noteNumber: 36, velocity: 100 });
  melody.push({ deltaTime: 0, meta: true, type: 'endOfTrack' });
  const tempo: MidiEvent[] = [
    { deltaTime: 0, meta: true, type: 'setTempo', microsecondsPerBeat: 400000 },
    { deltaTime: 0, meta: true, type: 'endOfTrack' },
  ];
  return Uint8Array.from(writeMidi({ header: { format: 1, numTracks: 2, ticksPerBeat: 96 }, tracks: [tempo, melody] }));
}

/** Runs `read`; passes when it returns or throws a SelectiveKdError, fails on any other error. */
function onlySelectiveKdErrors<T>(read: () => T, check: (value: T) => void = () => {}): void {
  let value: T;
  try {
    value = read();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(SelectiveKdError);
    return;
  }
  check(value);
}

const finiteSamples = (clip: { samples: Float32Array }) => expect(clip.samples.every(Number.isFinite)).toBe(true);

describe('decodeWav on random damage', () => {
  const wav = wavFile();

  it('the file the properties damage decodes', () => {
    expect(decodeWav(wav).samples.length).toBe(2000);
  });

  it('every truncation gives a SelectiveKdError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: wav.length - 1 }), (length) => {
        expect(() => decodeWav(wav.subarray(0, length), { name: 'cut.wav' })).toThrow(SelectiveKdError);
      }),
      RUNS,
    );
  });

  it('random bytes, bare or behind a RIFF/WAVE header, give a SelectiveKdError', () => {
    const header = wav.subarray(0, 12);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.boolean(), (bytes, withHeader) => {
        const file = withHeader ? Uint8Array.from([...header, ...bytes]) : bytes;
        onlySelectiveKdErrors(() => decodeWav(file, { name: 'noise.wav' }), finiteSamples);
      }),
      RUNS,
    );
  });

  it('a changed header byte gives a SelectiveKdError or a clip of finite samples', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const file = wav.slice();
        file[at] = value;
        onlySelectiveKdErrors(() => decodeWav(file, { name: 'changed.wav' }), finiteSamples);
      }),
      RUNS,
    );
  });
});

describe('readMidi on random damage', () => {
  const midi = midiFile();

  it('the file the properties damage reads', () => {
    expect(readMidi(midi).notes).toHaveLength(4);
  });

  it('every truncation gives a SelectiveKdError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: midi.length - 1 }), (length) => {
        expect(() => readMidi(midi.subarray(0, length), 'cut.mid')).toThrow(SelectiveKdError);
      }),
      RUNS,
    );
  });

  it('random bytes, bare or behind the MIDI header chunk, give a SelectiveKdError or finite notes', () => {
    const header = midi.subarray(0, 14);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.boolean(), (bytes, withHeader) => {
        const file = withHeader ? Uint8Array.from([...header, ...bytes]) : bytes;
        onlySelectiveKdErrors(
          () => readMidi(file, 'noise.mid'),
          (performance) => expect(performance.notes.every((n) => Number.isFinite(n.start) && Number.isFinite(n.end))).toBe(true),
        );
      }),
      RUNS,
    );
  });
});

describe('readNoteFrameFolder on random damage', () => {
  const [wav, midi] = [wavFile(), midiFile()];
  // Made when the tests run, not while vitest collects them.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skd-note-folder-prop-'));
  });

  it('the pair the properties damage reads', async () => {
    writeFileSync(join(dir, 'piece.wav'), wav);
    writeFileSync(join(dir, 'piece.mid'), midi);
    expect((await readNoteFrameFolder(dir))[0].performance.notes).toHaveLength(4);
  });

  it('a truncated WAV or MIDI file of a pair gives a SelectiveKdError naming that file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), async (cutWav, fraction) => {
        const [damaged, intact] = cutWav ? [wav, midi] : [midi, wav];
        const [damagedName, intactName] = cutWav ? ['piece.wav', 'piece.mid'] : ['piece.mid', 'piece.wav'];
        writeFileSync(join(dir, damagedName), damaged.subarray(0, Math.floor(fraction * damaged.length)));
        writeFileSync(join(dir, intactName), intact);
        await expect(readNoteFrameFolder(dir)).rejects.toThrow(SelectiveKdError);
        await expect(readNoteFrameFolder(dir)).rejects.toThrow(join(dir, damagedName));
      }),
      { ...RUNS, numRuns: 40 },
    );
  });
});
