/** Two-sided 95% quantiles of Student's t, t(0.975; df) for df = 1…30 (scipy.stats.t.ppf). */
const T975 = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
  2.20098516, 2.178812830, 2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447,
  2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
];

/** Mean, sample standard deviation (n − 1; 0 for one value) and half-width of the 95% t-interval of the mean (0 for one value). */
export function sampleStatistics(values: readonly number[]): { n: number; mean: number; std: number; ci95: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, std, ci95: n > 1 ? tQuantile975(n - 1) * (std / Math.sqrt(n)) : 0 };
}

/** t(0.975; df): the table up to 30, beyond it the Cornish–Fisher expansion around z (error < 1e-5 there). */
export function tQuantile975(df: number): number {
  if (df <= T975.length) return T975[df - 1];
  const z = 1.959963985;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3);
}
