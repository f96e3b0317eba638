import { SelectiveKdError } from '@selective-kd/core';

/** Pieces by split: a piece lies wholly in one split, never across two. */
export interface PieceSplits<T> {
  /** The teachers' training pieces; the students' labelled subset is drawn from them. */
  train: T[];
  /** The students' dev pieces: early stopping and tuning. */
  dev: T[];
  test: T[];
}

/**
 * Splits pieces by piece in the given order: indices 4, 9, 14, … test,
 * indices 2, 7, 12, … dev, the rest train. With the 31 openmsx pieces in name
 * order that is 19 training, 6 dev and 6 test pieces; the test pieces are the
 * ones the earlier two-way split used.
 */
export function splitPieces<T>(pieces: readonly T[]): PieceSplits<T> {
  return {
    train: pieces.filter((_, i) => i % 5 !== 4 && i % 5 !== 2),
    dev: pieces.filter((_, i) => i % 5 === 2),
    test: pieces.filter((_, i) => i % 5 === 4),
  };
}

/**
 * The students' labelled subset of the training pieces: every `every`-th
 * piece (indices 0, every, 2·every, …), whole pieces, so the subset is a few
 * labelled recordings rather than snippets of all of them.
 */
export function labelledSubset<T>(train: readonly T[], every: number): T[] {
  if (!Number.isInteger(every) || every < 1) throw new SelectiveKdError('INVALID_OPTION', `labelledEvery must be a whole number ≥ 1; got ${every}`);
  return train.filter((_, i) => i % every === 0);
}
