import type { Gate } from '@selective-kd/core';

/**
 * The fields of an example's configuration that the comparison protocol
 * reads; each example extends it with its data and model fields.
 */
export interface ProtocolConfig {
  mode: 'quick' | 'full';
  batchSize: number;
  studentEpochs: number;
  learningRate: number;
  /** Distillation temperature τ for every gate that distils. */
  temperature: number;
  /** One student per gate and seed; every gate starts from the same weights for a given seed. */
  seeds: readonly number[];
  gates: readonly Gate[];
}

/** The gates every example compares: ground truth only, vanilla, teacher-correct and selective distillation. */
export const COMPARED_GATES: readonly Gate[] = ['none', 'all', 'teacher-correct', 'loss-compare'];
