import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

export interface LeakCheckOptions {
  /** Calls before counting, for tensors made once on first use (optimizer slots). Default 1. */
  warmup?: number;
  /** Calls counted. Default 5. */
  steps?: number;
}

/**
 * `tf.memory().numTensors` after each of `steps` calls of `step`, starting
 * from the count after the warm-up calls. A leak-free step gives a flat list.
 */
export async function tensorCountsAcross(
  step: () => unknown,
  { warmup = 1, steps = 5 }: LeakCheckOptions = {},
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await step();
  const counts = [tf.memory().numTensors];
  for (let i = 0; i < steps; i++) {
    await step();
    counts.push(tf.memory().numTensors);
  }
  return counts;
}

/** Fails when the number of live tensors changes across calls of `step` (sync or async). */
export async function expectNoTensorLeak(step: () => unknown, options?: LeakCheckOptions): Promise<void> {
  const counts = await tensorCountsAcross(step, options);
  expect(counts, `live tensors after each step: ${counts.join(', ')}`).toEqual(counts.map(() => counts[0]));
}
