// What other examples import: the experiment and its two configurations.
export { FULL, QUICK, type ExperimentConfig } from './experiment-config.js';
export { runExperiment, type ExperimentOutcome, type PixelRunOptions } from './run-experiment.js';
export { PIXEL_REGIMES, type PixelRegime } from './regimes.js';
export { REPORT } from './report.js';
export type { ExperimentPaths } from '@selective-kd/experiments';
