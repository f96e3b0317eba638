import { COMPARED_GATES, type ProtocolConfig } from '@selective-kd/experiments';

/** Everything that decides a run's numbers; RESULTS.md records it. */
export interface ExperimentConfig extends ProtocolConfig {
  /** How many of the train split's documents train the models (the split has 400). */
  trainDocuments: number;
  /** How many of the test split's documents the models are scored on (the split has 50). */
  testDocuments: number;
  /** Words and suffixes seen fewer times in training map to `<unk>`. */
  minFrequency: number;
  /** Tokens per row; longer sentences are split into windows. */
  length: number;
  teacherEpochs: number;
  /** Test sentences shown with their contrast masks (HTML page and terminal). */
  maskSentences: number;
}

/** About two minutes on 2 cores: what the README's main command runs. */
export const QUICK: ExperimentConfig = {
  mode: 'quick',
  trainDocuments: 80,
  testDocuments: 20,
  minFrequency: 2,
  length: 40,
  batchSize: 32,
  teacherEpochs: 2,
  studentEpochs: 1,
  learningRate: 5e-3,
  temperature: 2,
  seeds: [0],
  gates: COMPARED_GATES,
  maskSentences: 6,
};

/** The numbers in RESULTS.md. */
export const FULL: ExperimentConfig = {
  mode: 'full',
  trainDocuments: 400,
  testDocuments: 50,
  minFrequency: 2,
  length: 40,
  batchSize: 32,
  teacherEpochs: 2,
  studentEpochs: 1,
  learningRate: 5e-3,
  temperature: 2,
  seeds: [0, 1, 2],
  gates: COMPARED_GATES,
  maskSentences: 12,
};
