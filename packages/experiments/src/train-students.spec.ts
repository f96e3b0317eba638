import { createSelectiveContainer, DistillerFactory, initBackend, MODALITY, type Batch } from '@selective-kd/core';
import { expectNoTensorLeak, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, it } from 'vitest';
import { evaluateTeacher } from './evaluate-teacher.js';
import { trainStudents, type StudentRun } from './train-students.js';

const [ITEMS, FEATURES, CLASSES] = [5, 3, 4];

beforeAll(async () => {
  await initBackend('wasm');
});

function model(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) })],
  });
}

/** Two batches of two rows, made afresh each pass; the distiller disposes them. */
function* batches(): Generator<Batch> {
  for (let i = 0; i < 2; i++) {
    yield {
      inputs: tf.randomNormal([2, ITEMS, FEATURES], 0, 1, 'float32', i + 1),
      labels: tf.tensor2d([0, 1, 2, 3, 0, 1, 2, 3, 0, 1], [2, ITEMS], 'int32'),
    };
  }
}

it('trains one student per gate and seed, seeds outermost, without leaking tensors', async () => {
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: testModality() });
  const distillers = container.resolve(DistillerFactory);
  const teacher = model(7);
  const config = { seeds: [1, 2], gates: ['none', 'all', 'loss-compare'] as const, studentEpochs: 2, learningRate: 1e-2, temperature: 2 };
  const built: number[] = [];
  const seen: StudentRun[] = [];
  const options = {
    distillers,
    modality: 'test-class-index',
    teacher,
    buildStudent: (seed: number) => (built.push(seed), model(seed)),
    train: batches,
    test: batches,
    config,
  };

  await expectNoTensorLeak(
    async () => {
      const runs = await trainStudents({ ...options, onRun: (r) => void seen.push(r) });
      expect(runs).toEqual(seen.splice(0));
    },
    { warmup: 1, steps: 2 },
  );
  expect(built).toEqual([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2]);

  const runs = await trainStudents(options);
  expect(runs.map((r) => `${r.gate}/${r.seed}`)).toEqual(['none/1', 'all/1', 'loss-compare/1', 'none/2', 'all/2', 'loss-compare/2']);
  expect(runs.map((r) => r.teacherBetterFraction).slice(0, 2)).toEqual([0, 1]);
  expect(Object.keys(runs[0].test)).toEqual(['accuracy']);

  const before = tf.memory().numTensors;
  const scored = await evaluateTeacher({ distillers, modality: 'test-class-index', teacher, batches });
  expect(scored.student.accuracy).toBeGreaterThanOrEqual(0);
  expect(tf.memory().numTensors).toBe(before);
  teacher.dispose();
});
