import { SelectiveKdError } from '@selective-kd/core';
import { LOWEST_KEY, PIANO_KEYS, type Note } from './read-midi.js';

/**
 * Per-frame multi-label targets over the 88 piano keys, row-major
 * `[frames, 88]` (key 0 = A0). Frame t stands for the hop interval centred on
 * its spectrogram frame, [(t − ½)·hop, (t + ½)·hop); a key is on (1) when one
 * of its notes sounds during any part of that interval, so even a note
 * shorter than a hop is labelled in the frame it falls in.
 */
export function noteFrames(notes: readonly Note[], frames: number, hopSeconds: number): Float32Array {
  if (!Number.isInteger(frames) || frames < 0) throw new SelectiveKdError('INVALID_OPTION', `frames must be a whole number ≥ 0; got ${frames}`);
  if (!(hopSeconds > 0)) throw new SelectiveKdError('INVALID_OPTION', `hopSeconds must be positive; got ${hopSeconds}`);
  if (!Array.isArray(notes)) throw new SelectiveKdError('INVALID_INPUT', `noteFrames takes a list of notes; got ${notes === null ? 'null' : typeof notes}`);
  const roll = new Float32Array(frames * PIANO_KEYS);
  for (const [i, { pitch, start, end }] of notes.entries()) {
    if (!Number.isFinite(start) || !Number.isFinite(end)) throw new SelectiveKdError('INVALID_INPUT', `note ${i} starts at ${start} s and ends at ${end} s; times must be finite`);
    if (end < start) throw new SelectiveKdError('INVALID_INPUT', `note ${i} ends before it starts (${start} s to ${end} s)`);
    const key = pitch - LOWEST_KEY;
    if (!Number.isInteger(pitch) || key < 0 || key >= PIANO_KEYS) {
      throw new SelectiveKdError('LABEL_OUT_OF_RANGE', `note pitch ${pitch} is outside the piano's keys ${LOWEST_KEY}–${LOWEST_KEY + PIANO_KEYS - 1}`);
    }
    // First t with (t + ½)·hop > start, last t with (t − ½)·hop < end.
    const first = Math.max(0, Math.floor(inHops(start, hopSeconds) - 0.5) + 1);
    const last = Math.min(frames - 1, Math.ceil(inHops(end, hopSeconds) + 0.5) - 1);
    for (let t = first; t <= last; t++) roll[t * PIANO_KEYS + key] = 1;
  }
  return roll;
}

/** Seconds in hops, snapped to 1e-9 hop so a note ending exactly on a frame edge (0.35 / 0.1 = 3.4999…) stays out of the next frame. */
function inHops(seconds: number, hopSeconds: number): number {
  return Math.round((seconds / hopSeconds) * 1e9) / 1e9;
}
