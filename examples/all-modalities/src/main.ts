import type { BackendPreference } from '@selective-kd/core';
import { workerCount, type ExperimentPaths, type Headline, type RunOptions } from '@selective-kd/experiments';
import * as audio from '@selective-kd/example-audio-note-frames';
import * as pixel from '@selective-kd/example-pixel-segmentation';
import * as text from '@selective-kd/example-text-pos-tagging';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { combinedTable } from './combined-table.js';

const USAGE = `usage: node dist/main.js [--only pixel,text,audio] [--workers N] [--backend wasm|cpu|node|node-gpu]
  runs the quick mode of each example in turn and prints one combined table
  --workers: each example's student runs in parallel worker processes (default: one per core, here ${availableParallelism()}); 1 trains in this process`;

/** The quick mode of one example, with its results and cache in the example's own folder. */
interface Example {
  name: 'pixel' | 'text' | 'audio';
  packageName: string;
  run: (paths: ExperimentPaths, options: RunOptions) => Promise<{ table: string; headline: Headline }>;
}

const EXAMPLES: Example[] = [
  {
    name: 'pixel',
    packageName: '@selective-kd/example-pixel-segmentation',
    run: (paths, options) => pixel.runExperiment(pixel.QUICK, paths, options),
  },
  {
    name: 'text',
    packageName: '@selective-kd/example-text-pos-tagging',
    run: (paths, options) => text.runExperiment(text.QUICK, paths, options),
  },
  {
    name: 'audio',
    packageName: '@selective-kd/example-audio-note-frames',
    run: (paths, options) => audio.runExperiment(audio.QUICK, paths, options),
  },
];

const require = createRequire(import.meta.url);

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
  const headlines: Headline[] = [];
  const failures: string[] = [];
  for (const example of EXAMPLES.filter((e) => wanted.includes(e.name))) {
    const dir = dirname(require.resolve(`${example.packageName}/package.json`));
    console.log(`\n== ${example.name}: quick mode (${dir}) ==`);
    const exampleStarted = performance.now();
    try {
      const outcome = await example.run(
        { outDir: join(dir, 'results', 'quick'), cacheDir: join(dir, '.cache') },
        { backend: values.backend as BackendPreference | undefined, workers, log: (line) => console.log(`[${example.name}] ${line}`) },
      );
      console.log(`\n${outcome.table}\n[${example.name}] ${minutesSince(exampleStarted)} min`);
      headlines.push(outcome.headline);
    } catch (error) {
      // One modality failing (say, no apt for its data, or a student run whose worker died) must not throw away the others' results.
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${example.name}: ${message}`);
      console.error(`[${example.name}] failed: ${message}`);
    }
  }

  console.log(`\n== all modalities, quick mode, one seed each (${minutesSince(started)} min) ==\n`);
  console.log(combinedTable(headlines));
  console.log('\nQuick mode trains one student per gate on one seed: read the gaps as a demo, not a result.');
  console.log("Each example's RESULTS.md has its full run over several seeds.");
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
