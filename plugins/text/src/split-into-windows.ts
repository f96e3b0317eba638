import { SelectiveKdError } from '@selective-kd/core';

/** One window of a longer sequence: `items` are the sequence's `[offset, offset + items.length)`. */
export interface Window<T> {
  offset: number;
  items: T[];
}

/**
 * Splits a sequence longer than `length` into consecutive windows of at most
 * `length` items (every item in exactly one window), so a long text is tagged
 * in pieces instead of being cut at the padded length.
 */
export function splitIntoWindows<T>(items: readonly T[], length: number): Window<T>[] {
  if (!Array.isArray(items) && !ArrayBuffer.isView(items)) {
    throw new SelectiveKdError('INVALID_INPUT', `splitIntoWindows: the items are not a list but ${items === null ? 'null' : typeof items}`);
  }
  if (!Number.isInteger(length) || length < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `window length must be a whole number ≥ 1; got ${length}`);
  }
  const windows: Window<T>[] = [];
  for (let offset = 0; offset < items.length; offset += length) {
    windows.push({ offset, items: items.slice(offset, offset + length) });
  }
  return windows;
}
