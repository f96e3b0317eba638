import { SelectiveKdError } from '@selective-kd/core';
import { parseMidi, type MidiData, type MidiEvent } from 'midi-file';

/** The 88 piano keys: MIDI notes 21 (A0) to 108 (C8). */
export const PIANO_KEYS = 88;
export const LOWEST_KEY = 21;

/** 0-based MIDI channel 9 (channel 10 to musicians): General MIDI percussion, unpitched. */
export const PERCUSSION_CHANNEL = 9;

/** One pitched note, in seconds from the start of the file. */
export interface Note {
  /** MIDI note number 21–108. */
  pitch: number;
  start: number;
  end: number;
  /** 0-based MIDI channel. */
  channel: number;
  velocity: number;
}

/** A channel event of the file (note, program, controller, pitch bend…) at its time in seconds, for a synthesiser. */
export interface TimedMidiEvent {
  seconds: number;
  event: MidiEvent;
}

/** What a standard MIDI file plays. */
export interface MidiPerformance {
  /** Pitched notes on the piano's 88 keys, sorted by start. */
  notes: Note[];
  /** Every channel event of every track, merged and sorted by time (percussion included). */
  events: TimedMidiEvent[];
  /** End of the last event, in seconds. */
  duration: number;
  /** Notes left out of `notes`: on the percussion channel (unpitched), and pitched notes outside the 88 keys. */
  skipped: { percussion: number; outsideKeys: number };
}

/**
 * Reads a standard MIDI file (format 0, 1 or 2) with the midi-file parser:
 * ticks become seconds through the tempo map (set-tempo events of any track,
 * 120 BPM before the first) or SMPTE timing. A note-on with velocity 0 is a
 * note-off; a note still sounding at the end of its track ends there; a key
 * struck again while it sounds on the same channel ends the earlier note.
 * Percussion (channel 10) is unpitched and gives no notes; neither do
 * pitches outside the piano's range. Both are counted in `skipped`.
 */
export function readMidi(bytes: Uint8Array, name = 'midi'): MidiPerformance {
  if (!(bytes instanceof Uint8Array)) {
    throw new SelectiveKdError('INVALID_INPUT', `${name}: readMidi takes the file's bytes as a Uint8Array (or Buffer); got ${bytes === null ? 'null' : typeof bytes}`);
  }
  checkChunks(bytes, name);
  let midi: MidiData;
  try {
    midi = parseMidi(bytes);
  } catch (error) {
    // midi-file throws plain strings as well as Errors.
    throw new SelectiveKdError('INVALID_INPUT', `${name}: not a standard MIDI file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const toSeconds = tickClock(midi, name);
  const events: TimedMidiEvent[] = [];
  const notes: Note[] = [];
  const skipped = { percussion: 0, outsideKeys: 0 };
  let duration = 0;

  for (const track of midi.tracks) {
    let tick = 0;
    const sounding = new Map<number, { start: number; velocity: number }>(); // channel·128 + pitch
    const end = (channel: number, pitch: number, seconds: number) => {
      const key = channel * 128 + pitch;
      const on = sounding.get(key);
      if (!on) return;
      sounding.delete(key);
      if (seconds > on.start) notes.push({ pitch, start: on.start, end: seconds, channel, velocity: on.velocity });
    };
    for (const event of track) {
      tick += event.deltaTime;
      const seconds = toSeconds(tick);
      duration = Math.max(duration, seconds);
      if (!('channel' in event) || ('meta' in event && event.meta)) continue;
      events.push({ seconds, event });
      if (event.type !== 'noteOn' && event.type !== 'noteOff') continue;
      const { channel, noteNumber: pitch } = event;
      end(channel, pitch, seconds);
      if (event.type === 'noteOff' || event.velocity === 0) continue;
      if (channel === PERCUSSION_CHANNEL) skipped.percussion++;
      else if (pitch < LOWEST_KEY || pitch >= LOWEST_KEY + PIANO_KEYS) skipped.outsideKeys++;
      else sounding.set(channel * 128 + pitch, { start: seconds, velocity: event.velocity });
    }
    for (const key of [...sounding.keys()]) end(Math.floor(key / 128), key % 128, toSeconds(tick));
  }
  if (notes.length === 0 && skipped.percussion === 0 && skipped.outsideKeys === 0) {
    throw new SelectiveKdError('EMPTY_INPUT', `${name}: the MIDI file plays no notes (${midi.tracks.length} track(s))`);
  }
  // A stable sort keeps events of one tick in file order (program change before the note it sets up).
  events.sort((a, b) => a.seconds - b.seconds);
  notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
  return { notes, events, duration, skipped };
}

/**
 * Checks the chunk structure midi-file takes on trust: it reads a cut file
 * on past its end (as undefined bytes) and returns made-up events. The
 * header chunk must be whole, and so must as many track chunks as it
 * announces.
 */
function checkChunks(bytes: Uint8Array, name: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const id = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  const invalid = (why: string) => new SelectiveKdError('INVALID_INPUT', `${name}: ${why}`);
  if (bytes.length < 14 || id(0) !== 'MThd') throw invalid('not a standard MIDI file: no MThd header chunk in its first 14 bytes');
  const headerLength = view.getUint32(4);
  if (headerLength < 6) throw invalid(`not a standard MIDI file: its header chunk is ${headerLength} bytes, not 6`);
  const tracks = view.getUint16(10);
  let offset = 8 + headerLength;
  for (let found = 0; found < tracks; ) {
    if (offset + 8 > bytes.length) throw invalid(`the file is truncated: the header announces ${tracks} track(s), ${found} found before the end`);
    const length = view.getUint32(offset + 4);
    if (offset + 8 + length > bytes.length) {
      throw invalid(`the file is truncated inside track ${found + 1} (${length} bytes declared, ${bytes.length - offset - 8} present)`);
    }
    if (id(offset) === 'MTrk') found++;
    offset += 8 + length;
  }
}

/** Ticks → seconds: SMPTE frames, or ticks per beat through the file's tempo map. */
function tickClock(midi: MidiData, name: string): (tick: number) => number {
  const { ticksPerBeat, framesPerSecond, ticksPerFrame } = midi.header;
  if (framesPerSecond && ticksPerFrame) return (tick) => tick / (framesPerSecond * ticksPerFrame);
  if (!ticksPerBeat) throw new SelectiveKdError('INVALID_INPUT', `${name}: the MIDI header gives neither ticks per beat nor SMPTE timing`);
  const changes: { tick: number; microsPerBeat: number }[] = [];
  for (const track of midi.tracks) {
    let tick = 0;
    for (const event of track) {
      tick += event.deltaTime;
      if (event.type === 'setTempo') changes.push({ tick, microsPerBeat: event.microsecondsPerBeat });
    }
  }
  changes.sort((a, b) => a.tick - b.tick);
  // Seconds at each tempo change, so a tick's time is one lookup and one multiplication.
  const segments = [{ tick: 0, seconds: 0, secondsPerTick: 0.5 / ticksPerBeat }];
  for (const change of changes) {
    const last = segments[segments.length - 1];
    const seconds = last.seconds + (change.tick - last.tick) * last.secondsPerTick;
    segments.push({ tick: change.tick, seconds, secondsPerTick: change.microsPerBeat / 1e6 / ticksPerBeat });
  }
  return (tick) => {
    let i = segments.length - 1;
    while (segments[i].tick > tick) i--;
    return segments[i].seconds + (tick - segments[i].tick) * segments[i].secondsPerTick;
  };
}
