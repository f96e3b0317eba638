import { SelectiveKdError } from '@selective-kd/core';
import { tQuantile975 as tQuantile975OfTable } from '@selective-kd/plots';

/**
 * The two-sided 95% critical value of Student's t with `df` degrees of
 * freedom: SciPy's values up to 30, the Cornish–Fisher expansion beyond (the
 * one table @selective-kd/plots also draws its intervals with), after
 * refusing a `df` that is not a positive integer.
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new SelectiveKdError('INVALID_OPTION', `df must be a positive integer, got ${df}`);
  return tQuantile975OfTable(df);
}
