import { SelectiveKdError } from '@selective-kd/core';
import { writeMidi } from 'midi-file';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNoteFrameFolder } from './read-note-frame-folder.js';

/** Mono 16-bit PCM: `seconds` of a 440 Hz tone at `rate`. */
function wav(seconds: number, rate = 8000): Uint8Array {
  const samples = Math.round(rate * seconds);
  const bytes = new Uint8Array(44 + 2 * samples);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => (bytes[offset + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, 2 * samples, true);
  for (let i = 0; i < samples; i++) view.setInt16(44 + 2 * i, Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true);
  return bytes;
}

/** A type-0 MIDI file at 480 ticks per beat and 120 BPM (a beat is 0.5 s) playing `pitches` one beat each. */
function midi(pitches: number[]): Uint8Array {
  const track = pitches.flatMap((noteNumber) => [
    { deltaTime: 0, type: 'noteOn' as const, channel: 0, noteNumber, velocity: 90 },
    { deltaTime: 480, type: 'noteOff' as const, channel: 0, noteNumber, velocity: 0 },
  ]);
  return Uint8Array.from(writeMidi({ header: { format: 0, numTracks: 1, ticksPerBeat: 480 }, tracks: [[...track, { deltaTime: 0, type: 'endOfTrack', meta: true }]] }));
}

function folder(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'skd-note-folder-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}

describe('readNoteFrameFolder', () => {
  it('pairs each recording with its MIDI file (.mid or .midi), sorted by name, ignoring other files', async () => {
    const dir = folder({
      'b.wav': wav(1),
      'b.midi': midi([60, 64]),
      'a.wav': wav(0.5),
      'a.mid': midi([67]),
      'README.txt': 'notes',
    });
    const pairs = await readNoteFrameFolder(dir);
    expect(pairs.map((p) => p.name)).toEqual(['a', 'b']);
    expect(pairs[0].clip.samples).toHaveLength(4000);
    expect(pairs[0].clip.sampleRate).toBe(8000);
    expect(pairs[0].performance.notes).toMatchObject([{ pitch: 67, start: 0, end: 0.5 }]);
    expect(pairs[1].performance.notes.map((n) => [n.pitch, n.start, n.end])).toEqual([
      [60, 0, 0.5],
      [64, 0.5, 1],
    ]);
  });

  it('resamples to the sample rate asked for', async () => {
    const [pair] = await readNoteFrameFolder(folder({ 'x.wav': wav(1), 'x.mid': midi([60]) }), { sampleRate: 16000 });
    expect(pair.clip.sampleRate).toBe(16000);
    expect(pair.clip.samples).toHaveLength(16000);
    expect(pair.clip.source.sampleRate).toBe(8000);
  });

  it('names both files of a broken pair', async () => {
    const lonelyWav = folder({ 'a.wav': wav(0.5), 'a.mid': midi([60]), 'b.wav': wav(0.5) });
    await expect(readNoteFrameFolder(lonelyWav)).rejects.toThrow(`${join(lonelyWav, 'b.wav')} has no MIDI file ${join(lonelyWav, 'b.mid')}`);
    const lonelyMidi = folder({ 'c.MID': midi([60]) });
    await expect(readNoteFrameFolder(lonelyMidi)).rejects.toThrow(`${join(lonelyMidi, 'c.MID')} has no recording ${join(lonelyMidi, 'c.wav')}`);
    const twice = folder({ 'd.wav': wav(0.5), 'd.mid': midi([60]), 'd.midi': midi([62]) });
    await expect(readNoteFrameFolder(twice)).rejects.toThrow(`${join(twice, 'd.mid')} and ${join(twice, 'd.midi')} both claim`);
  });

  it('refuses an empty or missing folder, and names a file that does not decode', async () => {
    const empty = folder({ 'notes.txt': 'nothing here' });
    await expect(readNoteFrameFolder(empty)).rejects.toMatchObject({ code: 'EMPTY_DATASET', message: `no <name>.wav + <name>.mid pairs in ${empty}` });
    const missing = join(empty, 'nope');
    await expect(readNoteFrameFolder(missing)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(readNoteFrameFolder(missing)).rejects.toThrow(`cannot read ${missing}`);
    const damaged = folder({ 'e.wav': wav(0.5).subarray(0, 30), 'e.mid': midi([60]) });
    await expect(readNoteFrameFolder(damaged)).rejects.toThrow(SelectiveKdError);
    await expect(readNoteFrameFolder(damaged)).rejects.toThrow(join(damaged, 'e.wav'));
    const notFolder = join(empty, 'notes.txt');
    await expect(readNoteFrameFolder(notFolder)).rejects.toThrow(`cannot read ${notFolder}`);
  });
});
