import { seededRandom, SelectiveKdError, type Batch, type Pass } from '@selective-kd/core';
import { checkTokenIds } from './check-token-ids.js';
import { padTokenBatch, type TokenSequence } from './pad-token-batch.js';
import { splitIntoWindows } from './split-into-windows.js';

export interface TokenBatchOptions {
  /** Tokens per row. Longer sequences are split into windows of this length. */
  length: number;
  /** Rows per batch. Default 32. */
  batchSize?: number;
  /** Ids per token in each sequence's `inputs`. Default 1. */
  featuresPerToken?: number;
  /** Shuffle the rows every epoch, reproducibly from the pass's seed and epoch. Default true. */
  shuffle?: boolean;
}

/**
 * Sequences as a batch source for `SelectiveDistiller.fit`/`evaluate`: a
 * function that yields fresh `{ inputs, labels, valid }` batches (see
 * `padTokenBatch`) on every pass. Sequences longer than `length` become
 * several rows, one per window, so no token is dropped. A batch's `indices`
 * number these rows (windows in sequence order, each sequence's windows
 * in turn), not the sequences.
 */
export function tokenBatches(
  sequences: readonly TokenSequence[],
  { length, batchSize = 32, featuresPerToken = 1, shuffle = true }: TokenBatchOptions,
): (pass?: Pass) => Generator<Batch> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `batchSize must be a whole number ≥ 1; got ${batchSize}`);
  }
  if (!Number.isInteger(length) || length < 1) throw new SelectiveKdError('INVALID_OPTION', `length must be a whole number ≥ 1; got ${length}`);
  if (!Number.isInteger(featuresPerToken) || featuresPerToken < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `featuresPerToken must be a whole number ≥ 1; got ${featuresPerToken}`);
  }
  if (sequences.length === 0) throw new SelectiveKdError('EMPTY_DATASET', 'tokenBatches got no sequences');
  // Checked now rather than on the pass that would batch them, which may be epochs into training.
  sequences.forEach(checkTokenIds);
  const rows = sequences.flatMap((sequence, i) => windowsOf(sequence, i, length, featuresPerToken));
  return function* ({ epoch, seed }: Pass = { epoch: 0, seed: 0 }) {
    const order = rows.map((_, i) => i);
    if (shuffle) shuffleInPlace(order, seed * 1_000_003 + epoch);
    for (let start = 0; start < order.length; start += batchSize) {
      const indices = order.slice(start, start + batchSize);
      yield {
        ...padTokenBatch(
          indices.map((i) => rows[i]),
          { length, featuresPerToken },
        ),
        indices,
      };
    }
  };
}

/** The sequence cut into rows of at most `length` tokens. */
function windowsOf(sequence: TokenSequence, index: number, length: number, features: number): TokenSequence[] {
  const tokens = sequence.inputs.length / features;
  if (sequence.labels && sequence.labels.length !== tokens) {
    throw new SelectiveKdError(
      'SHAPE_MISMATCH',
      `sequence ${index} has ${tokens} tokens of inputs (${sequence.inputs.length} ids, ${features} per token) but ${sequence.labels.length} labels; give one label per token`,
    );
  }
  if (tokens <= length) return [sequence];
  const labelWindows = sequence.labels ? splitIntoWindows(sequence.labels, length) : [];
  return splitIntoWindows(sequence.inputs, length * features).map((window, i) => ({
    inputs: window.items,
    ...(sequence.labels ? { labels: labelWindows[i]?.items ?? [] } : {}),
  }));
}

/** Fisher–Yates with a seeded generator, so an order can be replayed. */
function shuffleInPlace(items: number[], seed: number): void {
  const random = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
