// What other examples import: the experiment, its two configurations and its regimes.
export { FULL, QUICK, type ExperimentConfig } from './experiment-config.js';
export { runExperiment, type ExperimentOutcome } from './run-experiment.js';
export { REGIMES, type Regime } from './regimes.js';
export { REPORT } from './report.js';
export type { ExperimentPaths } from '@selective-kd/experiments';
