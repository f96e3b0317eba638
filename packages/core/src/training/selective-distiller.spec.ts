import { expectNoTensorLeak, expectTensorClose, testModality } from '@selective-kd/testing';
import * as tfconv from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import { readCheckpoint } from '../persistence/read-checkpoint.js';
import type { Batch, Pass } from './batch.js';
import type { CheckpointInfo, EpochLogs, StepLogs, TrainBeginInfo } from './distiller-callbacks.js';
import { evaluateModel } from './evaluate-model.js';
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
    const d = distiller();
    await d.fit(batches(5), {
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
    // Validation scores the student alone: the last epoch's is the trained student's own score.
    expect(epochs[1].validation).toEqual(await evaluateModel(d.student, batches(2, 500), testModality()));
    expect(epochs[1].validation?.batches).toBe(2);
  });

  it('lets the event loop turn between epochs (timers and IPC, not only microtasks)', async () => {
    let timerFired = false;
    setTimeout(() => void (timerFired = true), 0);
    const seenAtEpochStart: boolean[] = [];
    await distiller().fit(batches(3), {
      epochs: 3,
      progress: false,
      callbacks: [{ onStepEnd: (logs) => void (logs.step === 0 && seenAtEpochStart.push(timerFired)) }],
    });
    // A step's awaits resolve as microtasks here, so only fit's own yield lets the timer run before epoch 2.
    expect(seenAtEpochStart).toEqual([false, true, true]);
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
      expect(evaluation.teacher?.accuracy).toBeGreaterThanOrEqual(0);
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

/** A source that gives the same `count` batches for the same pass, as a shuffling dataset seeded per epoch would. */
const seeded = (count: number, made: Batch[] = []) =>
  function* ({ epoch, seed }: Pass) {
    for (let i = 0; i < count; i++) {
      const b = batch(seed * 1000 + epoch * 100 + i);
      made.push(b);
      yield b;
    }
  };

const checkpointDir = () => join(mkdtempSync(join(tmpdir(), 'skd-')), 'checkpoints');
const weightsOf = (d: SelectiveDistiller) => d.student.getWeights();

/** Stands in for the process dying: throws from a callback once training reaches `globalStep`. */
const crashAt = (globalStep: number) => ({
  onStepEnd: (logs: StepLogs) => {
    if (logs.globalStep === globalStep) throw new Error('simulated crash');
  },
});

describe('SelectiveDistiller checkpoints', () => {
  it('hands a function source its pass: the epoch and the seed (default 0)', async () => {
    const passes: Pass[] = [];
    const source = (pass: Pass) => {
      passes.push(pass);
      return batches(2)();
    };
    await distiller().fit(source, { epochs: 2, progress: false });
    await distiller().fit(source, { epochs: 1, seed: 7, progress: false, validationData: source });
    expect(passes).toEqual([{ epoch: 0, seed: 0 }, { epoch: 1, seed: 0 }, { epoch: 0, seed: 7 }, { epoch: 0, seed: 7 }]);
  });

  it('writes one every N steps and at every epoch end, with the state to resume from', async () => {
    const dir = checkpointDir();
    const seen: CheckpointInfo[] = [];
    const { history } = await distiller().fit(seeded(5), {
      epochs: 2,
      seed: 3,
      progress: false,
      checkpoint: { dir, everySteps: 3 },
      callbacks: [{ onCheckpoint: (info) => void seen.push(info) }],
    });
    expect(seen.map((c) => [c.epoch, c.step, c.globalStep])).toEqual([[0, 3, 3], [1, 0, 5], [1, 1, 6], [1, 4, 9], [2, 0, 10]]);
    expect(seen.at(-1)!.path).toBe(join(dir, 'checkpoint-5'));
    expect(readdirSync(dir).sort()).toEqual(['checkpoint-5', 'checkpoint.json']);
    const { state } = await readCheckpoint(dir);
    expect(state).toMatchObject({ epoch: 2, step: 0, globalStep: 10, stepsInEpoch: 5, seed: 3, options: { gate: 'loss-compare', margin: 0 } });
    expect(state.history).toEqual(JSON.parse(JSON.stringify(history)));
  });

  it('keeps tf.memory().numTensors flat over steps with a checkpoint after every one', async () => {
    const counts: number[] = [];
    await distiller().fit(seeded(5), {
      epochs: 3,
      progress: false,
      checkpoint: { dir: checkpointDir(), everySteps: 1 },
      callbacks: [{ onCheckpoint: () => void counts.push(tf.memory().numTensors) }],
    });
    expect(counts).toHaveLength(15 + 3);
    expect(counts.slice(1)).toEqual(counts.slice(1).map(() => counts[1]));
  });

  it('resumes a stopped run where it stopped and ends with the weights of an uninterrupted run', async () => {
    const options = { epochs: 3, seed: 3, progress: false as const };
    const uninterrupted = distiller();
    const whole = await uninterrupted.fit(seeded(5), options);

    // Checkpoints at global steps 4, 5 (end of epoch 1) and 8; the run dies two steps later.
    const dir = checkpointDir();
    await expect(
      distiller().fit(seeded(5), { ...options, checkpoint: { dir, everySteps: 4 }, callbacks: [crashAt(9)] }),
    ).rejects.toThrow('simulated crash');

    const made: Batch[] = [];
    const steps: StepLogs[] = [];
    let begin: TrainBeginInfo | undefined;
    const resumed = distiller({ student: denseModel(42, 'fresh'), optimizer: tf.train.adam(0.05) });
    const { history } = await resumed.fit(seeded(5, made), {
      ...options,
      checkpoint: { dir, everySteps: 4 },
      resumeFrom: dir,
      callbacks: [{ onTrainBegin: (info) => void (begin = info), onStepEnd: (logs) => void steps.push(logs) }],
    });

    expect(begin?.resumed).toEqual({ from: dir, epoch: 1, step: 3, globalStep: 8 });
    expect(steps.map((s) => [s.epoch, s.step, s.globalStep, s.stepsInEpoch])[0]).toEqual([1, 3, 8, 5]);
    expect(steps).toHaveLength(15 - 8);
    // The three batches of epoch 2 trained before the checkpoint were drawn again, skipped and freed.
    expect(made).toHaveLength(10);
    expect(made.every((b) => (b.inputs as tf.Tensor).isDisposed)).toBe(true);
    weightsOf(resumed).forEach((w, i) => expectTensorClose(w, weightsOf(uninterrupted)[i], { rtol: 0, atol: 1e-6 }));
    expect(history.map((h) => [h.epoch, h.steps])).toEqual(whole.history.map((h) => [h.epoch, h.steps]));
    history.forEach((h, i) => {
      expect(h.loss).toBeCloseTo(whole.history[i].loss, 5);
      expect(h.teacherBetterFraction).toBeCloseTo(whole.history[i].teacherBetterFraction, 5);
    });
  });

  it('resuming a finished run trains nothing and returns its history', async () => {
    const dir = checkpointDir();
    const { history } = await distiller().fit(seeded(2), { epochs: 2, progress: false, checkpoint: { dir } });
    let steps = 0;
    const again = await distiller().fit(seeded(2), { epochs: 2, progress: false, resumeFrom: dir, callbacks: [{ onStepEnd: () => void steps++ }] });
    expect(steps).toBe(0);
    expect(again.history).toEqual(JSON.parse(JSON.stringify(history)));
  });
});

describe('SelectiveDistiller checkpoint errors', () => {
  /** A checkpoint folder from a 2-epoch run with seed 3, stopped in its second epoch. */
  async function stoppedRun(): Promise<string> {
    const dir = checkpointDir();
    await expect(
      distiller().fit(seeded(4), { epochs: 2, seed: 3, progress: false, checkpoint: { dir, everySteps: 2 }, callbacks: [crashAt(6)] }),
    ).rejects.toThrow('simulated crash');
    return dir;
  }

  it('refuses bad checkpoint, resume and seed options', async () => {
    const d = distiller();
    await expect(d.fit(batches(1), { checkpoint: { dir: '' } })).rejects.toThrow(/checkpoint\.dir must be a folder path/);
    await expect(d.fit(batches(1), { checkpoint: { dir: 'x', everySteps: 0 } })).rejects.toThrow(/checkpoint\.everySteps must be a whole number ≥ 1; got 0/);
    await expect(d.fit(batches(1), { resumeFrom: '' })).rejects.toThrow(/resumeFrom must be a checkpoint folder path/);
    await expect(d.fit(batches(1), { seed: 0.5 })).rejects.toMatchObject({ code: 'INVALID_OPTION', message: 'seed must be a whole number; got 0.5' });
  });

  it('says when the folder holds no checkpoint', async () => {
    const dir = checkpointDir();
    const run = distiller().fit(batches(1), { progress: false, resumeFrom: dir });
    await expect(run).rejects.toBeInstanceOf(SelectiveKdError);
    await expect(run).rejects.toMatchObject({ code: 'CHECKPOINT' });
    await expect(run).rejects.toThrow(`no checkpoint in '${dir}'`);
  });

  it('refuses to resume with another seed, other selective options or fewer epochs', async () => {
    const dir = await stoppedRun();
    await expect(distiller().fit(seeded(4), { epochs: 2, progress: false, resumeFrom: dir })).rejects.toThrow(
      /was trained with seed 3, but fit was given seed 0; resume with the same seed/,
    );
    await expect(
      distiller({ options: { margin: 0.5, gate: 'all' } }).fit(seeded(4), { epochs: 2, seed: 3, progress: false, resumeFrom: dir }),
    ).rejects.toThrow(/was trained with other selective options: gate "loss-compare" \(now "all"\), margin 0 \(now 0\.5\)/);
    await expect(distiller().fit(seeded(4), { epochs: 1, seed: 3, progress: false, resumeFrom: dir })).rejects.toThrow(
      /has trained into epoch 2; fit asked for only 1/,
    );
  });

  it('names the weight and shapes when the student does not fit the checkpoint', async () => {
    const dir = await stoppedRun();
    const wide = tfl.sequential({ layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES + 1] })] });
    await expect(distiller({ student: wide }).fit(seeded(4), { epochs: 2, seed: 3, progress: false, resumeFrom: dir })).rejects.toThrow(
      /student weight 0 '.*kernel' has shape \[5,4\], but student '.*' has '.*kernel' of shape \[6,4\]/,
    );
  });

  it('says when the source gives fewer batches than the checkpoint had trained on', async () => {
    const dir = await stoppedRun(); // stopped after 2 batches of epoch 2
    const run = distiller().fit(seeded(1), { epochs: 2, seed: 3, progress: false, resumeFrom: dir });
    await expect(run).rejects.toMatchObject({ code: 'CHECKPOINT' });
    await expect(run).rejects.toThrow(/gave 1 batches in epoch 2, but the checkpoint had trained on 2 of them/);
  });
});

describe('SelectiveDistiller.evaluate', () => {
  it('reports both models without training and leaks nothing', async () => {
    const d = distiller();
    const before = d.student.getWeights().map((w) => Array.from(w.dataSync()));
    const result = await d.evaluate(batches(3));
    expect(result.batches).toBe(3);
    expect(result.teacher?.accuracy).toBeGreaterThan(result.student.accuracy);
    expect(d.student.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    await expectNoTensorLeak(() => d.evaluate(batches(2)), { warmup: 1, steps: 3 });
  });

  it('makes no default optimizer for a distiller that only evaluates', async () => {
    const student = denseModel(1, 'student');
    const teacher = noisyTeacher();
    await evaluateOnce(); // warms up the backend
    const before = tf.memory().numTensors;
    await evaluateOnce();
    expect(tf.memory().numTensors).toBe(before);

    async function evaluateOnce() {
      const d = new SelectiveDistiller({ teacher, student, modality: testModality() });
      await d.evaluate(batches(1));
    }
  });

  it('makes the default optimizer on first use and keeps it', () => {
    const d = new SelectiveDistiller({ teacher: noisyTeacher(), student: denseModel(1, 'student'), modality: testModality() });
    expect(d.optimizer).toBeInstanceOf(tf.AdamOptimizer);
    expect(d.optimizer).toBe(d.optimizer);
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
