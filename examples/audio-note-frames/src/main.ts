import { runCli } from '@selective-kd/experiments';
import { fileURLToPath } from 'node:url';
import { FULL, QUICK } from './experiment-config.js';
import { runExperiment } from './run-experiment.js';

await runCli({
  exampleDir: fileURLToPath(new URL('..', import.meta.url)),
  quick: QUICK,
  full: FULL,
  quickDuration: 'about 1.5 minutes',
  run: runExperiment,
});
