import { expectNoTensorLeak, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { DEFAULT_SELECTIVE_OPTIONS } from '../selective-options.js';
import { BestWeights } from '../training/best-weights.js';
import { SelectiveDistiller } from '../training/selective-distiller.js';
import { loadBestWeights, pruneBestWeights, saveBestWeights } from './best-weights-folder.js';
import type { CheckpointState } from './checkpoint-state.js';
import { fileSystem } from './file-system.js';
import { readCheckpoint } from './read-checkpoint.js';
import { restoreCheckpoint } from './restore-checkpoint.js';
import { writeCheckpoint } from './write-checkpoint.js';

const ITEMS = 6;
const FEATURES = 5;
const CLASSES = 4;

beforeAll(async () => {
  await initBackend('cpu');
});

const folder = () => mkdtempSync(join(tmpdir(), 'skd-ckpt-'));

function student(seed: number, hidden = 8): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: hidden, activation: 'relu', inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
      tfl.layers.dense({ units: CLASSES, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

const batches = (seed: number, count = 2) =>
  function* () {
    for (let i = 0; i < count; i++) {
      yield tf.tidy(() => ({
        inputs: tf.randomNormal([4, ITEMS, FEATURES], 0, 1, 'float32', seed + i),
        labels: tf.randomUniform([4, ITEMS], 0, CLASSES, 'int32', seed + 50 + i),
      }));
    }
  };

function distiller(model = student(1), optimizer: tf.Optimizer = tf.train.adam(0.02)): SelectiveDistiller {
  const teacherWeights = tf.randomNormal([FEATURES, CLASSES], 0, 1, 'float32', 3);
  return new SelectiveDistiller({
    teacher: (x) => tf.reshape(tf.matMul(tf.reshape(x as tf.Tensor, [-1, FEATURES]), teacherWeights), [-1, ITEMS, CLASSES]),
    student: model,
    modality: testModality(),
    optimizer,
  });
}

/** A distiller that has trained a little, so its optimizer has state. */
async function trained(seed = 10): Promise<SelectiveDistiller> {
  const d = distiller();
  await d.fit(batches(seed), { progress: false });
  return d;
}

function state(globalStep: number): CheckpointState {
  return {
    epoch: 1,
    step: 1,
    globalStep,
    stepsInEpoch: 2,
    seed: 0,
    options: { ...DEFAULT_SELECTIVE_OPTIONS },
    epochTotals: { loss: 1.5, groundTruthLoss: 1, distillLoss: 0.5, teacherBetterFraction: 0.25 },
    history: [],
  };
}

const values = (tensors: tf.Tensor[]) => tensors.map((t) => Array.from(t.dataSync()));

describe('writeCheckpoint and readCheckpoint', () => {
  it('commits each checkpoint through checkpoint.json and keeps only the latest', async () => {
    const dir = join(folder(), 'run');
    const d = await trained();
    expect(await writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(2) })).toBe(join(dir, 'checkpoint-1'));
    const path = await writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(3) });
    expect(path).toBe(join(dir, 'checkpoint-2'));
    expect(readdirSync(dir).sort()).toEqual(['checkpoint-2', 'checkpoint.json']);
    expect(JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'))).toEqual({
      format: 'selective-kd-checkpoint',
      version: 1,
      generation: 2,
      latest: 'checkpoint-2',
    });
    expect(await readCheckpoint(dir)).toEqual({ folder: path, state: state(3) });
    // The student in a checkpoint is a standard TF.js model.
    const saved = await tfl.loadLayersModel(fileSystem(path));
    expect(values(saved.getWeights())).toEqual(values(d.student.getWeights()));
  });

  it('restores weights and optimizer state so training goes on exactly as it would have', async () => {
    const dir = folder();
    const original = await trained();
    await writeCheckpoint(dir, { student: original.student, optimizer: original.optimizer, state: state(2) });
    const copy = distiller(student(99), tf.train.adam(0.02));
    await restoreCheckpoint(await readCheckpoint(dir), copy.student, copy.optimizer);
    expect(values(copy.student.getWeights())).toEqual(values(original.student.getWeights()));
    const slots = async (d: SelectiveDistiller) => values((await d.optimizer.getWeights()).map((w) => w.tensor));
    expect(await slots(copy)).toEqual(await slots(original));

    await original.fit(batches(20), { progress: false });
    await copy.fit(batches(20), { progress: false });
    // Bit for bit: Adam's bias-correction powers are restored as the running product training builds.
    expect(values(copy.student.getWeights())).toEqual(values(original.student.getWeights()));
  });

  it('leaks no tensors across writes and restores', async () => {
    const dir = folder();
    const d = await trained();
    await expectNoTensorLeak(() => writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(1) }), { steps: 3 });
    await expectNoTensorLeak(async () => restoreCheckpoint(await readCheckpoint(dir), d.student, d.optimizer), { steps: 3 });
  });

  it('leaks no tensors writing, pruning and reading best weights', async () => {
    const dir = folder();
    const d = await trained();
    const [best, loaded] = [new BestWeights(), new BestWeights()];
    let epoch = 0;
    await expectNoTensorLeak(async () => {
      best.take(d.student, ++epoch);
      await saveBestWeights(best, dir);
      await pruneBestWeights(best, dir);
      await loadBestWeights(loaded, dir, epoch, d.student);
    }, { steps: 3 });
    expect(readdirSync(dir)).toEqual([`best-weights-${epoch}`]);
    best.dispose();
    loaded.dispose();
  });

  it('after a crash mid-write, reads the previous checkpoint and cleans up on the next write', async () => {
    const dir = folder();
    const d = await trained();
    await writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(2) });
    const weightsAtCheckpoint = values(d.student.getWeights());
    // What a crash leaves: a half-written temp folder, and a complete folder renamed but never committed.
    mkdirSync(join(dir, '.checkpoint-2.tmp-0123456789ab'));
    writeFileSync(join(dir, '.checkpoint-2.tmp-0123456789ab', 'model.json'), '{"modelTop');
    mkdirSync(join(dir, 'checkpoint-2'));
    writeFileSync(join(dir, 'checkpoint-2', 'state.json'), JSON.stringify(state(99)));

    const saved = await readCheckpoint(dir);
    expect(saved.state.globalStep).toBe(2);
    await d.fit(batches(30), { progress: false });
    await restoreCheckpoint(saved, d.student, d.optimizer);
    expect(values(d.student.getWeights())).toEqual(weightsAtCheckpoint);

    await writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(5) });
    expect(readdirSync(dir).sort()).toEqual(['checkpoint-2', 'checkpoint.json']);
    expect((await readCheckpoint(dir)).state.globalStep).toBe(5);
  });
});

describe('checkpoint errors', () => {
  it('says there is no checkpoint in an empty or missing folder', async () => {
    for (const dir of [folder(), join(folder(), 'missing')]) {
      const read = readCheckpoint(dir);
      await expect(read).rejects.toMatchObject({ name: 'SelectiveKdError', code: 'CHECKPOINT' });
      await expect(read).rejects.toThrow(`no checkpoint in '${dir}': checkpoint.json does not exist`);
    }
  });

  it('refuses a checkpoint.json that is not ours, and a checkpoint without its state', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'checkpoint.json'), '{"model_checkpoint_path": "ckpt-1"}');
    await expect(readCheckpoint(dir)).rejects.toThrow(/checkpoint\.json' is not a selective-kd checkpoint pointer/);
    const d = await trained();
    const other = folder();
    const path = await writeCheckpoint(other, { student: d.student, optimizer: d.optimizer, state: state(1) });
    rmSync(join(path, 'state.json'));
    await expect(readCheckpoint(other)).rejects.toThrow(/state\.json' does not exist: the checkpoint is incomplete/);
  });

  it('names the weight and both shapes when the student does not fit the checkpoint', async () => {
    const dir = folder();
    const d = await trained();
    await writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(1) });
    const wider = student(1, 12);
    const before = values(wider.getWeights());
    const restore = restoreCheckpoint(await readCheckpoint(dir), wider, tf.train.adam());
    await expect(restore).rejects.toMatchObject({ code: 'CHECKPOINT' });
    await expect(restore).rejects.toThrow(
      new RegExp(`student weight 0 '${d.student.weights[0].originalName}' has shape \\[5,8\\], but student '.*' has '.*kernel' of shape \\[5,12\\]`),
    );
    expect(values(wider.getWeights())).toEqual(before); // untouched

    const shallow = tfl.sequential({ layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES] })] });
    await expect(restoreCheckpoint(await readCheckpoint(dir), shallow, tf.train.adam())).rejects.toThrow(
      /holds 4 student weights; student '.*' has 2/,
    );
  });

  it('names both optimizers when the checkpoint holds another kind of optimizer state', async () => {
    const dir = folder();
    const d = await trained();
    await writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(1) });
    await expect(restoreCheckpoint(await readCheckpoint(dir), student(1), tf.train.sgd(0.1))).rejects.toThrow(
      /holds the state of a Adam optimizer; this distiller's optimizer is SGD/,
    );
  });

  it('names a short weight file in a checkpoint', async () => {
    const dir = folder();
    const d = await trained();
    const path = await writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(1) });
    const bin = readdirSync(path).find((f) => f.startsWith('model.weights.'))!;
    truncateSync(join(path, bin), 10);
    const restore = restoreCheckpoint(await readCheckpoint(dir), student(1), tf.train.adam());
    await expect(restore).rejects.toMatchObject({ code: 'CHECKPOINT' });
    await expect(restore).rejects.toThrow(new RegExp(`cannot be read: weight file '.*${bin}' .* holds 10 bytes; expected 336`));
  });

  it('says when the folder cannot be written', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a-file'), '');
    const d = await trained();
    const write = writeCheckpoint(join(dir, 'a-file', 'run'), { student: d.student, optimizer: d.optimizer, state: state(1) });
    await expect(write).rejects.toMatchObject({ code: 'CHECKPOINT' });
    await expect(write).rejects.toThrow(/cannot write a checkpoint to '.*a-file\/run': .* is a file, not a folder \(ENOTDIR\)/);
  });
});
