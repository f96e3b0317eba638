import type { Gate } from '@selective-kd/core';

/** Everything that decides a run's numbers; RESULTS.md records it. */
export interface ExperimentConfig {
  mode: 'quick' | 'full';
  /** Mosaics drawn from Fashion-MNIST's train split (training) and test split (evaluation). */
  trainMosaics: number;
  testMosaics: number;
  batchSize: number;
  teacherEpochs: number;
  studentEpochs: number;
  learningRate: number;
  /** Distillation temperature τ for every gate that distils. */
  temperature: number;
  /** One student per gate and seed; every gate starts from the same weights for a given seed. */
  seeds: number[];
  gates: Gate[];
  /** Test images drawn as panels. */
  panels: number;
}

const GATES: Gate[] = ['none', 'all', 'teacher-correct', 'loss-compare'];

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
  gates: GATES,
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
  gates: GATES,
  panels: 4,
};
