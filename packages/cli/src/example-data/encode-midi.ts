/** A note to write: MIDI pitch, start and end in ticks, velocity 1–127. */
export interface MidiNote {
  pitch: number;
  startTick: number;
  endTick: number;
  velocity: number;
}

/**
 * A type-0 standard MIDI file: one track on channel 0 with a tempo event,
 * the notes' note-on/note-off pairs, and an end-of-track at `endTick` (so the
 * file lasts as long as its recording). Written byte by byte — a few dozen
 * lines instead of a dependency the CLI would have to declare.
 */
export function encodeMidi(notes: MidiNote[], { ticksPerBeat, microsecondsPerBeat, endTick }: { ticksPerBeat: number; microsecondsPerBeat: number; endTick: number }): Uint8Array {
  // Offs before ons at the same tick, so a key struck again right after it ends is not cut by its own note-off.
  const events = notes
    .flatMap((n) => [
      { tick: n.startTick, order: 1, bytes: [0x90, n.pitch, n.velocity] },
      { tick: n.endTick, order: 0, bytes: [0x80, n.pitch, 0] },
    ])
    .sort((a, b) => a.tick - b.tick || a.order - b.order);
  const track: number[] = [0x00, 0xff, 0x51, 0x03, (microsecondsPerBeat >> 16) & 0xff, (microsecondsPerBeat >> 8) & 0xff, microsecondsPerBeat & 0xff];
  let tick = 0;
  for (const event of events) {
    track.push(...variableLength(event.tick - tick), ...event.bytes);
    tick = event.tick;
  }
  track.push(...variableLength(Math.max(0, endTick - tick)), 0xff, 0x2f, 0x00);
  const header = [...ascii('MThd'), ...uint32(6), 0, 0, 0, 1, (ticksPerBeat >> 8) & 0xff, ticksPerBeat & 0xff];
  return Uint8Array.from([...header, ...ascii('MTrk'), ...uint32(track.length), ...track]);
}

/** MIDI's variable-length quantity: 7 bits a byte, most significant first, the high bit set on all but the last. */
function variableLength(value: number): number[] {
  const out = [value & 0x7f];
  for (let v = value >>> 7; v > 0; v >>>= 7) out.unshift((v & 0x7f) | 0x80);
  return out;
}

function uint32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}
