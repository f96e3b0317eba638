import { COMPARED_GATES, type ProtocolConfig } from '@selective-kd/experiments';

/** Everything that decides a run's numbers; RESULTS.md records it. */
export interface ExperimentConfig extends ProtocolConfig {
  /** Mosaics drawn from Fashion-MNIST's train split (training) and test split (evaluation). */
  trainMosaics: number;
  testMosaics: number;
  teacherEpochs: number;
  /** Test images drawn as panels. */
  panels: number;
}

/** A few minutes on 2 cores: what the README's main command runs. */
export const QUICK: ExperimentConfig = {
  mode: 'quick',
  trainMosaics: 800,
  testMosaics: 200,
  batchSize: 16,
  teacherEpochs: 4,
  studentEpochs: 2,
  learningRate: 3e-3,
  temperature: 2,
  seeds: [0],
  gates: COMPARED_GATES,
  panels: 3,
};

/** The numbers in RESULTS.md. */
export const FULL: ExperimentConfig = {
  mode: 'full',
  trainMosaics: 3000,
  testMosaics: 600,
  batchSize: 16,
  teacherEpochs: 6,
  studentEpochs: 2,
  learningRate: 3e-3,
  temperature: 2,
  seeds: [0, 1, 2],
  gates: COMPARED_GATES,
  panels: 4,
};
