/**
 * Splits pieces by piece, never within one: every fifth piece in the given
 * order (indices 4, 9, 14, …) is a test piece, the rest train. With the 31
 * openmsx pieces in name order that is 25 training and 6 test pieces.
 */
export function splitPieces<T>(pieces: readonly T[]): { train: T[]; test: T[] } {
  return {
    train: pieces.filter((_, i) => i % 5 !== 4),
    test: pieces.filter((_, i) => i % 5 === 4),
  };
}
