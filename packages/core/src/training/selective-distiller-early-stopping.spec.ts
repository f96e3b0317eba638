import { selectiveKdRejection, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyModalityPlugin } from '../modality-plugin.js';
import { initBackend } from '../runtime/init-backend.js';
import type { Batch } from './batch.js';
import type { EarlyStopInfo, EpochLogs, StepLogs } from './distiller-callbacks.js';
import type { EarlyStoppingOptions } from './early-stopping.js';
import { SelectiveDistiller, type FitOptions, type FitResult } from './selective-distiller.js';

const ITEMS = 4;
const FEATURES = 5;
const CLASSES = 3;
const STEPS = 3;

beforeAll(async () => {
  await initBackend('cpu');
});

/**
 * The validation `score` of each epoch, scripted so that the best epoch is
 * neither the first nor the last: with patience 2, epochs 0 and 1 improve,
 * 2 and 3 do not, and training stops after epoch 3 with epoch 1 the best.
 */
const SCRIPT = [0.5, 0.7, 0.6, 0.7, 0.9, 0.95, 0.97, 0.99];

/** testModality whose metrics also report the script's score for the epoch being trained. */
function scriptedModality(): { modality: AnyModalityPlugin; clock: { onStepEnd(logs: StepLogs): void } } {
  const base = testModality();
  let epoch = 0;
  const modality: AnyModalityPlugin = {
    ...base,
    createMetrics: () => {
      const inner = base.createMetrics();
      return { update: (...args) => inner.update(...args), result: () => ({ ...inner.result(), score: SCRIPT[epoch] }) };
    },
  };
  return { modality, clock: { onStepEnd: (logs) => void (epoch = logs.epoch) } };
}

function student(seed = 1): tfl.LayersModel {
  return tfl.sequential({
    name: 'student',
    layers: [
      tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
      tfl.layers.dropout({ rate: 0.2 }),
      tfl.layers.dense({ units: CLASSES, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** `count` batches, freshly made for every pass, shuffled per epoch from the seed. */
const source = (count = STEPS, first = 10) => ({ epoch, seed }: { epoch: number; seed: number }) =>
  Array.from({ length: count }, (_, i) =>
    tf.tidy(() => {
      const id = first + ((i + epoch * 7 + seed) % count);
      return {
        inputs: tf.randomNormal([6, ITEMS, FEATURES], 0, 1, 'float32', id),
        labels: tf.randomUniform([6, ITEMS], 0, CLASSES, 'int32', id + 1000),
      };
    }),
  ) as Batch[];

const teacher = (x: tf.Tensor | tf.Tensor[]) => tf.slice(x as tf.Tensor, [0, 0, 0], [-1, -1, CLASSES]);

/**
 * Plain SGD: tfjs's Adam recomputes its bias-correction powers with `pow` when
 * its state is restored, which differs from the running product in the last
 * float32 bit, and these specs compare resumed weights bit for bit.
 */
function distiller(modality: AnyModalityPlugin, model = student()): SelectiveDistiller {
  return new SelectiveDistiller({ teacher, student: model, modality, optimizer: tf.train.sgd(0.3) });
}

const weightsOf = (model: tfl.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
const folder = () => join(mkdtempSync(join(tmpdir(), 'skd-early-')), 'checkpoints');
const stopping: EarlyStoppingOptions = { monitor: 'score', patience: 2 };

/** A scripted run: fits with early stopping and records the student's weights after each epoch. */
async function scriptedRun(options: Partial<FitOptions> = {}, model = student()) {
  const { modality, clock } = scriptedModality();
  const d = distiller(modality, model);
  const atEpoch: number[][][] = [];
  const stops: EarlyStopInfo[] = [];
  const result = await d.fit(source(), {
    epochs: 8,
    seed: 2,
    progress: false,
    validationData: source(2, 500),
    earlyStopping: stopping,
    ...options,
    callbacks: [clock, { onEpochEnd: () => void atEpoch.push(weightsOf(d.student)), onEarlyStop: (info) => void stops.push(info) }, ...(options.callbacks ?? [])],
  });
  return { d, result, atEpoch, stops };
}

describe('fit with early stopping', () => {
  it('stops after patience epochs without improvement and puts the best epoch\'s weights back', async () => {
    const { d, result, atEpoch, stops } = await scriptedRun();
    expect(result).toMatchObject({ bestEpoch: 1, best: 0.7, stoppedEarly: true });
    expect(result.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
    expect(result.history.map((h) => h.earlyStopping && [h.earlyStopping.value, h.earlyStopping.improved, h.earlyStopping.epochsSinceBest, h.earlyStopping.stop])).toEqual([
      [0.5, true, 0, false],
      [0.7, true, 0, false],
      [0.6, false, 1, false],
      [0.7, false, 2, true],
    ]);
    expect(stops).toEqual([{ epoch: 3, monitor: 'score', best: 0.7, bestEpoch: 1, restoreBestWeights: true }]);
    expect(atEpoch[3]).not.toEqual(atEpoch[1]);
    expect(weightsOf(d.student)).toEqual(atEpoch[1]);
  });

  it('with restoreBestWeights false, leaves the last epoch\'s weights', async () => {
    const { d, result, atEpoch } = await scriptedRun({ earlyStopping: { ...stopping, restoreBestWeights: false } });
    expect(result).toMatchObject({ bestEpoch: 1, stoppedEarly: true });
    expect(weightsOf(d.student)).toEqual(atEpoch[3]);
  });

  it('restores the best weights also when the run ends by reaching epochs', async () => {
    const { d, result, atEpoch } = await scriptedRun({ epochs: 3, earlyStopping: { ...stopping, patience: 5 } });
    expect(result).toMatchObject({ bestEpoch: 1, best: 0.7, stoppedEarly: false });
    expect(result.history).toHaveLength(3);
    expect(weightsOf(d.student)).toEqual(atEpoch[1]);
  });

  it('watches the validation loss (min by default) and records why it stopped in the metrics log', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'skd-early-log-')), 'metrics.jsonl');
    const { result } = await scriptedRun({ earlyStopping: { monitor: 'loss', patience: 1, minDelta: 10 }, metricsLog: log });
    // Nothing beats the first epoch by 10: it stays the best and training stops after the next.
    expect(result).toMatchObject({ bestEpoch: 0, best: result.history[0].validation!.loss, stoppedEarly: true });
    expect(result.history).toHaveLength(2);
    const records = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records.filter((r) => r.type === 'epoch').map((r) => r.earlyStopping.bestEpoch)).toEqual([0, 0]);
    expect(records.at(-2)).toMatchObject({ type: 'early-stop', epoch: 1, monitor: 'loss', bestEpoch: 0 });
    expect(records.at(-1)).toMatchObject({ type: 'train-end', stoppedBy: 'early-stopping', bestEpoch: 0, best: result.best });
  });

  it('keeps tf.memory().numTensors flat across epochs and leaves nothing after fit', async () => {
    const { modality, clock } = scriptedModality();
    const d = distiller(modality);
    const options: FitOptions = { epochs: 6, progress: false, validationData: source(2, 500), earlyStopping: { monitor: 'score', patience: 10 } };
    await d.fit(source(), { ...options, epochs: 1, callbacks: [clock] }); // creates the optimizer's slots
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await d.fit(source(), { ...options, callbacks: [clock, { onEpochEnd: () => void counts.push(tf.memory().numTensors) }] });
    // Every epoch improves (the script rises from epoch 3), so the kept best weights are replaced each time.
    expect(counts).toEqual(counts.map(() => before + d.student.weights.length));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses early stopping without validation data, bad fields and an unknown monitor, leaking nothing', async () => {
    const { modality, clock } = scriptedModality();
    const d = distiller(modality);
    const refused = async (options: FitOptions) => selectiveKdRejection(d.fit(source(), { progress: false, ...options }));
    expect(await refused({ earlyStopping: stopping })).toMatchObject({
      code: 'INVALID_OPTION',
      message: 'earlyStopping needs validationData: the student is scored on it after every epoch',
    });
    expect(await refused({ validationData: source(1), earlyStopping: { monitor: 'score', patience: -2 } })).toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringContaining('earlyStopping.patience'),
    });
    await d.fit(source(), { progress: false }); // optimizer slots
    const before = tf.memory().numTensors;
    const ended: unknown[] = [];
    const error = await refused({
      validationData: source(1),
      earlyStopping: { monitor: 'meanIoU' },
      callbacks: [clock, { onTrainEnd: (_history: EpochLogs[], failure?: unknown) => void ended.push(failure) }],
    });
    expect(error).toMatchObject({ code: 'INVALID_OPTION', message: expect.stringContaining(`the metrics are 'accuracy', 'score' (or 'loss')`) });
    expect(ended).toEqual([error]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('early stopping across checkpoints', () => {
  /** Stands in for the process dying: throws from a callback once training reaches `globalStep`. */
  const crashAt = (globalStep: number) => ({
    onStepEnd: (logs: StepLogs) => {
      if (logs.globalStep === globalStep) throw new Error('simulated crash');
    },
  });
  const summary = (result: FitResult) => ({
    bestEpoch: result.bestEpoch,
    best: result.best,
    stoppedEarly: result.stoppedEarly,
    epochs: result.history.map((h) => [h.epoch, h.steps, h.earlyStopping, h.validation]),
  });

  it('a run that dies anywhere and resumes ends with exactly the weights and result of one that never stopped', async () => {
    const whole = await scriptedRun();
    const expected = weightsOf(whole.d.student);
    // Epochs have 3 steps; checkpoints every 2 steps and at epoch ends. Deaths before the best epoch, after it, and in the last epoch.
    for (const death of [2, 4, 7, 10]) {
      const dir = folder();
      await expect(scriptedRun({ checkpoint: { dir, everySteps: 2 }, callbacks: [crashAt(death)] })).rejects.toThrow('simulated crash');
      const resumed = await scriptedRun({ checkpoint: { dir, everySteps: 2 }, resumeFrom: dir }, student(99));
      expect(weightsOf(resumed.d.student), `died at step ${death}`).toEqual(expected);
      expect(summary(resumed.result)).toEqual(JSON.parse(JSON.stringify(summary(whole.result))));
      // Only the best epoch's weights stay beside the checkpoint.
      expect(readdirSync(dir).filter((entry) => entry.startsWith('best-weights'))).toEqual(['best-weights-1']);
    }
  });

  it('resuming a run that stopped early trains nothing and ends with its best weights', async () => {
    const dir = folder();
    const first = await scriptedRun({ checkpoint: { dir } });
    let steps = 0;
    const again = await scriptedRun({ resumeFrom: dir, callbacks: [{ onStepEnd: () => void steps++ }] }, student(42));
    expect(steps).toBe(0);
    expect(again.result).toMatchObject({ bestEpoch: 1, best: 0.7, stoppedEarly: true });
    expect(weightsOf(again.d.student)).toEqual(weightsOf(first.d.student));
  });

  it('refuses to resume with early stopping turned on or off, or watching another metric', async () => {
    const dir = folder();
    await scriptedRun({ epochs: 1, checkpoint: { dir } });
    const { modality } = scriptedModality();
    const without = distiller(modality).fit(source(), { epochs: 2, seed: 2, progress: false, resumeFrom: dir });
    expect(await selectiveKdRejection(without)).toMatchObject({ code: 'CHECKPOINT', message: expect.stringContaining('was trained with earlyStopping; resume with it') });
    const other = scriptedRun({ epochs: 2, resumeFrom: dir, earlyStopping: { monitor: 'accuracy' } });
    expect(await selectiveKdRejection(other)).toMatchObject({ code: 'CHECKPOINT', message: expect.stringContaining(`earlyStopping.monitor 'score'`) });
    const plain = folder();
    await distiller(modality).fit(source(), { epochs: 1, seed: 2, progress: false, checkpoint: { dir: plain } });
    expect(await selectiveKdRejection(scriptedRun({ resumeFrom: plain }))).toMatchObject({ code: 'CHECKPOINT', message: expect.stringContaining('without earlyStopping') });
  });
});
