// What other examples import: the experiment, its two configurations, its regimes and how its tables name things.
export { FULL, QUICK, type ExperimentConfig } from './experiment-config.js';
export { runExperiment, type ExperimentOutcome, type RunOptions } from './run-experiment.js';
export { AUDIO_REGIMES, REGIMES, type AudioRegime } from './regimes.js';
export { REPORT } from './report.js';
export type { ExperimentPaths } from '@selective-kd/experiments';
