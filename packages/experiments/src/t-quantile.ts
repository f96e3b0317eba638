import { SelectiveKdError } from '@selective-kd/core';

/**
 * The 0.975 quantile of Student's t for 1..30 degrees of freedom, from
 * `scipy.stats.t.ppf(0.975, df)` (SciPy 1.17.1), rounded to 6 decimals; the
 * same values as the tables in any statistics text (e.g. NIST/SEMATECH
 * e-Handbook, section 1.3.6.7.2).
 */
const T975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139, 2.200985, 2.178813, 2.160369,
  2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529,
  2.051831, 2.048407, 2.04523, 2.042272,
];

/** The standard normal's 0.975 quantile. */
const Z975 = 1.959964;

/**
 * The two-sided 95% critical value of Student's t with `df` degrees of
 * freedom: the table above up to 30, beyond it the Cornish–Fisher expansion
 * in 1/df around the normal quantile (within 2e-6 of SciPy from df = 31 on).
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new SelectiveKdError('INVALID_OPTION', `df must be a positive integer, got ${df}`);
  if (df <= T975.length) return T975[df - 1];
  const z = Z975;
  return (
    z +
    (z ** 3 + z) / (4 * df) +
    (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) +
    (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3)
  );
}
