import { protocolReport, type ModalityReport, type ProtocolReport, type ProtocolResults } from '@selective-kd/experiments';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** An example's committed full run, as its results-full.json holds it. */
export interface FullRun {
  report: ProtocolReport;
  results: ProtocolResults;
  file: string;
}

/**
 * The full run's per-regime report, rebuilt from the records in
 * `exampleDir`/results-full.json with the example's own report settings;
 * undefined when the example has no full run of the regime protocol yet.
 */
export function readFullRun(exampleDir: string, report: ModalityReport): FullRun | undefined {
  const file = join(exampleDir, 'results-full.json');
  if (!existsSync(file)) return undefined;
  const results = JSON.parse(readFileSync(file, 'utf8')) as Partial<ProtocolResults>;
  // A results file written before the regime protocol has no per-regime teachers and no regime on its runs.
  if (!results.teachers || !Array.isArray(results.runs) || results.runs.some((run) => typeof run.regime !== 'string')) return undefined;
  return { report: protocolReport({ runs: results.runs }, results.teachers, report), results: results as ProtocolResults, file };
}
