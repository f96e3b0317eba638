import { expectNoTensorLeak, expectTensorClose, selectiveKdRejection, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import type { Batch, Pass } from './batch.js';
import type { StepLogs } from './distiller-callbacks.js';
import { SelectiveDistiller } from './selective-distiller.js';
import { TeacherWorker } from './teacher-worker.js';

const ITEMS = 5;
const FEATURES = 3;
const CLASSES = 4;

beforeAll(async () => {
  await initBackend('cpu');
});

/** An "augmenting" source: new random inputs every epoch (seeded by the epoch), 4 batches of 6. */
function augmented({ epoch }: Pass): Generator<Batch> {
  return (function* () {
    for (let b = 0; b < 4; b++) {
      yield tf.tidy(() => ({
        inputs: tf.randomNormal([6, ITEMS, FEATURES], 0, 1, 'float32', 100 * epoch + b + 1),
        labels: tf.randomUniform([6, ITEMS], 0, CLASSES, 'int32', 100 * epoch + b + 50),
      }));
    }
  })();
}

function denseModel(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) })],
  });
}

describe('TeacherWorker', () => {
  it('trains to the same losses and weights as the teacher run inline, without leaking tensors', async () => {
    const teacher = denseModel(5);
    const train = async (worker?: TeacherWorker) => {
      const losses: number[][] = [];
      const distiller = new SelectiveDistiller({ teacher, student: denseModel(1), modality: testModality(), optimizer: tf.train.adam(0.05) });
      const onStepEnd = (logs: StepLogs) => void losses.push([logs.loss, logs.distillLoss, logs.teacherBetterFraction]);
      await distiller.fit(worker ? worker.ahead(augmented) : augmented, { epochs: 2, progress: false, teacherOutputs: worker, callbacks: [{ onStepEnd }] });
      return { losses, weights: distiller.student.getWeights().map((w) => Array.from(w.dataSync())) };
    };
    const inline = await train();
    const worker = await TeacherWorker.start(teacher, { backend: 'cpu' });
    try {
      const ahead = await train(worker);
      expect(ahead.losses).toHaveLength(8);
      expectTensorClose(ahead.losses, inline.losses, { rtol: 0, atol: 1e-6 });
      ahead.weights.forEach((w, i) => expectTensorClose(w, inline.weights[i], { rtol: 0, atol: 1e-6 }));
      const distiller = new SelectiveDistiller({ teacher, student: denseModel(1), modality: testModality() });
      await expectNoTensorLeak(() => distiller.fit(worker.ahead(augmented), { progress: false, teacherOutputs: worker }), { steps: 2 });
      // A pass cut short disposes the batch it drew ahead.
      await expectNoTensorLeak(() => distiller.fit(worker.ahead(augmented), { progress: false, stepsPerEpoch: 2, teacherOutputs: worker }), { steps: 2 });
    } finally {
      await worker.terminate();
    }
  });

  it('fails the pass with a SelectiveKdError when the worker dies, and refuses batches it did not see', async () => {
    const worker = await TeacherWorker.start(denseModel(5), { backend: 'cpu' });
    const distiller = new SelectiveDistiller({ teacher: denseModel(5), student: denseModel(1), modality: testModality() });
    const stray = augmented({ epoch: 0, seed: 0 }).next().value as Batch;
    expect(() => worker.logitsFor(stray)).toThrow(/has no teacher logits from the worker/);
    tf.dispose([stray.inputs as tf.Tensor, stray.labels]);
    const before = tf.memory().numTensors;
    const dies = { onStepEnd: () => void (worker as unknown as { thread: { terminate(): unknown } }).thread.terminate() };
    const error = await selectiveKdRejection(distiller.fit(worker.ahead(augmented), { epochs: 2, progress: false, teacherOutputs: worker, callbacks: [dies] }));
    expect(error.message).toMatch(/the teacher worker stopped \(exit code \d+\)/);
    expect(tf.memory().numTensors - before).toBe(6); // the optimizer's 4 slots and 2 β powers, made by the first step; no batch left behind
    const again = await selectiveKdRejection(distiller.fit(worker.ahead(augmented), { progress: false, teacherOutputs: worker }));
    expect(again.message).toContain('the teacher worker stopped');
  });

  it('needs a tf.LayersModel teacher', async () => {
    const error = await selectiveKdRejection(TeacherWorker.start(((x: tf.Tensor) => x) as never));
    expect([error.code, error.message]).toEqual(['INVALID_MODEL', expect.stringContaining('needs a tf.LayersModel teacher')]);
  });
});
