/** A metric over seeds. */
export interface Stat {
  mean: number;
  /** Sample standard deviation; 0 for a single value, since one seed measures no spread. */
  std: number;
}

export function stat(values: readonly number[]): Stat {
  const m = mean(values);
  const variance = values.length > 1 ? values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1) : 0;
  return { mean: m, std: Math.sqrt(variance) };
}

/** The arithmetic mean; 0 for no values rather than NaN. */
export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}
