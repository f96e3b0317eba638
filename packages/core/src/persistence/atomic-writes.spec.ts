import { testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { DEFAULT_SELECTIVE_OPTIONS } from '../selective-options.js';
import { SelectiveDistiller } from '../training/selective-distiller.js';
import type { CheckpointState } from './checkpoint-state.js';
import { fileSystem } from './file-system.js';
import { readCheckpoint } from './read-checkpoint.js';
import { restoreCheckpoint } from './restore-checkpoint.js';
import { writeCheckpoint } from './write-checkpoint.js';

// Crashes and permissions, simulated: the library's fs calls fail where a test says.
const faults = vi.hoisted(() => ({
  /** Fail the rename onto this file or folder name, as a crash between writing and renaming would stop it. */
  renameTo: undefined as string | undefined,
  /** Fail every open inside this folder with EACCES, as for a folder the user may not write to. */
  deniedIn: undefined as string | undefined,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof fs.rename = async (from, to) => {
    if (faults.renameTo !== undefined && String(to).endsWith(faults.renameTo)) {
      throw Object.assign(new Error(`simulated crash before renaming onto '${to}'`), { code: 'EIO' });
    }
    return fs.rename(from, to);
  };
  const open = ((path: Parameters<typeof fs.open>[0], ...rest: [string?, number?]) => {
    if (faults.deniedIn !== undefined && String(path).startsWith(faults.deniedIn)) {
      return Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' }));
    }
    return fs.open(path, ...rest);
  }) as typeof fs.open;
  return { ...fs, rename, open };
});

afterEach(() => {
  faults.renameTo = undefined;
  faults.deniedIn = undefined;
});

beforeAll(async () => {
  await initBackend('cpu');
});

const ITEMS = 3;
const FEATURES = 5;
const CLASSES = 4;
const folder = () => mkdtempSync(join(tmpdir(), 'skd-atomic-'));
const values = (model: tfl.LayersModel) => model.getWeights().map((t) => Array.from(t.dataSync()));
const tempFiles = (dir: string) => readdirSync(dir).filter((f) => f.includes('.tmp-'));

function model(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) })],
  });
}

async function trainedDistiller(): Promise<SelectiveDistiller> {
  const d = new SelectiveDistiller({ teacher: model(9), student: model(1), modality: testModality(), optimizer: tf.train.adam(0.05) });
  const batch = () => tf.tidy(() => ({ inputs: tf.randomNormal([2, ITEMS, FEATURES], 0, 1, 'float32', 4), labels: tf.zeros([2, ITEMS], 'int32') }));
  await d.fit(() => [batch()], { progress: false });
  return d;
}

function state(globalStep: number): CheckpointState {
  return {
    epoch: 0,
    step: globalStep,
    globalStep,
    seed: 0,
    options: { ...DEFAULT_SELECTIVE_OPTIONS },
    epochTotals: { loss: 0, groundTruthLoss: 0, distillLoss: 0, teacherBetterFraction: 0 },
    history: [],
  };
}

describe('a save that dies before its rename', () => {
  it('leaves the previous model loadable, whichever file it stopped at', async () => {
    const dir = folder();
    const before = model(1);
    await before.save(fileSystem(dir));
    const weightFile = readdirSync(dir).find((f) => f.endsWith('.bin'))!;
    for (const stopAt of ['model.json', '.bin']) {
      faults.renameTo = stopAt;
      await expect(model(2).save(fileSystem(dir))).rejects.toThrow(/simulated crash/);
      expect(values(await tfl.loadLayersModel(fileSystem(dir)))).toEqual(values(before));
      expect(readdirSync(dir)).toContain(weightFile);
      expect(tempFiles(dir)).toEqual([]);
    }
    faults.renameTo = undefined;
    const after = model(2);
    await after.save(fileSystem(dir));
    expect(values(await tfl.loadLayersModel(fileSystem(dir)))).toEqual(values(after));
    expect(readdirSync(dir)).not.toContain(weightFile);
  });

  it('leaves the previous checkpoint whole, whether it stopped at the folder or at the commit', async () => {
    const dir = folder();
    const d = await trainedDistiller();
    await writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(1) });
    const atCheckpoint = values(d.student);
    tf.tidy(() => d.student.setWeights(d.student.getWeights().map((w) => tf.add(w, 1))));
    for (const stopAt of ['checkpoint-2', 'checkpoint.json']) {
      faults.renameTo = stopAt;
      const write = writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(2) });
      await expect(write).rejects.toMatchObject({ code: 'CHECKPOINT' });
      await expect(write).rejects.toThrow(/cannot write a checkpoint to .*simulated crash/);
      const saved = await readCheckpoint(dir);
      expect(basename(saved.folder)).toBe('checkpoint-1');
      expect(saved.state.globalStep).toBe(1);
    }
    const restored = model(5);
    await restoreCheckpoint(await readCheckpoint(dir), restored, tf.train.adam(0.05));
    expect(values(restored)).toEqual(atCheckpoint);
  });
});

describe('a folder that cannot be written', () => {
  it('is named as such when saving a model', async () => {
    const dir = folder();
    faults.deniedIn = dir;
    const save = model(1).save(fileSystem(join(dir, 'student')));
    await expect(save).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(save).rejects.toThrow(`cannot save the model to '${join(dir, 'student', 'model.json')}': the folder '${join(dir, 'student')}' is not writable (EACCES)`);
  });

  it('is named as such when writing a checkpoint', async () => {
    const dir = folder();
    const d = await trainedDistiller();
    faults.deniedIn = dir;
    const write = writeCheckpoint(dir, { student: d.student, optimizer: d.optimizer, state: state(1) });
    await expect(write).rejects.toMatchObject({ code: 'CHECKPOINT' });
    await expect(write).rejects.toThrow(new RegExp(`cannot write a checkpoint to '${dir}': .*is not writable \\(EACCES\\)`));
    faults.deniedIn = undefined;
    expect(readdirSync(dir)).toEqual([]); // the staging folder went with the failure
  });
});
