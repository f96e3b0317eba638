import type { BackendPreference } from '@selective-kd/core';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL, QUICK, type ExperimentConfig } from './experiment-config.js';
import { runExperiment } from './run-experiment.js';

const USAGE = `usage: node dist/main.js [--mode quick|full] [--seeds 0,1,2] [--backend wasm|cpu|node|node-gpu]
  quick (default): a few minutes on 2 cores, results in results/quick/
  full: the numbers in RESULTS.md`;

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: 'quick' },
      seeds: { type: 'string' },
      backend: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  if (values.mode !== 'quick' && values.mode !== 'full') throw new Error(`--mode must be quick or full\n${USAGE}`);
  const config: ExperimentConfig = {
    ...(values.mode === 'full' ? FULL : QUICK),
    ...(values.seeds ? { seeds: values.seeds.split(',').map(Number) } : {}),
  };
  const outDir = config.mode === 'full' ? exampleDir : join(exampleDir, 'results', 'quick');
  const outcome = await runExperiment(
    config,
    { outDir, cacheDir: join(exampleDir, '.cache') },
    { backend: values.backend as BackendPreference | undefined },
  );
  console.log(`\n${outcome.table}\n\n${outcome.verdict}\n\nwritten: ${outcome.resultsFile}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
