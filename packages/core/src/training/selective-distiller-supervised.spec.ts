import { expectNoTensorLeak, selectiveKdErrorFrom, selectiveKdRejection, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import type { Gate } from '../selective-options.js';
import type { Batch } from './batch.js';
import type { StepLogs, TrainBeginInfo } from './distiller-callbacks.js';
import { SelectiveDistiller } from './selective-distiller.js';
import { TeacherOutputCache } from './teacher-output-cache.js';

// Supervised training: a SelectiveDistiller without a teacher trains on the ground truth alone.
// A toy task: 6 items of 5 features, 4 classes, the truth argmax(x·W); the first item of every sample is padding.
const ITEMS = 6;
const FEATURES = 5;
const CLASSES = 4;
const BATCH = 8;

let truth: tf.Tensor2D;

beforeAll(async () => {
  await initBackend('cpu');
  truth = tf.keep(tf.randomNormal([FEATURES, CLASSES], 0, 1, 'float32', 11));
});

function batch(seed: number): Batch {
  return tf.tidy(() => {
    const inputs = tf.randomNormal([BATCH, ITEMS, FEATURES], 0, 1, 'float32', seed);
    const labels = tf.cast(tf.argMax(tf.matMul(tf.reshape(inputs, [-1, FEATURES]), truth), -1), 'int32');
    const valid = tf.concat([tf.zeros([BATCH, 1]), tf.ones([BATCH, ITEMS - 1])], 1);
    return { inputs, labels: tf.reshape(labels, [BATCH, ITEMS]), valid, indices: Array.from({ length: BATCH }, (_, b) => b + BATCH * (seed - 100)) };
  });
}

const batches = (count: number, firstSeed = 100) =>
  function* () {
    for (let i = 0; i < count; i++) yield batch(firstSeed + i);
  };

function student(name = 'student'): tfl.LayersModel {
  return tfl.sequential({
    name,
    layers: [
      tfl.layers.dense({ units: 8, inputShape: [ITEMS, FEATURES], activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: CLASSES, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

const weightsOf = (model: tfl.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('SelectiveDistiller without a teacher', () => {
  it("trains exactly as gate 'none' with a zeros teacher did (the old workaround): same losses, same weights", async () => {
    const run = async (withZerosTeacher: boolean) => {
      const model = student();
      const losses: number[] = [];
      const d = new SelectiveDistiller({
        student: model,
        modality: testModality(),
        optimizer: tf.train.adam(0.05),
        ...(withZerosTeacher ? { teacher: (x: tf.Tensor | tf.Tensor[]) => tf.zeros([(x as tf.Tensor).shape[0], ITEMS, CLASSES]), options: { gate: 'none' as const } } : {}),
      });
      await d.fit(batches(3), { epochs: 2, progress: false, callbacks: [{ onStepEnd: (s) => void losses.push(s.loss) }] });
      d.dispose();
      return { losses, weights: weightsOf(model) };
    };
    const supervised = await run(false);
    const workaround = await run(true);
    expect(supervised.losses).toHaveLength(6);
    expect(supervised.losses).toEqual(workaround.losses);
    expect(supervised.weights).toEqual(workaround.weights);
    // Training moved the weights and the loss fell.
    expect(supervised.weights).not.toEqual(weightsOf(student()));
    expect(supervised.losses[5]).toBeLessThan(supervised.losses[0]);
  });

  it('matches a hand-written ground-truth loop: Σ v·CE / Σ v and Adam, to float32 round-off', async () => {
    const model = student();
    const reference = student();
    const losses: number[] = [];
    const d = new SelectiveDistiller({ student: model, modality: testModality(), optimizer: tf.train.adam(0.05) });
    await d.fit(batches(3), { progress: false, callbacks: [{ onStepEnd: (s) => void losses.push(s.loss) }] });
    d.dispose();

    const optimizer = tf.train.adam(0.05);
    const expected: number[] = [];
    for (const b of batches(3)()) {
      const cost = optimizer.minimize(() => {
        const logits = reference.apply(b.inputs, { training: true }) as tf.Tensor;
        const ce = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(b.labels as tf.Tensor2D, CLASSES)), -1));
        return tf.div(tf.sum(tf.mul(ce, b.valid!)), tf.sum(b.valid!)) as tf.Scalar;
      }, true)!;
      expected.push(cost.dataSync()[0]);
      tf.dispose([cost, b as unknown as tf.TensorContainer]);
    }
    optimizer.dispose();
    losses.forEach((loss, i) => expect(loss).toBeCloseTo(expected[i], 5));
    const [got, want] = [weightsOf(model), weightsOf(reference)];
    got.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 5)));
  });

  it('reports 0 distillation and 0 teacher-better share, and tells callbacks there is no teacher', async () => {
    const steps: StepLogs[] = [];
    let begin: TrainBeginInfo | undefined;
    const d = new SelectiveDistiller({ student: student('tiny-student'), modality: testModality() });
    const { history } = await d.fit(batches(2), {
      progress: false,
      callbacks: [{ onTrainBegin: (info) => void (begin = info), onStepEnd: (s) => void steps.push(s) }],
    });
    d.dispose();
    expect(begin).toMatchObject({ student: 'tiny-student', teacher: false, options: { gate: 'none' } });
    for (const s of steps) {
      expect(s.distillLoss).toBe(0);
      expect(s.teacherBetterFraction).toBe(0);
      expect(s.loss).toBe(s.groundTruthLoss);
      expect(Number.isFinite(s.loss)).toBe(true);
    }
    expect(history[0].teacherBetterFraction).toBe(0);
  });

  it('writes piped progress lines naming the student, without a teacher-better share', async () => {
    const written: string[] = [];
    const d = new SelectiveDistiller({ student: student('tiny-student'), modality: testModality() });
    await d.fit(batches(2), { epochs: 2, progress: { isTTY: false, write: (text: string) => void written.push(text) } });
    d.dispose();
    // 2 epochs of 2 quick steps: the epoch lines only (a step line waits 10 s)
    expect(written).toHaveLength(2);
    expect(written[1]).toMatch(/^\[tiny-student\] epoch 2\/2 {2}2 steps {2}loss \d+\.\d{4} {2}accuracy \d\.\d{4} {2}0:\d\d\n$/);
    expect(written.join('')).not.toContain('teacher-better');
  });

  it("evaluates the student alone: no 'teacher' field", async () => {
    const d = new SelectiveDistiller({ student: student(), modality: testModality() });
    const result = await d.evaluate(batches(2));
    expect(result.batches).toBe(2);
    expect(Object.keys(result).sort()).toEqual(['batches', 'distillLoss', 'groundTruthLoss', 'loss', 'student', 'teacherBetterFraction']);
    expect(result.student.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.loss).toBe(result.groundTruthLoss);
    d.dispose();
  });

  it('keeps tf.memory().numTensors flat across steps, in fit and in evaluate', async () => {
    const counts: number[] = [];
    const d = new SelectiveDistiller({ student: student(), modality: testModality() });
    await d.fit(batches(8), { progress: false, callbacks: [{ onStepEnd: () => void counts.push(tf.memory().numTensors) }] });
    // Step 1 creates Adam's slot variables; from then on nothing may grow.
    expect(counts.slice(1)).toEqual(counts.slice(1).map(() => counts[1]));
    await expectNoTensorLeak(() => d.evaluate(batches(2)), { warmup: 1, steps: 3 });
    d.dispose();
  });

  it.each(['loss-compare', 'teacher-correct', 'soft', 'all', 'rectified'] as Gate[])("refuses gate '%s', which needs a teacher", (gate) => {
    const error = selectiveKdErrorFrom(() => new SelectiveDistiller({ student: student(), modality: testModality(), options: { gate } }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(`gate '${gate}' needs a teacher; a SelectiveDistiller without one trains on the ground truth alone (gate 'none')`);
  });

  it('refuses teacherOutputs, which only a run with a teacher reads', async () => {
    const cache = await TeacherOutputCache.compute((x) => tf.zeros([(x as tf.Tensor).shape[0], ITEMS, CLASSES]), batches(1));
    const d = new SelectiveDistiller({ student: student(), modality: testModality() });
    for (const run of [d.fit(batches(1), { progress: false, teacherOutputs: cache }), d.evaluate(batches(1), { teacherOutputs: cache })]) {
      const error = await selectiveKdRejection(run);
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toContain('teacherOutputs was given, but this distiller has no teacher');
    }
    d.dispose();
  });

  it("names the student's logits alone when they are not finite (no teacher to blame)", async () => {
    const model = student();
    model.layers[1].setWeights([tf.fill([8, CLASSES], Number.NaN), tf.zeros([CLASSES])]);
    const d = new SelectiveDistiller({ student: model, modality: testModality() });
    const error = await selectiveKdRejection(d.fit(batches(1), { progress: false }));
    expect(error.code).toBe('NON_FINITE_LOGITS');
    expect(error.message).toBe(`student logits contain NaN or Infinity (given logits [${BATCH},${ITEMS},${CLASSES}], labels [${BATCH},${ITEMS}], valid [${BATCH},${ITEMS}])`);
    d.dispose();
  });
});
