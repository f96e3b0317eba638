import type { ModalityReport } from './modality-report.js';
import type { GateSummary } from './summarize.js';

/**
 * Whether selective distillation beat vanilla distillation and, once there
 * are seeds enough to measure a spread, training on the ground truth alone,
 * by how much of the main metric. Empty when either gate was not trained.
 */
export function verdict<Metric extends string>(
  rows: readonly GateSummary<Metric>[],
  { columns, points }: Pick<ModalityReport<Metric>, 'columns' | 'points'>,
): string {
  const selective = rows.find((r) => r.gate === 'loss-compare');
  const vanilla = rows.find((r) => r.gate === 'all');
  const baseline = rows.find((r) => r.gate === 'none');
  if (!selective || !vanilla) return '';
  const compare = (other: GateSummary<Metric>, name: string) => comparison(selective, other, name, columns[0].metric, points);
  const sentences = [compare(vanilla, 'vanilla distillation')];
  if (baseline && selective.runs >= 2) sentences.push(compare(baseline, 'training on the ground truth alone'));
  return sentences.join(' ');
}

function comparison<Metric extends string>(
  selective: GateSummary<Metric>,
  other: GateSummary<Metric>,
  name: string,
  metric: Metric,
  points: string,
): string {
  const gap = 100 * (selective[metric].mean - other[metric].mean);
  const noise = 100 * Math.max(selective[metric].std, other[metric].std);
  const signed = `${gap >= 0 ? '+' : ''}${gap.toFixed(2)} ${points}`;
  if (selective.runs < 2) {
    return `One seed only, so no spread was measured: selective − ${name} = ${signed}; run more seeds before reading anything into it.`;
  }
  const size = `${signed} over ${selective.runs} seeds (largest std ${noise.toFixed(2)})`;
  if (gap > noise) return `Selective distillation beat ${name}: ${size}.`;
  if (gap < -noise) return `Selective distillation did worse than ${name}: ${size}.`;
  return `Selective distillation and ${name} are within noise of each other: ${size}.`;
}
