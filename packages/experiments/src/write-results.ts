import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ResultsFiles {
  outDir: string;
  mode: 'quick' | 'full';
  /** RESULTS.md's text. */
  markdown: string;
  /** What results-<mode>.json records: the config, the teacher's and every student's numbers. */
  json: unknown;
}

/** Writes RESULTS.md and results-<mode>.json (two-space JSON and a final newline); returns RESULTS.md's path. */
export function writeResults({ outDir, mode, markdown, json }: ResultsFiles): string {
  mkdirSync(outDir, { recursive: true });
  const resultsFile = join(outDir, 'RESULTS.md');
  writeFileSync(resultsFile, markdown);
  writeFileSync(join(outDir, `results-${mode}.json`), `${JSON.stringify(json, null, 2)}\n`);
  return resultsFile;
}
