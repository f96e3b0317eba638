import { SelectiveKdError } from '@selective-kd/core';
import { PIANO_KEYS } from './read-midi.js';
import type { Spectrogram } from './spectrogram.js';

/** A clip's features with its note frames, as `noteFrameExcerpts` cuts it. */
export interface NoteFrameClip {
  name: string;
  spectrogram: Spectrogram;
  /** `[spectrogram.frames, 88]` 0/1 targets, from `noteFrames`. */
  roll: Float32Array;
}

/** A fixed-length stretch of a clip, the unit of a batch. */
export interface NoteFrameExcerpt {
  /** `<clip name>@<first frame>`. */
  name: string;
  /** `[frames + 2·context, bins]` features: the excerpt's frames and `context` neighbours on each side. */
  features: Float32Array;
  /** `[frames, 88]` targets. */
  labels: Float32Array;
  /** `[frames]`: 1 for frames inside the clip, 0 for padding past its end. */
  valid: Float32Array;
  frames: number;
  context: number;
  bins: number;
}

export interface NoteFrameExcerptOptions {
  /** Frames per excerpt. Default 64. */
  frames?: number;
  /** Neighbouring frames of context on each side, so a model sees around every frame it labels. Default 4. */
  context?: number;
}

/**
 * Cuts a clip into consecutive excerpts of `frames` frames, each with
 * `context` frames of the clip on either side (silence beyond the clip's
 * ends). The last excerpt is padded with invalid frames.
 */
export function noteFrameExcerpts(clip: NoteFrameClip, { frames = 64, context = 4 }: NoteFrameExcerptOptions = {}): NoteFrameExcerpt[] {
  if (!Number.isInteger(frames) || frames < 1) throw new SelectiveKdError('INVALID_OPTION', `frames must be a whole number ≥ 1; got ${frames}`);
  if (!Number.isInteger(context) || context < 0) throw new SelectiveKdError('INVALID_OPTION', `context must be a whole number ≥ 0; got ${context}`);
  const { spectrogram: spec, roll, name } = clip;
  if (roll.length !== spec.frames * PIANO_KEYS) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `${name}: the note frames hold ${roll.length / PIANO_KEYS} frames but the spectrogram ${spec.frames}`);
  }
  const { bins } = spec;
  const rows = frames + 2 * context;
  const excerpts: NoteFrameExcerpt[] = [];
  for (let start = 0; start < spec.frames; start += frames) {
    const features = new Float32Array(rows * bins).fill(spec.silence);
    for (let r = 0; r < rows; r++) {
      const t = start - context + r;
      if (t >= 0 && t < spec.frames) features.set(spec.values.subarray(t * bins, (t + 1) * bins), r * bins);
    }
    const inside = Math.min(frames, spec.frames - start);
    const labels = new Float32Array(frames * PIANO_KEYS);
    labels.set(roll.subarray(start * PIANO_KEYS, (start + inside) * PIANO_KEYS));
    const valid = new Float32Array(frames);
    valid.fill(1, 0, inside);
    excerpts.push({ name: `${name}@${start}`, features, labels, valid, frames, context, bins });
  }
  return excerpts;
}
