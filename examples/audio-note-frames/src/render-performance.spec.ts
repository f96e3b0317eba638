import { readMidi, spectrogram } from '@selective-kd/audio';
import { writeMidi } from 'midi-file';
import { readFileSync } from 'node:fs';
import { BasicSoundBank, SoundBankLoader } from 'spessasynth_core';
import { describe, expect, it } from 'vitest';
import { listPieces, MIDI_DIR, missingOpenMsx, SOUNDFONTS, type SoundFontName } from './openmsx.js';
import { renderPerformance } from './render-performance.js';

// The real-data path, where the Debian packages are installed (.ci/run installs them as root; elsewhere
// these skip with the reason). The files are looked for inside each test, never while vitest collects.
/** Skips the running test, saying why, when the Debian data are not installed (vitest's default reporter does not show skip notes). */
function skipWithoutData(skip: (note: string) => never, soundFont: SoundFontName = 'timgm6mb'): void {
  const missing = missingOpenMsx([soundFont]);
  if (!missing) return;
  console.log(`skipped: ${missing}`);
  skip(missing);
}

describe.each(['timgm6mb', 'musescore'] as const)('renderPerformance through the %s SoundFont', (soundFont) => {
  const bank = async () => {
    await BasicSoundBank.isSF3DecoderReady; // MuseScore's SF3 samples are Ogg Vorbis
    const bytes = readFileSync(SOUNDFONTS[soundFont].file);
    return SoundBankLoader.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  };

  it('sounds a note exactly when its MIDI note-on says, at its pitch', async ({ skip }) => {
    skipWithoutData(skip, soundFont);
    // A4 (440 Hz) on a piano from 0.5 s to 1.0 s at 120 BPM, 96 ticks per beat.
    const midi = writeMidi({
      header: { format: 0, numTracks: 1, ticksPerBeat: 96 },
      tracks: [
        [
          { deltaTime: 0, type: 'programChange', channel: 0, programNumber: 0 },
          { deltaTime: 96, type: 'noteOn', channel: 0, noteNumber: 69, velocity: 100 },
          { deltaTime: 96, type: 'noteOff', channel: 0, noteNumber: 69, velocity: 0 },
          { deltaTime: 0, meta: true, type: 'endOfTrack' },
        ],
      ],
    });
    const performance = readMidi(Uint8Array.from(midi));
    const rate = 16000;
    const samples = renderPerformance(performance, await bank(), { sampleRate: rate, tail: 0.5 });
    expect(samples.length).toBe(1.5 * rate);
    const rms = (from: number, to: number) => Math.sqrt(samples.subarray(from * rate, to * rate).reduce((s, v) => s + v * v, 0) / ((to - from) * rate));
    expect(rms(0, 0.49)).toBe(0);
    expect(rms(0.5, 0.6)).toBeGreaterThan(0.01);
    const spec = spectrogram(samples, { sampleRate: rate, windowSize: 2048, hopSize: 512, scale: 'log-magnitude' });
    const frame = Array.from(spec.values.subarray(22 * spec.bins, 23 * spec.bins)); // 0.7 s
    expect(Math.abs((frame.indexOf(Math.max(...frame)) * rate) / 2048 - 440)).toBeLessThan(rate / 2048);
  });
});

describe('the openmsx pieces', () => {
  it('read: pitched notes labelled, percussion left out', ({ skip }) => {
    skipWithoutData(skip);
    const pieces = listPieces(MIDI_DIR);
    expect(pieces.length).toBe(31);
    const performance = readMidi(readFileSync(pieces[0]), pieces[0]);
    expect(performance.notes.length).toBeGreaterThan(100);
    expect(performance.skipped.percussion).toBeGreaterThan(0);
    expect(performance.notes.every((n) => n.channel !== 9)).toBe(true);
  });
});
