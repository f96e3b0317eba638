import { expectNoTensorLeak, testModality } from '@selective-kd/testing';
import * as tfconv from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import type { Batch } from './batch.js';
import type { EpochLogs, StepLogs } from './distiller-callbacks.js';
import { SelectiveDistiller, type SelectiveDistillerConfig } from './selective-distiller.js';

// A toy task: 6 items of 5 features each, 4 classes; the truth is argmax(x·W).
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
    // The first item of every sample is padding.
    const valid = tf.concat([tf.zeros([BATCH, 1]), tf.ones([BATCH, ITEMS - 1])], 1);
    return { inputs, labels: tf.reshape(labels, [BATCH, ITEMS]), valid };
  });
}

/** A fresh pass of `count` batches each time it is called. */
const batches = (count: number, firstSeed = 100) =>
  function* () {
    for (let i = 0; i < count; i++) yield batch(firstSeed + i);
  };

function denseModel(seed: number, name: string): tfl.LayersModel {
  return tfl.sequential({
    name,
    layers: [
      tfl.layers.dense({
        units: CLASSES,
        inputShape: [ITEMS, FEATURES],
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
    ],
  });
}

/** A teacher that knows the truth up to noise, so it wins some units and loses others. */
function noisyTeacher(): (x: tf.Tensor | tf.Tensor[]) => tf.Tensor {
  const weights = tf.keep(tf.add(truth, tf.randomNormal(truth.shape, 0, 0.6, 'float32', 5)));
  return (x) => tf.mul(tf.reshape(tf.matMul(tf.reshape(x as tf.Tensor, [-1, FEATURES]), weights), [-1, ITEMS, CLASSES]), 3);
}

function distiller(overrides: Partial<SelectiveDistillerConfig> = {}): SelectiveDistiller {
  return new SelectiveDistiller({
    teacher: noisyTeacher(),
    student: denseModel(1, 'student'),
    modality: testModality(),
    optimizer: tf.train.adam(0.05),
    ...overrides,
  });
}

describe('SelectiveDistiller.fit', () => {
  it('keeps tf.memory().numTensors flat over 60 steps', async () => {
    const counts: number[] = [];
    await distiller().fit(batches(20), {
      epochs: 3,
      progress: false,
      callbacks: [{ onStepEnd: () => void counts.push(tf.memory().numTensors) }],
    });
    expect(counts).toHaveLength(60);
    // Step 1 creates the optimizer's slot variables; from then on nothing may grow.
    expect(counts.slice(1)).toEqual(counts.slice(1).map(() => counts[1]));
  });

  it('leaves the tensor count where it was after a second fit', async () => {
    const d = distiller();
    await d.fit(batches(3), { progress: false }); // creates the optimizer's slots
    const before = tf.memory().numTensors;
    await d.fit(batches(3), { progress: false });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns: the loss falls and the student ends above chance', async () => {
    const d = distiller();
    const { history } = await d.fit(batches(10), { epochs: 4, progress: false });
    expect(history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
    expect(history[3].loss).toBeLessThan(history[0].loss * 0.7);
    expect(history[3].metrics.accuracy).toBeGreaterThan(0.6);
    const evaluation = await d.evaluate(batches(4, 900));
    expect(evaluation.student.accuracy).toBeGreaterThan(0.6);
  });

  it('reports plain numbers to callbacks for every step and epoch', async () => {
    const steps: StepLogs[] = [];
    const epochs: EpochLogs[] = [];
    const events: string[] = [];
    await distiller().fit(batches(5), {
      epochs: 2,
      progress: false,
      validationData: batches(2, 500),
      callbacks: [
        {
          onTrainBegin: (info) => void events.push(`begin ${info.epochs} ${info.backend} ${info.modality} ${info.options.gate}`),
          onStepEnd: (logs) => void steps.push(logs),
          onEpochEnd: (logs) => void epochs.push(logs),
          onTrainEnd: (history, error) => void events.push(`end ${history.length} ${error}`),
        },
      ],
    });
    expect(events).toEqual(['begin 2 cpu test-class-index loss-compare', 'end 2 undefined']);
    expect(steps.map((s) => [s.epoch, s.step, s.globalStep, s.stepsInEpoch])).toEqual([
      [0, 0, 0, undefined], [0, 1, 1, undefined], [0, 2, 2, undefined], [0, 3, 3, undefined], [0, 4, 4, undefined],
      [1, 0, 5, 5], [1, 1, 6, 5], [1, 2, 7, 5], [1, 3, 8, 5], [1, 4, 9, 5],
    ]);
    for (const s of steps) {
      for (const key of ['loss', 'groundTruthLoss', 'distillLoss', 'teacherBetterFraction', 'millis'] as const) {
        expect(typeof s[key]).toBe('number');
        expect(Number.isFinite(s[key])).toBe(true);
      }
      expect(s.loss).toBeCloseTo(s.groundTruthLoss + s.distillLoss, 4);
      expect(s.teacherBetterFraction).toBeGreaterThan(0);
      expect(s.teacherBetterFraction).toBeLessThan(1);
    }
    const firstEpochMean = steps.slice(0, 5).reduce((sum, s) => sum + s.loss, 0) / 5;
    expect(epochs[0].loss).toBeCloseTo(firstEpochMean, 5);
    expect(epochs[0].steps).toBe(5);
    expect(Object.keys(epochs[1].metrics)).toEqual(['accuracy']);
    expect(epochs[1].validation?.batches).toBe(2);
    expect(epochs[1].validation?.teacher.accuracy).toBeGreaterThan(0.6);
  });

  it('stops each epoch at stepsPerEpoch and tells callbacks the total from the start', async () => {
    const seen: Array<number | undefined> = [];
    const { history } = await distiller().fit(batches(10), {
      epochs: 2,
      stepsPerEpoch: 3,
      progress: false,
      callbacks: [{ onStepEnd: (logs) => void seen.push(logs.stepsInEpoch) }],
    });
    expect(history.map((h) => h.steps)).toEqual([3, 3]);
    expect(seen).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('draws progress on a TTY and writes a JSON-lines metrics log', async () => {
    const written: string[] = [];
    const log = join(mkdtempSync(join(tmpdir(), 'skd-')), 'logs', 'run.jsonl');
    await distiller().fit(batches(3), {
      epochs: 2,
      metricsLog: log,
      progress: { isTTY: true, columns: 200, write: (text: string) => void written.push(text) },
    });
    expect(written.join('')).toMatch(/epoch 2\/2 {2}step 3\/3 \[=+\] {2}loss \d+\.\d{4} {2}teacher-better \d+\.\d%/);
    const records = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.type)).toEqual([
      'train-begin', 'step', 'step', 'step', 'epoch', 'step', 'step', 'step', 'epoch', 'train-end',
    ]);
    expect(records[0]).toMatchObject({ backend: 'cpu', modality: 'test-class-index', epochs: 2 });
  });

  it('trains with a tf.LayersModel teacher and with a tf.GraphModel teacher', async () => {
    const layersTeacher = denseModel(7, 'teacher');
    const weights = tf.keep(tf.randomNormal([FEATURES, CLASSES], 0, 1, 'float32', 3));
    for (const teacher of [layersTeacher, matMulGraphModel(weights)]) {
      const d = distiller({ teacher });
      const { history } = await d.fit(batches(3), { progress: false });
      expect(Number.isFinite(history[0].loss)).toBe(true);
      const evaluation = await d.evaluate(batches(1, 700));
      expect(evaluation.teacher.accuracy).toBeGreaterThanOrEqual(0);
    }
  });

  it('never changes the teacher', async () => {
    const teacher = denseModel(7, 'teacher');
    const before = teacher.getWeights().map((w) => Array.from(w.dataSync()));
    await distiller({ teacher }).fit(batches(5), { progress: false });
    expect(teacher.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
  });

  it('with disposeBatches false, replays the same batches every epoch', async () => {
    const fixed = [batch(1), batch(2)];
    const { history } = await distiller().fit(fixed, { epochs: 3, progress: false, disposeBatches: false });
    expect(history).toHaveLength(3);
    expect(fixed.every((b) => !(b.inputs as tf.Tensor).isDisposed)).toBe(true);
    tf.dispose(fixed.map((b) => [b.inputs, b.labels, b.valid!]));
  });
});

describe('SelectiveDistiller errors', () => {
  it('refuses bad fit options', async () => {
    await expect(distiller().fit(batches(1), { epochs: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(distiller().fit(batches(1), { stepsPerEpoch: 1.5 })).rejects.toThrow(/stepsPerEpoch/);
  });

  it('refuses unknown selective options and students it cannot train', () => {
    expect(() => distiller({ options: { gate: 'sometimes' as never } })).toThrow(/gate must be one of/);
    const frozen = denseModel(1, 'frozen');
    frozen.trainable = false;
    expect(() => distiller({ student: frozen })).toThrow(/no trainable weights/);
  });

  it('refuses an empty dataset and a one-shot generator asked for a second epoch', async () => {
    await expect(distiller().fit([], { progress: false })).rejects.toMatchObject({ code: 'EMPTY_DATASET' });
    const oneShot = batches(2)();
    await expect(distiller().fit(oneShot, { epochs: 2, progress: false })).rejects.toThrow(
      /no batches in epoch 2; a one-shot generator cannot be replayed/,
    );
  });

  it('stops on a bad batch with a typed error, tells callbacks, closes the log and leaks nothing', async () => {
    const d = distiller();
    await d.fit(batches(1), { progress: false }); // optimizer slots exist from here on
    const before = tf.memory().numTensors;
    const log = join(mkdtempSync(join(tmpdir(), 'skd-')), 'run.jsonl');
    let endError: unknown;
    const bad = function* () {
      yield batch(1);
      const b = batch(2);
      yield { ...b, labels: tf.tidy(() => tf.add(b.labels, tf.scalar(CLASSES, 'int32'))) }; // out of range
    };
    const run = d.fit(bad, {
      progress: false,
      metricsLog: log,
      callbacks: [{ onTrainEnd: (_history, error) => void (endError = error) }],
    });
    await expect(run).rejects.toBeInstanceOf(SelectiveKdError);
    await expect(run).rejects.toMatchObject({ code: 'LABEL_OUT_OF_RANGE' });
    expect(endError).toBeInstanceOf(SelectiveKdError);
    const last = JSON.parse(readFileSync(log, 'utf8').trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ type: 'train-end', error: expect.stringMatching(/labels at valid items/) });
    // The bad batch's original labels were replaced, not handed to fit; free them here.
    expect(tf.memory().numTensors).toBe(before + 1);
  });

  it("names both shapes when the student's logits do not match the teacher's", async () => {
    const wide = tfl.sequential({ layers: [tfl.layers.dense({ units: CLASSES + 1, inputShape: [ITEMS, FEATURES] })] });
    await expect(distiller({ student: wide }).fit(batches(1), { progress: false })).rejects.toThrow(
      /teacher logits \[8,6,4\] and student logits \[8,6,5\] must match/,
    );
  });

  it('names a student with more than one output', async () => {
    const input = tfl.input({ shape: [ITEMS, FEATURES] });
    const twoHeads = tfl.model({
      inputs: input,
      outputs: [tfl.layers.dense({ units: CLASSES }).apply(input), tfl.layers.dense({ units: CLASSES }).apply(input)] as tfl.SymbolicTensor[],
    });
    await expect(distiller({ student: twoHeads }).fit(batches(1), { progress: false })).rejects.toThrow(/exactly one output/);
  });
});

describe('SelectiveDistiller.evaluate', () => {
  it('reports both models without training and leaks nothing', async () => {
    const d = distiller();
    const before = d.student.getWeights().map((w) => Array.from(w.dataSync()));
    const result = await d.evaluate(batches(3));
    expect(result.batches).toBe(3);
    expect(result.teacher.accuracy).toBeGreaterThan(result.student.accuracy);
    expect(d.student.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    await expectNoTensorLeak(() => d.evaluate(batches(2)), { warmup: 1, steps: 3 });
  });
});

/** A one-op graph model, x [B, N, F] · W [F, C], as tfjs-converter loads them from disk. */
function matMulGraphModel(weights: tf.Tensor) {
  const dim = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
  return tfconv.loadGraphModelSync({
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dim(-1, ITEMS, FEATURES) } } },
        { name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dim(FEATURES, CLASSES) } } } },
        { name: 'logits', op: 'BatchMatMulV2', input: ['x', 'w'], attr: { T: { type: 'DT_FLOAT' }, adj_x: { b: false }, adj_y: { b: false } } },
      ],
      versions: { producer: 1 },
    },
    weightSpecs: [{ name: 'w', shape: [FEATURES, CLASSES], dtype: 'float32' }],
    weightData: (weights.dataSync() as Float32Array).slice().buffer,
  });
}
