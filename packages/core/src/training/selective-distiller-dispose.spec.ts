import { selectiveKdErrorFrom, selectiveKdRejection, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import type { Batch } from './batch.js';
import { SelectiveDistiller } from './selective-distiller.js';

const ITEMS = 5;
const FEATURES = 3;
const CLASSES = 4;

beforeAll(async () => {
  await initBackend('cpu');
});

const batches = () =>
  (function* (): Generator<Batch> {
    for (let b = 1; b <= 2; b++) {
      yield tf.tidy(() => ({
        inputs: tf.randomNormal([6, ITEMS, FEATURES], 0, 1, 'float32', b),
        labels: tf.randomUniform([6, ITEMS], 0, CLASSES, 'int32', b + 50),
      }));
    }
  })();

function dense(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) })],
  });
}

describe('SelectiveDistiller.dispose', () => {
  it.each([
    ['the default Adam', undefined],
    ['a given optimizer', () => tf.train.adam(0.01)],
  ])("frees %s's variables: the tensor count falls back to before the first step", async (_, optimizer) => {
    const student = dense(1);
    const teacher = dense(5);
    const before = tf.memory().numTensors;
    const d = new SelectiveDistiller({ teacher, student, modality: testModality(), optimizer: optimizer?.() });
    await d.fit(batches, { progress: false });
    // Adam: a first and a second moment per weight (kernel, bias), and its β₁ and β₂ powers.
    expect(tf.memory().numTensors - before).toBe(2 * 2 + 2);
    d.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // Student and teacher stay the caller's.
    expect(student.getWeights()[0].isDisposed).toBe(false);
    expect((teacher.predict(tf.zeros([1, ITEMS, FEATURES])) as tf.Tensor).shape).toEqual([1, ITEMS, CLASSES]);
  });

  it('is idempotent, also on a distiller that never trained', () => {
    const d = new SelectiveDistiller({ student: dense(1), modality: testModality() });
    const before = tf.memory().numTensors;
    d.dispose();
    d.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('makes later fit, evaluate and optimizer throw DISPOSED', async () => {
    const d = new SelectiveDistiller({ student: dense(1), modality: testModality() });
    d.dispose();
    const fit = await selectiveKdRejection(d.fit(batches, { progress: false }));
    expect([fit.code, fit.message]).toEqual(['DISPOSED', 'fit was called on a SelectiveDistiller after its dispose(); make a new one']);
    const evaluate = await selectiveKdRejection(d.evaluate(batches));
    expect([evaluate.code, evaluate.message]).toEqual(['DISPOSED', 'evaluate was called on a SelectiveDistiller after its dispose(); make a new one']);
    expect(selectiveKdErrorFrom(() => d.optimizer).code).toBe('DISPOSED');
  });
});
