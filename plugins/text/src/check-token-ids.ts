import { SelectiveKdError } from '@selective-kd/core';
import type { TokenSequence } from './pad-token-batch.js';

/** Ids go into an int32 tensor: anything else would be silently truncated or wrapped there. */
export const MAX_TOKEN_ID = 2 ** 31 - 1;

/**
 * Checks that sequence `row` has an inputs list and that its input ids and
 * labels are whole numbers in int32 range, naming the first bad one.
 */
export function checkTokenIds(sequence: TokenSequence, row: number): void {
  if (!Array.isArray(sequence?.inputs) && !ArrayBuffer.isView(sequence?.inputs)) {
    throw new SelectiveKdError('INVALID_INPUT', `sequence ${row} has no inputs list; give { inputs: number[], labels?: number[] }`);
  }
  const { inputs, labels } = sequence;
  const badId = Array.prototype.findIndex.call(inputs, isNotId);
  if (badId >= 0) {
    throw new SelectiveKdError(
      'INVALID_INPUT',
      `sequence ${row} has input id ${shown(inputs[badId])} at position ${badId}; ids are whole numbers from 0 to ${MAX_TOKEN_ID}`,
    );
  }
  const badLabel = labels ? Array.prototype.findIndex.call(labels, isNotId) : -1;
  if (labels && badLabel >= 0) {
    throw new SelectiveKdError('LABEL_OUT_OF_RANGE', `sequence ${row} has label ${String(labels[badLabel])} at position ${badLabel}; labels are class ids, whole numbers ≥ 0`);
  }
}

function isNotId(value: unknown): boolean {
  return typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_TOKEN_ID;
}

/** A bad value as written in code: strings quoted, numbers (NaN included) as they print. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
