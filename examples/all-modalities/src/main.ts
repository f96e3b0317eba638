import type { BackendPreference } from '@selective-kd/core';
import { workerCount } from '@selective-kd/experiments';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { combinedTable, disagreements, type CombinedEntry } from './combined-table.js';
import { EXAMPLES, exampleDir } from './examples.js';
import { readFullRun } from './full-report.js';

const USAGE = `usage: node dist/main.js [--only pixel,text,audio] [--workers N] [--backend wasm|cpu|node|node-gpu]
  runs the quick mode of each example in turn (its one regime, shipped teachers) and prints one combined table,
  with how many of its differences have the sign the example's committed full run measured
  --workers: each example's student runs in parallel worker processes (default: one per core, here ${availableParallelism()}); 1 trains in this process`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      backend: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const wanted = values.only ? values.only.split(',') : EXAMPLES.map((e) => e.name);
  const unknown = wanted.filter((name) => !EXAMPLES.some((e) => e.name === name));
  if (unknown.length > 0) throw new Error(`--only: unknown example ${unknown.join(', ')}\n${USAGE}`);
  const workers = workerCount(values.workers, USAGE);

  const started = performance.now();
  const entries: CombinedEntry[] = [];
  const failures: string[] = [];
  for (const example of EXAMPLES.filter((e) => wanted.includes(e.name))) {
    const dir = exampleDir(example);
    console.log(`\n== ${example.name}: quick mode (${dir}) ==`);
    const exampleStarted = performance.now();
    try {
      const outcome = await example.run(
        { outDir: join(dir, 'results', 'quick'), cacheDir: join(dir, '.cache'), runsDir: join(dir, '.cache', 'runs', 'quick') },
        { backend: values.backend as BackendPreference | undefined, workers, log: (line) => console.log(`[${example.name}] ${line}`) },
      );
      console.log(`\n${outcome.report.markdown}\n[${example.name}] ${minutesSince(exampleStarted)} min`);
      entries.push({ quick: outcome.report, full: readFullRun(dir, example.report)?.report });
    } catch (error) {
      // One modality failing (say, no apt for its data, or a student run whose worker died) must not throw away the others' results.
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${example.name}: ${message}`);
      console.error(`[${example.name}] failed: ${message}`);
    }
  }

  console.log(`\n== all modalities, quick mode (${minutesSince(started)} min) ==\n`);
  console.log(combinedTable(entries));
  const differing = disagreements(entries);
  console.log(
    differing.length === 0
      ? "\nEvery compared difference (each distilling gate against each baseline) has the sign of the example's full run."
      : `\nDifferences whose sign is not the full run's:\n  ${differing.join('\n  ')}`,
  );
  console.log("Quick mode trains few seeds on one regime; each example's RESULTS.md has the full run: three regimes, five seeds, paired statistics.");
  if (failures.length > 0) {
    console.error(`\nfailed:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

function minutesSince(start: number): string {
  return ((performance.now() - start) / 60000).toFixed(1);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
