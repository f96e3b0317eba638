import { seededRandom, SelectiveKdError, type Batch, type Pass } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { PIANO_KEYS } from './read-midi.js';
import type { NoteFrameExcerpt } from './note-frame-excerpts.js';

export interface NoteFrameBatchOptions {
  /** Default 8. */
  batchSize?: number;
  /** Shuffle the order every epoch, reproducibly from the pass's seed and epoch. Default true. */
  shuffle?: boolean;
}

/**
 * Excerpts of one shape as a batch source for `SelectiveDistiller.fit`: a
 * function yielding fresh `{ inputs [B, frames+2·context, bins, 1],
 * labels [B, frames, 88], valid [B, frames], indices }` batches on every
 * pass; `indices` are the batch's positions in `excerpts`.
 */
export function noteFrameBatches(
  excerpts: readonly NoteFrameExcerpt[],
  { batchSize = 8, shuffle = true }: NoteFrameBatchOptions = {},
): (pass?: Pass) => Generator<Batch> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `batchSize must be a whole number ≥ 1; got ${batchSize}`);
  }
  if (excerpts.length === 0) throw new SelectiveKdError('EMPTY_DATASET', 'noteFrameBatches got no excerpts');
  const { frames, context, bins } = excerpts[0];
  const odd = excerpts.find((e) => e.frames !== frames || e.context !== context || e.bins !== bins);
  if (odd) {
    throw new SelectiveKdError(
      'SHAPE_MISMATCH',
      `excerpt '${odd.name}' has ${odd.frames} frames, context ${odd.context}, ${odd.bins} bins but '${excerpts[0].name}' has ${frames}, ${context}, ${bins}`,
    );
  }
  const rows = frames + 2 * context;
  // Checked now, naming the excerpt, rather than as a tensor-shape error on the pass that batches it.
  for (const e of excerpts) {
    const sizes = { features: rows * bins, labels: frames * PIANO_KEYS, valid: frames } as const;
    for (const [field, size] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
      if (!(e[field] instanceof Float32Array) || e[field].length !== size) {
        throw new SelectiveKdError('SHAPE_MISMATCH', `excerpt '${e.name}' has ${e[field]?.length ?? 'no'} ${field} values; its shape needs ${size}`);
      }
      if (!e[field].every(Number.isFinite)) throw new SelectiveKdError('INVALID_INPUT', `excerpt '${e.name}' has ${field} values that are not finite`);
    }
  }

  return function* ({ epoch, seed }: Pass = { epoch: 0, seed: 0 }) {
    const order = excerpts.map((_, i) => i);
    if (shuffle) {
      const random = seededRandom(seed * 1_000_003 + epoch);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
    }
    for (let start = 0; start < order.length; start += batchSize) {
      const indices = order.slice(start, start + batchSize);
      const chosen = indices.map((i) => excerpts[i]);
      const inputs = new Float32Array(chosen.length * rows * bins);
      const labels = new Float32Array(chosen.length * frames * PIANO_KEYS);
      const valid = new Float32Array(chosen.length * frames);
      chosen.forEach((e, k) => {
        inputs.set(e.features, k * rows * bins);
        labels.set(e.labels, k * frames * PIANO_KEYS);
        valid.set(e.valid, k * frames);
      });
      yield {
        inputs: tf.tensor4d(inputs, [chosen.length, rows, bins, 1]),
        labels: tf.tensor3d(labels, [chosen.length, frames, PIANO_KEYS]),
        valid: tf.tensor2d(valid, [chosen.length, frames]),
        indices,
      };
    }
  };
}
