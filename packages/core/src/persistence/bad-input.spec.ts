import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { fileSystem } from './file-system.js';
import { loadTeacher } from './load-teacher.js';
import { readCheckpoint } from './read-checkpoint.js';

// loadTeacher and readCheckpoint on damaged files: each answers with a SelectiveKdError whose code
// and message name the file and the problem, never a raw SyntaxError, RangeError or TypeError.

beforeAll(async () => {
  await initBackend('cpu');
});

const folder = () => mkdtempSync(join(tmpdir(), 'skd-persist-bad-'));
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a SelectiveKdError, but it resolved'),
    (error: unknown) => error as { name: string; code: string; message: string },
  );

/** A saved dense teacher: the folder, its model.json text, its weights and their file. */
async function savedTeacher(): Promise<{ dir: string; modelJson: string; weights: Buffer; weightFile: string }> {
  const dir = folder();
  const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [4] })] });
  await model.save(fileSystem(dir));
  model.dispose();
  const modelJson = readFileSync(join(dir, 'model.json'), 'utf8');
  const weightFile = join(dir, JSON.parse(modelJson).weightsManifest[0].paths[0]);
  return { dir, modelJson, weights: readFileSync(weightFile), weightFile };
}

describe('loadTeacher on damaged files', () => {
  it('a cut, empty or non-object model.json names the file', async () => {
    const { dir, modelJson } = await savedTeacher();
    for (const text of [modelJson.slice(0, modelJson.length / 2), '', 'null', '[1, 2]', '"model"']) {
      writeFileSync(join(dir, 'model.json'), text);
      const error = await rejection(loadTeacher(dir));
      expect(error.name).toBe('SelectiveKdError');
      expect(error.code).toBe('INVALID_MODEL');
      expect(error.message).toContain(join(dir, 'model.json'));
    }
  });

  it('a cut or missing weights file names it and the bytes expected', async () => {
    const { dir, weights, weightFile } = await savedTeacher();
    writeFileSync(weightFile, weights.subarray(0, weights.length - 4));
    const cut = await rejection(loadTeacher(dir));
    expect(cut).toMatchObject({ name: 'SelectiveKdError', code: 'INVALID_MODEL' });
    expect(cut.message).toContain(weightFile);
    expect(cut.message).toContain(`${weights.length - 4} bytes; expected ${weights.length}`);
    writeFileSync(weightFile, Buffer.alloc(0));
    expect(await rejection(loadTeacher(dir))).toMatchObject({ name: 'SelectiveKdError', code: 'INVALID_MODEL' });
  });

  it('a weights manifest that is not a list, or weights of an unknown dtype, is named', async () => {
    const { dir, modelJson } = await savedTeacher();
    const json = JSON.parse(modelJson);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...json, weightsManifest: 'weights.bin' }));
    expect(await rejection(loadTeacher(dir))).toMatchObject({ name: 'SelectiveKdError', code: 'INVALID_MODEL', message: expect.stringContaining('weightsManifest') });
    json.weightsManifest[0].weights[0].dtype = 'complex128';
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    expect(await rejection(loadTeacher(dir))).toMatchObject({ name: 'SelectiveKdError', code: 'INVALID_MODEL', message: expect.stringContaining('complex128') });
  });

  it('a path that is not a string is an INVALID_OPTION naming it', async () => {
    expect(await rejection(loadTeacher(42 as unknown as string))).toMatchObject({ name: 'SelectiveKdError', code: 'INVALID_OPTION', message: expect.stringContaining('42') });
  });
});

describe('readCheckpoint on damaged files', () => {
  /** A checkpoint folder with a pointer and a state file, either of which a test then damages. */
  function checkpoint(state: unknown = { epoch: 1, step: 2, globalStep: 8, seed: 0, options: {}, epochTotals: {}, history: [] }): string {
    const dir = folder();
    mkdirSync(join(dir, 'checkpoint-3'));
    writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify({ format: 'selective-kd-checkpoint', version: 1, generation: 3, latest: 'checkpoint-3' }));
    writeFileSync(join(dir, 'checkpoint-3', 'state.json'), JSON.stringify(state));
    return dir;
  }

  it('reads the well-formed checkpoint the cases below damage', async () => {
    expect((await readCheckpoint(checkpoint())).state.globalStep).toBe(8);
  });

  it('a cut pointer or state file is a CHECKPOINT error naming it', async () => {
    const dir = checkpoint();
    const pointer = readFileSync(join(dir, 'checkpoint.json'), 'utf8');
    writeFileSync(join(dir, 'checkpoint.json'), pointer.slice(0, 20));
    expect(await rejection(readCheckpoint(dir))).toMatchObject({ code: 'CHECKPOINT', message: expect.stringContaining(join(dir, 'checkpoint.json')) });
    const other = checkpoint();
    writeFileSync(join(other, 'checkpoint-3', 'state.json'), '{"epoch": 1, "st');
    expect(await rejection(readCheckpoint(other))).toMatchObject({ code: 'CHECKPOINT', message: expect.stringContaining('state.json') });
  });

  it('a pointer whose latest leaves the folder, or is not a checkpoint name, is refused', async () => {
    for (const latest of ['../elsewhere', '/etc', 'checkpoint-3/../../x', '']) {
      const dir = checkpoint();
      writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify({ format: 'selective-kd-checkpoint', version: 1, generation: 3, latest }));
      expect(await rejection(readCheckpoint(dir))).toMatchObject({ code: 'CHECKPOINT', message: expect.stringContaining('checkpoint.json') });
    }
  });

  it('a state with missing or impossible fields is refused, naming the field', async () => {
    const good = { epoch: 1, step: 2, globalStep: 8, seed: 0, options: {}, epochTotals: {}, history: [] };
    for (const [field, value] of [['epoch', -1], ['step', 1.5], ['globalStep', 'eight'], ['seed', null], ['history', {}], ['options', 3], ['epochTotals', null]] as const) {
      const error = await rejection(readCheckpoint(checkpoint({ ...good, [field]: value })));
      expect(error).toMatchObject({ code: 'CHECKPOINT' });
      expect(error.message).toContain(field);
      expect(error.message).toContain('state.json');
    }
    expect(await rejection(readCheckpoint(checkpoint(null)))).toMatchObject({ code: 'CHECKPOINT', message: expect.stringContaining('state.json') });
  });
});

describe('no tensor is left behind by a refused teacher', () => {
  it('a damaged teacher leaves the tensor count as it was', async () => {
    const { dir, weights, weightFile } = await savedTeacher();
    writeFileSync(weightFile, weights.subarray(0, 10));
    const before = tf.memory().numTensors;
    await rejection(loadTeacher(dir));
    expect(tf.memory().numTensors).toBe(before);
  });
});
