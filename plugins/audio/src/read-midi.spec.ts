import { writeMidi, type MidiData } from 'midi-file';
import { selectiveKdErrorFrom } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { readMidi } from './read-midi.js';

// 96 ticks per beat; 120 BPM (0.5 s per beat) until tick 192, then 240 BPM (0.25 s per beat).
const file: MidiData = {
  header: { format: 1, numTracks: 2, ticksPerBeat: 96 },
  tracks: [
    [
      { deltaTime: 0, meta: true, type: 'setTempo', microsecondsPerBeat: 500000 },
      { deltaTime: 192, meta: true, type: 'setTempo', microsecondsPerBeat: 250000 },
      { deltaTime: 0, meta: true, type: 'endOfTrack' },
    ],
    [
      { deltaTime: 0, type: 'programChange', channel: 0, programNumber: 40 },
      { deltaTime: 0, type: 'noteOn', channel: 0, noteNumber: 60, velocity: 100 }, // 0 s
      { deltaTime: 0, type: 'noteOn', channel: 9, noteNumber: 36, velocity: 90 }, // percussion
      { deltaTime: 0, type: 'noteOn', channel: 1, noteNumber: 10, velocity: 90 }, // below A0
      { deltaTime: 96, type: 'noteOff', channel: 0, noteNumber: 60, velocity: 0 }, // 0.5 s
      { deltaTime: 96, type: 'noteOn', channel: 2, noteNumber: 64, velocity: 80 }, // 1.0 s
      { deltaTime: 96, type: 'noteOn', channel: 2, noteNumber: 64, velocity: 0 }, // 1.25 s: velocity 0 ends it
      { deltaTime: 0, type: 'noteOn', channel: 3, noteNumber: 108, velocity: 70 }, // C8, never released
      { deltaTime: 192, meta: true, type: 'endOfTrack' }, // 1.75 s
    ],
  ],
};
const bytes = () => Uint8Array.from(writeMidi(file));

describe('readMidi', () => {
  it('turns ticks into seconds through the tempo map and pairs note-ons with note-offs', () => {
    const midi = readMidi(bytes());
    expect(midi.notes).toEqual([
      { pitch: 60, start: 0, end: 0.5, channel: 0, velocity: 100 },
      { pitch: 64, start: 1, end: 1.25, channel: 2, velocity: 80 },
      { pitch: 108, start: 1.25, end: 1.75, channel: 3, velocity: 70 },
    ]);
    expect(midi.duration).toBe(1.75);
  });

  it('leaves percussion and pitches outside the 88 keys unlabelled but keeps their events for a synthesiser', () => {
    const midi = readMidi(bytes());
    expect(midi.skipped).toEqual({ percussion: 1, outsideKeys: 1 });
    expect(midi.events.map((e) => [e.seconds, e.event.type])).toEqual([
      [0, 'programChange'],
      [0, 'noteOn'],
      [0, 'noteOn'],
      [0, 'noteOn'],
      [0.5, 'noteOff'],
      [1, 'noteOn'],
      [1.25, 'noteOff'], // midi-file reads a note-on of velocity 0 as the note-off it means
      [1.25, 'noteOn'],
    ]);
  });

  it('refuses a file that is not MIDI, and one without notes', () => {
    const refusal = (data: Uint8Array) => {
      const error = selectiveKdErrorFrom(() => readMidi(data, 'song.mid'));
      return [error.code, error.message];
    };
    const [code, message] = refusal(new TextEncoder().encode('RIFF....WAVEfmt '));
    expect(code).toBe('INVALID_INPUT');
    expect(message).toMatch(/^song\.mid: not a standard MIDI file: /);
    const silent = Uint8Array.from(writeMidi({ header: { format: 0, numTracks: 1, ticksPerBeat: 96 }, tracks: [[{ deltaTime: 0, meta: true, type: 'endOfTrack' }]] }));
    expect(refusal(silent)).toEqual(['EMPTY_INPUT', 'song.mid: the MIDI file plays no notes (1 track(s))']);
  });
});
