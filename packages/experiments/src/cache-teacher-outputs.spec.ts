import { createSelectiveContainer, DistillerFactory, initBackend, MODALITY, type Batch, type ModelInputs } from '@selective-kd/core';
import { expectNoTensorLeak, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheTeacherOutputs } from './cache-teacher-outputs.js';
import { runStudent } from './run-student.js';
import type { StudentContext } from './student-context.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const [ROWS, ITEMS, FEATURES, CLASSES] = [6, 5, 3, 4];
const CONFIG = { learningRate: 1e-2, maxEpochs: 3, patience: 1, monitor: 'accuracy' };
const JOB = { regime: 'strong', gate: 'loss-compare', seed: 1, settings: { temperature: 2 } } as const;

function model(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) })],
  });
}

/** Two batches of three rows, in a fixed order or reversed by the pass's epoch, with their row indices. */
function source(reorder: boolean) {
  return function* ({ epoch }: { epoch: number } = { epoch: 0 }): Generator<Batch> {
    const order = reorder && epoch % 2 === 1 ? [5, 4, 3, 2, 1, 0] : [0, 1, 2, 3, 4, 5];
    for (const indices of [order.slice(0, 3), order.slice(3)]) {
      yield {
        inputs: tf.tidy(() => tf.stack(indices.map((i) => tf.randomNormal([ITEMS, FEATURES], 0, 1, 'float32', i + 1)))),
        labels: tf.tidy(() => tf.stack(indices.map((i) => tf.randomUniform([ITEMS], 0, CLASSES, 'int32', i + 11)))),
        indices,
      };
    }
  };
}

function context(teacher: (inputs: ModelInputs) => tf.Tensor): StudentContext {
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: testModality() });
  return {
    regime: 'strong',
    distillers: container.resolve(DistillerFactory),
    modality: 'test-class-index',
    teacher,
    buildStudent: (seed) => model(seed + 1),
    train: source(true),
    dev: source(false),
    test: source(false),
    fingerprint: 'spec',
  };
}

describe('cacheTeacherOutputs', () => {
  it('gives a student run the numbers of running the teacher, without running it, and reads itself back from disk', async () => {
    const teacherModel = model(7);
    let calls = 0;
    const teacher = (inputs: ModelInputs) => {
      calls++;
      return teacherModel.predict(inputs) as tf.Tensor;
    };
    const plain = context(teacher);
    const expected = await runStudent(plain, JOB, CONFIG);

    const dir = join(mkdtempSync(join(tmpdir(), 'skd-teacher-outputs-')), 'quick');
    const lines: string[] = [];
    const outputs = await cacheTeacherOutputs(teacherModel, { train: source(false), dev: source(false), test: source(false), dir, log: (l) => void lines.push(l) });
    expect(lines[0]).toMatch(new RegExp(`^teacher outputs: ${ROWS} training, ${ROWS} dev and ${ROWS} test rows computed into ${dir} `));
    expect(outputs.dev).toBeDefined();

    calls = 0;
    const cached = await runStudent({ ...context(teacher), teacherOutputs: outputs }, JOB, CONFIG);
    expect(calls).toBe(0);
    expect(cached.run.test).toEqual(expected.run.test);
    expect(cached.run.dev).toEqual(expected.run.dev);
    expect(cached.run.epochs).toBe(expected.run.epochs);
    expect(cached.run.teacherBetterFraction).toBeCloseTo(expected.run.teacherBetterFraction, 12);

    await cacheTeacherOutputs(teacherModel, { train: source(false), dev: source(false), test: source(false), dir, log: (l) => void lines.push(l) });
    expect(lines[1]).toMatch(/ read from /);
    teacherModel.dispose();
  });

  it('leaves no tensors behind once a run over the cached outputs is done', async () => {
    const teacherModel = model(7);
    const outputs = await cacheTeacherOutputs(teacherModel, {
      train: source(false),
      test: source(false),
      dir: join(mkdtempSync(join(tmpdir(), 'skd-teacher-outputs-')), 'quick'),
      log: () => {},
    });
    const withCache = { ...context((inputs) => teacherModel.predict(inputs) as tf.Tensor), teacherOutputs: outputs };
    await runStudent(withCache, { ...JOB, gate: 'all' }, CONFIG);
    await expectNoTensorLeak(() => runStudent(withCache, { ...JOB, gate: 'all' }, CONFIG));
    teacherModel.dispose();
  });
});
