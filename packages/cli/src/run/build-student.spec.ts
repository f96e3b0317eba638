import { fileSystem, initBackend, SelectiveKdError } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURES } from '../architectures/architectures.js';
import { checkConfig } from '../config/check-config.js';
import { writeExampleData } from '../example-data/write-example-data.js';
import { prepareTask } from '../tasks/prepare-task.js';
import type { Task } from '../tasks/task.js';
import { buildStudent } from './build-student.js';

let work: string;
let task: Task<'text'>;
const config = (student: object) =>
  checkConfig({ modality: { name: 'text', length: 24 }, data: join(work, 'data', 'text'), student, output: join(work, 'runs', 'my run #1') });

beforeAll(async () => {
  await initBackend('cpu');
  work = mkdtempSync(join(tmpdir(), 'selective-kd-student-'));
  await writeExampleData(join(work, 'data'));
  task = (await prepareTask(config({ architecture: 'lookup-tagger' }))) as Task<'text'>;
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function saved(vocabularySize: number): Promise<string> {
  const model = ARCHITECTURES.text['lookup-tagger'].build({ ...task.shape, vocabularySize }, { embedding: 4 }, 3, 'mine');
  const dir = join(work, `model-${vocabularySize}`);
  await model.save(fileSystem(dir));
  model.dispose();
  return join(dir, 'model.json');
}

describe('buildStudent', () => {
  it('builds a named architecture for the task, named after the output folder', async () => {
    const student = await buildStudent(config({ architecture: 'conv-tagger', filters: 4 }), task);
    expect(student.name).toBe('my_run_1');
    expect(student.inputs[0].shape).toEqual([null, 24]);
    expect(student.outputs[0].shape).toEqual([null, 24, task.shape.tags]);
    student.dispose();
  });

  it('loads a LayersModel JSON as saved', async () => {
    const path = await saved(task.shape.vocabularySize + 10);
    const student = await buildStudent(config({ model: path }), task);
    expect(student.name).toBe('mine');
    expect(student.countParams()).toBe((task.shape.vocabularySize + 10) * 4 + 4 * task.shape.tags + task.shape.tags);
    student.dispose();
  });

  it('refuses a text model whose embedding is smaller than the vocabulary, leaving no tensor behind', async () => {
    const path = await saved(5);
    const before = tf.memory().numTensors;
    const promise = buildStudent(config({ model: path }), task);
    await expect(promise).rejects.toThrow(`config.student.model: ${path}'s embedding`);
    await expect(buildStudent(config({ model: path }), task)).rejects.toThrow(`has 5 rows, but the training words make a vocabulary of ${task.shape.vocabularySize}`);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names config.student.model when there is no model to load', async () => {
    const promise = buildStudent(config({ model: join(work, 'nothing', 'model.json') }), task);
    await expect(promise).rejects.toBeInstanceOf(SelectiveKdError);
    await expect(buildStudent(config({ model: join(work, 'nothing', 'model.json') }), task)).rejects.toThrow('config.student.model: cannot load a tfjs LayersModel');
  });
});
