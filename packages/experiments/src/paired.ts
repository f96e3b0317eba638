import { SelectiveKdError } from '@selective-kd/core';
import { stat } from './stat.js';
import { tQuantile975 } from './t-quantile.js';

/** Differences smaller than this count as ties (metrics are fractions; 1e-9 is far below any real effect). */
const TIE = 1e-9;

/** The per-seed differences a − b of two gates trained on the same seeds. */
export interface Paired {
  n: number;
  mean: number;
  /** Sample standard deviation of the differences; 0 for one seed. */
  std: number;
  /** Seeds where a beat b, tied with it (|d| < 1e-9) and lost to it. */
  wins: number;
  ties: number;
  losses: number;
  /** The 95% two-sided t-interval of the mean difference; (−∞, ∞) for one seed, which measures no spread. */
  interval: [number, number];
  /** Exact two-sided sign-test p-value over the seeds that did not tie (1 when all tie). */
  signTestP: number;
}

/** Pairs `a[i]` with `b[i]` (the same seed) and summarises the differences. */
export function paired(a: readonly number[], b: readonly number[]): Paired {
  if (a.length !== b.length) throw new SelectiveKdError('INVALID_OPTION', `paired: a has ${a.length} values and b ${b.length}; pair them by seed`);
  if (a.length === 0) throw new SelectiveKdError('INVALID_OPTION', 'paired: no values to pair');
  const d = a.map((x, i) => x - b[i]);
  const { mean, std } = stat(d);
  const n = d.length;
  const wins = d.filter((x) => x >= TIE).length;
  const losses = d.filter((x) => x <= -TIE).length;
  // One seed measures no spread: the interval is unbounded rather than a false point.
  const half = n > 1 ? (tQuantile975(n - 1) * std) / Math.sqrt(n) : Number.POSITIVE_INFINITY;
  return { n, mean, std, wins, ties: n - wins - losses, losses, interval: [mean - half, mean + half], signTestP: signTest(wins, losses) };
}

/** Two-sided exact binomial test of wins against losses at p = ½. */
function signTest(wins: number, losses: number): number {
  const n = wins + losses;
  let tail = 0;
  let choose = 1;
  for (let i = 0; i <= Math.min(wins, losses); i++) {
    tail += choose;
    choose = (choose * (n - i)) / (i + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** n);
}
