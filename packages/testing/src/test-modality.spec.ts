import { initBackend } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll } from 'vitest';
import { pluginContractSuite } from './plugin-contract-suite.js';
import { testModality } from './test-modality.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// Batch 2 × 5 items × 4 classes; deterministic logits from fixed seeds.
const logits = (seed: number) => tf.randomNormal([2, 5, 4], 0, 2, 'float32', seed);

pluginContractSuite({
  create: () => testModality(),
  sampleInputs: () => ({
    student: logits(1),
    teacher: logits(2),
    labels: tf.tensor2d([[0, 1, 2, 3, 0], [3, 2, 1, 0, 1]], undefined, 'int32'),
    valid: tf.tensor2d([[1, 1, 1, 0, 1], [1, 0, 1, 1, 1]]),
  }),
  allInvalidInputs: () => ({
    student: logits(1),
    teacher: logits(2),
    labels: tf.zeros([2, 5], 'int32'),
    valid: tf.zeros([2, 5]),
  }),
});

pluginContractSuite({
  create: () => testModality({ ignoreLabel: 255 }),
  sampleInputs: () => ({
    student: logits(3),
    teacher: logits(4),
    labels: tf.tensor2d([[0, 255, 2, 3, 0], [3, 2, 255, 0, 1]], undefined, 'int32'),
  }),
  allInvalidInputs: () => ({
    student: logits(3),
    teacher: logits(4),
    labels: tf.fill([2, 5], 255, 'int32'),
  }),
});

pluginContractSuite({
  create: () => testModality({ target: 'multi-label' }),
  sampleInputs: () => ({
    student: logits(5),
    teacher: logits(6),
    labels: tf.cast(tf.greater(tf.randomUniform([2, 5, 4], 0, 1, 'float32', 9), 0.6), 'float32'),
    valid: tf.tensor2d([[1, 1, 0, 1, 1], [0, 1, 1, 1, 1]]),
  }),
  allInvalidInputs: () => ({
    student: logits(5),
    teacher: logits(6),
    labels: tf.zeros([2, 5, 4]),
    valid: tf.zeros([2, 5]),
  }),
});
