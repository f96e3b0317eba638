import { createSelectiveContainer, DistillerFactory, evaluateModel, initBackend, MODALITY } from '@selective-kd/core';
import { testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, it } from 'vitest';
import { evaluateTeacher } from './evaluate-teacher.js';

beforeAll(async () => {
  await initBackend('wasm');
});

it("scores the teacher alone, as evaluateModel scores a student, and leaves no tensors", async () => {
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: testModality() });
  const teacher = tfl.sequential({ layers: [tfl.layers.dense({ units: 4, inputShape: [5, 3], kernelInitializer: tfl.initializers.glorotUniform({ seed: 7 }) })] });
  const batches = function* () {
    yield { inputs: tf.randomNormal([2, 5, 3], 0, 1, 'float32', 1), labels: tf.tensor2d([0, 1, 2, 3, 0, 1, 2, 3, 0, 1], [2, 5], 'int32') };
  };
  const before = tf.memory().numTensors;
  const scored = await evaluateTeacher({ distillers: container.resolve(DistillerFactory), modality: 'test-class-index', teacher, batches });
  expect(tf.memory().numTensors).toBe(before);
  expect(scored).toEqual(await evaluateModel(teacher, batches, testModality()));
  expect(Object.keys(scored.metrics)).toEqual(['accuracy']);
  teacher.dispose();
});
