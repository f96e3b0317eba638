import { SelectiveKdError, type SelectiveKdErrorCode } from '@selective-kd/core';
import { expect } from 'vitest';

/** The `SelectiveKdError` that `fn` throws; fails if it throws nothing or something else. */
export function selectiveKdErrorFrom(fn: () => unknown): SelectiveKdError {
  try {
    fn();
  } catch (error) {
    expect(error, 'a SelectiveKdError').toBeInstanceOf(SelectiveKdError);
    return error as SelectiveKdError;
  }
  throw new Error('expected a SelectiveKdError, but nothing was thrown');
}

/** The `SelectiveKdError` that `promise` rejects with; fails if it resolves or rejects with something else. */
export async function selectiveKdRejection(promise: Promise<unknown>): Promise<SelectiveKdError> {
  try {
    await promise;
  } catch (error) {
    expect(error, 'a SelectiveKdError').toBeInstanceOf(SelectiveKdError);
    return error as SelectiveKdError;
  }
  throw new Error('expected a SelectiveKdError, but the promise resolved');
}

/** Fails unless `fn` throws a `SelectiveKdError` of `code` whose message contains every one of `parts`. */
export function expectSelectiveKdError(fn: () => unknown, code: SelectiveKdErrorCode, ...parts: string[]): SelectiveKdError {
  const error = selectiveKdErrorFrom(fn);
  expect(error.code).toBe(code);
  for (const part of parts) expect(error.message).toContain(part);
  return error;
}
