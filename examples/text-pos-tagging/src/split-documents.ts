import { seededRandom } from '@selective-kd/core';
import type { BrownDocument } from './brown-corpus.js';

export interface DocumentSplit {
  train: BrownDocument[];
  dev: BrownDocument[];
  test: BrownDocument[];
}

/** The split's seed: fixed, so every run and mode draws from the same documents. */
export const SPLIT_SEED = 2012;

/**
 * Splits by document, never inside one, so no text's sentences are on both
 * sides: 80% train, 10% dev, 10% test, in an order shuffled once with
 * `SPLIT_SEED` (all genres mix).
 */
export function splitDocuments(documents: readonly BrownDocument[]): DocumentSplit {
  const order = [...documents];
  const random = seededRandom(SPLIT_SEED);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const tenth = Math.round(order.length / 10);
  return { dev: order.slice(0, tenth), test: order.slice(tenth, 2 * tenth), train: order.slice(2 * tenth) };
}
