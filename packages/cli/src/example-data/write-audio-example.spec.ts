import { seededRandom } from '@selective-kd/core';
import { readNoteFrameFolder } from '@selective-kd/audio';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_SPLITS } from './example-splits.js';
import { makeAudioExample, writeAudioExample, type AudioExampleNote } from './write-audio-example.js';

/** Power of `samples[from, from + length)` at `hz` (Goertzel: one DFT bin at any frequency). */
function powerAt(samples: Float32Array, from: number, length: number, hz: number, rate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let [s1, s2] = [0, 0];
  for (let i = from; i < from + length; i++) [s1, s2] = [samples[i] + coefficient * s1 - s2, s1];
  return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
}

describe('the audio walk-through data', () => {
  it('reads back through readNoteFrameFolder: 4 s at 16 kHz, and the MIDI notes are the notes synthesised', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skd-audio-example-'));
    const written = await writeAudioExample(dir, seededRandom(3));
    const made = makeAudioExample(seededRandom(3));
    expect(written).toEqual({ train: 6, dev: 2, test: 2, notes: EXAMPLE_SPLITS.reduce((n, s) => n + made[s].reduce((m, c) => m + c.notes.length, 0), 0) });
    for (const split of EXAMPLE_SPLITS) {
      const pairs = await readNoteFrameFolder(join(dir, split));
      expect(pairs.map((p) => p.name)).toEqual(made[split].map((c) => c.name));
      pairs.forEach(({ clip, performance }, i) => {
        expect(clip.source).toEqual({ sampleRate: 16000, channels: 1, bitDepth: 16, format: '16-bit PCM' });
        expect(clip.samples).toHaveLength(64000);
        // 16-bit quantisation: within half a step of the synthesised samples.
        const synthesised = made[split][i].samples;
        expect(clip.samples.reduce((worst, v, s) => Math.max(worst, Math.abs(v - synthesised[s])), 0)).toBeLessThan(0.5 / 32767);
        expect(performance.duration).toBeCloseTo(4, 9);
        const expected = [...made[split][i].notes].sort((a, b) => a.start - b.start || a.pitch - b.pitch);
        const read = [...performance.notes].sort((a, b) => a.start - b.start || a.pitch - b.pitch);
        expect(read).toHaveLength(expected.length);
        read.forEach((note, n) => {
          expect(note.pitch).toBe(expected[n].pitch);
          expect(note.velocity).toBe(expected[n].velocity);
          expect(note.start).toBeCloseTo(expected[n].start, 9);
          expect(note.end).toBeCloseTo(expected[n].end, 9);
        });
      });
    }
  });

  it('sounds each note at its pitch: where it plays alone, its fundamental outweighs the semitones either side', () => {
    const rate = 16000;
    let checked = 0;
    const made = makeAudioExample(seededRandom(0));
    for (const clip of EXAMPLE_SPLITS.flatMap((split) => made[split])) {
      for (const note of clip.notes) {
        const [from, to] = [note.start + 0.02, Math.min(note.end, note.start + 0.2)];
        const alone = (other: AudioExampleNote) => other === note || other.end + 0.03 <= from || other.start >= to;
        if (to - from < 0.1 || !clip.notes.every(alone)) continue;
        const hz = 440 * 2 ** ((note.pitch - 69) / 12);
        const power = (f: number) => powerAt(clip.samples, Math.round(from * rate), Math.round((to - from) * rate), f, rate);
        expect(power(hz)).toBeGreaterThan(10 * power(hz * 2 ** (1 / 12)));
        expect(power(hz)).toBeGreaterThan(10 * power(hz / 2 ** (1 / 12)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("golden values of writeExampleData's seed 0: notes per clip, largest sample, first notes", () => {
    // writeExampleData seeds the audio set with 0xdaa66d2b (3 · 0x9e3779b9 mod 2³²) for its seed 0; the numbers come
    // from python3 (wave + numpy, its own MIDI walk) over the files that call wrote.
    const made = makeAudioExample(seededRandom(0xdaa66d2b));
    expect(EXAMPLE_SPLITS.map((split) => made[split].map((c) => c.notes.length))).toEqual([[11, 8, 9, 10, 8, 14], [9, 11], [10, 10]]);
    // The largest 16-bit sample of each training clip (positive samples are written ×32767).
    const peak = (samples: Float32Array) => Math.round(32767 * samples.reduce((m, v) => Math.max(m, v), 0));
    expect(made.train.map((c) => peak(c.samples))).toEqual([15520, 15818, 15129, 12766, 10665, 22512]);
    const first = [...made.train[0].notes].sort((a, b) => a.start - b.start || a.pitch - b.pitch).slice(0, 3);
    expect(first.map((n) => [n.pitch, n.start, n.end])).toEqual([
      [63, 0.2, 0.75],
      [72, 0.2, 0.9],
      [61, 0.7, 1.5],
    ]);
  });
});
