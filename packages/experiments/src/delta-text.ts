import type { Paired } from './paired.js';

/**
 * A paired difference of fractions in points (×100) as the tables print it:
 * `+0.42 ± 0.10 (5/0/0) [0.30, 0.54]` — mean ± std, wins/ties/losses, 95% interval.
 */
export function deltaText(p: Paired): string {
  const [lo, hi] = p.interval;
  const interval = Number.isFinite(lo) && Number.isFinite(hi) ? `[${points(lo)}, ${points(hi)}]` : '[no interval from one seed]';
  return `${signed(p.mean)} ± ${points(p.std)} (${p.wins}/${p.ties}/${p.losses}) ${interval}`;
}

/** How a paired difference reads: it counts only when its 95% interval excludes 0. */
export function deltaOutcome(p: Paired): 'win' | 'tie' | 'loss' {
  if (p.interval[0] > 0) return 'win';
  if (p.interval[1] < 0) return 'loss';
  return 'tie';
}

/** A fraction in points with a sign: 0.0042 → '+0.42'; what rounds to zero is '+0.00'. */
export function signed(fraction: number): string {
  const text = points(fraction);
  return text.startsWith('-') ? text : `+${text}`;
}

function points(fraction: number): string {
  // −0.00 reads as a loss that is not there.
  const value = 100 * fraction;
  return (Math.abs(value) < 0.005 ? 0 : value).toFixed(2);
}
